import { DestroyRef, Directive, ElementRef, inject, signal } from '@angular/core';

/** The width of a chart's frame, followed as it resizes; charts get it as their view so they redraw with it. */
@Directive({ selector: '[apexChartWidth]', exportAs: 'chartWidth' })
export class ChartWidth {
  readonly width = signal(0);

  constructor() {
    const element = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement;
    if (typeof ResizeObserver === 'undefined') {
      this.width.set(element.clientWidth || 640);
      return;
    }
    const observer = new ResizeObserver(([entry]) => this.width.set(Math.floor(entry.contentRect.width)));
    observer.observe(element);
    inject(DestroyRef).onDestroy(() => observer.disconnect());
  }
}
