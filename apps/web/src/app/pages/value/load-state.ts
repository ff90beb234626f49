import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { Loadable } from './loadable';

/** A card's loading bar while its data is on the way, or why it failed to load; nothing once it has loaded. */
@Component({
  selector: 'apex-load-state',
  imports: [MatProgressBarModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (loadable().state === 'loading') {
      <mat-progress-bar mode="indeterminate" [attr.aria-label]="label()" />
    } @else if (failure(); as message) {
      <div class="banner banner--error" role="alert">{{ message }}</div>
    }
  `,
  styles: `
    :host { display: contents; }
  `,
})
export class LoadState {
  readonly loadable = input.required<Loadable<unknown>>();
  /** What the loading bar announces, e.g. "Loading cost drivers". */
  readonly label = input.required<string>();

  protected readonly failure = computed(() => {
    const loadable = this.loadable();
    return loadable.state === 'failed' ? loadable.message : null;
  });
}
