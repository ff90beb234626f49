import { ChangeDetectionStrategy, Component, computed, signal } from '@angular/core';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatCardModule } from '@angular/material/card';
import { BarChartModule } from '@swimlane/ngx-charts';
import type { SpendBucket, SpendPoint } from '@apex/contracts';
import { bucketsOf } from './bucket-calendar';
import { CHART_SCHEME } from './chart-colors';
import { ChartWidth } from './chart-width';
import { LoadState } from './load-state';
import { loadOnChange, valueOf } from './loadable';
import { displayMoney } from './display-money';
import { bucketFor, chartValue, compactMoneyTicks, daysBetween, formatBucket, formatMoney, lastDayOf } from './value-format';
import { ValueRangeCard } from './value-range-card';

interface StackedBar {
  name: string;
  series: { name: string; value: number }[];
}

const NO_PROVIDER = '(no provider)';
const PERIOD: Record<SpendBucket, string> = { day: 'day', week: 'week', month: 'month' };

/**
 * AI spend per day, week or month, each bar stacked by provider; a bar segment opens its rows. Every bucket of the
 * range is on the axis: the API lists only buckets with rows, and the ones without are filled in here as zero.
 */
@Component({
  selector: 'apex-spend-over-time',
  imports: [MatCardModule, MatButtonToggleModule, BarChartModule, ChartWidth, LoadState],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <mat-card appearance="outlined" class="card">
      <div class="card-head">
        <h2 id="spend-over-time-title">AI spend over time, by provider</h2>
        <mat-button-toggle-group [value]="bucket()" (change)="chosen.set($event.value)" aria-label="Bars per" hideSingleSelectionIndicator>
          <mat-button-toggle value="day" [disabled]="days() > 366">Day</mat-button-toggle>
          <mat-button-toggle value="week">Week</mat-button-toggle>
          <mat-button-toggle value="month">Month</mat-button-toggle>
        </mat-button-toggle-group>
      </div>
      <p class="hint">A {{ period() }} without AI spend shows as an empty slot (zero). Click a bar to see the cost rows behind it.</p>
      <apex-load-state [loadable]="spend()" label="Loading AI spend over time" />
      @if (bars().length > 0) {
        <div class="chart" apexChartWidth #frame="chartWidth" data-testid="spend-chart">
          @if (frame.width() > 0) {
            <ngx-charts-bar-vertical-stacked
              [view]="[frame.width(), 320]"
              [results]="bars()"
              [scheme]="scheme"
              [xAxis]="true"
              [yAxis]="true"
              [legend]="false"
              [customColors]="colors()"
              [yAxisTickFormatting]="axisMoney()"
              [barPadding]="4"
              (select)="open($event)"
            >
              <ng-template #tooltipTemplate let-model="model">
                <span>{{ tooltip(model) }}</span>
              </ng-template>
            </ngx-charts-bar-vertical-stacked>
          }
        </div>
        <ul class="legend" aria-label="Providers" data-testid="spend-legend">
          @for (entry of colors(); track entry.name) {
            <li><span class="swatch" [style.background]="entry.value"></span>{{ entry.name }}</li>
          }
        </ul>
      } @else if (emptyMessage(); as message) {
        <p class="muted">{{ message }}</p>
      }
    </mat-card>
  `,
  styleUrls: ['./value.css'],
  styles: `
    .legend { display: flex; flex-wrap: wrap; gap: 4px 16px; margin: 8px 0 0; padding: 0; list-style: none; font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); }
    .legend li { display: inline-flex; align-items: center; gap: 6px; }
    .swatch { width: 12px; height: 12px; border-radius: 3px; }
  `,
})
export class SpendOverTime extends ValueRangeCard {
  protected readonly scheme = CHART_SCHEME;

  protected readonly chosen = signal<SpendBucket | null>(null);
  protected readonly days = computed(() => daysBetween(this.range().from, this.range().to));
  protected readonly bucket = computed<SpendBucket>(() => {
    const chosen = this.chosen();
    return chosen === 'day' && this.days() > 366 ? 'week' : (chosen ?? bucketFor(this.days()));
  });

  protected readonly spend = loadOnChange(
    () => ({ range: this.range(), bucket: this.bucket(), basis: this.basis(), version: this.version() }),
    ({ range, bucket, basis }) => this.api.spend(range, bucket, 'provider', basis),
  );

  private readonly series = computed(() => valueOf(this.spend())?.currencies.find((c) => c.currency === this.currency()) ?? null);
  protected readonly emptyMessage = computed(() => {
    const spend = valueOf(this.spend());
    if (!spend) return null;
    return spend.message ?? `No AI spend in ${this.currency()} in this range.`;
  });

  /** One colour per provider, largest first, set here so that the chart and its legend below agree. */
  protected readonly colors = computed(() => {
    const palette = CHART_SCHEME.domain;
    return (this.series()?.keys ?? []).map((key, index) => ({ name: key ?? NO_PROVIDER, value: palette[index % palette.length] }));
  });

  protected readonly period = computed(() => PERIOD[this.bucket()]);
  /** A range within one calendar year names its year once, in the range above, not under every bar. */
  private readonly withYear = computed(() => this.range().from.slice(0, 4) !== lastDayOf(this.range().to).slice(0, 4));
  private readonly label = (start: string) => formatBucket(start, this.bucket(), this.withYear());

  /** Bar segment → the point it draws, by "bucket label · provider". */
  private readonly pointsByBar = computed(() => {
    const points = new Map<string, SpendPoint>();
    for (const point of this.series()?.points ?? []) points.set(`${this.label(point.bucketStart)}\u0000${point.key ?? ''}`, point);
    return points;
  });

  protected readonly bars = computed<StackedBar[]>(() => {
    const series = this.series();
    if (!series) return [];
    const zero = [{ name: series.keys[0] ?? NO_PROVIDER, value: 0 }];
    return bucketsOf(this.range(), this.bucket()).map(({ start }) => {
      const points = series.points.filter((point) => point.bucketStart === start);
      return { name: this.label(start), series: points.length ? points.map((point) => ({ name: point.key ?? NO_PROVIDER, value: chartValue(point.amount) })) : zero };
    });
  });

  protected tooltip(model: { name?: string; series?: string }): string {
    const point = this.pointsByBar().get(`${model.series}\u0000${model.name === NO_PROVIDER ? '' : model.name}`);
    if (!point) return `${model.series}: no AI spend`;
    const currency = this.currency();
    return `${model.name} · ${model.series}: ${displayMoney(point.amount, currency)} (exactly ${formatMoney(point.amount, currency)})`;
  }

  protected readonly axisMoney = computed(() => compactMoneyTicks(this.currency()));

  protected open(event: { name?: string; series?: string }): void {
    const point = this.pointsByBar().get(`${event.series}\u0000${event.name === NO_PROVIDER ? '' : event.name}`);
    if (!point) return;
    const period = this.bucket() === 'week' ? `week of ${formatBucket(point.bucketStart, 'week')}` : formatBucket(point.bucketStart, this.bucket());
    this.drillDown.open(`AI spend · ${point.key ?? 'no provider'} · ${period} · ${displayMoney(point.amount, point.rows.currency ?? '')}`, point.rows, this.basis());
  }
}
