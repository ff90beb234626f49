import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatCardModule } from '@angular/material/card';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { BarChartModule, LegendPosition } from '@swimlane/ngx-charts';
import type { SpendBucket, SpendPoint } from '@apex/contracts';
import { CHART_SCHEME } from './chart-colors';
import { ChartWidth } from './chart-width';
import { CostRowsDrillDown } from './cost-rows.dialog';
import { loadOnChange, valueOf } from './loadable';
import { DayRange, ValueApi } from './value-api';
import { bucketFor, chartValue, daysBetween, formatBucket, formatMoney } from './value-format';

interface StackedBar {
  name: string;
  series: { name: string; value: number }[];
}

/** AI spend per day, week or month, each bar stacked by provider; a bar segment opens its rows. */
@Component({
  selector: 'apex-spend-over-time',
  imports: [MatCardModule, MatButtonToggleModule, MatProgressBarModule, BarChartModule, ChartWidth],
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
      <p class="hint">Click a bar to see the cost rows behind it.</p>
      @switch (spend().state) {
        @case ('loading') {
          <mat-progress-bar mode="indeterminate" aria-label="Loading AI spend over time" />
        }
        @case ('failed') {
          <div class="banner banner--error" role="alert">{{ failure() }}</div>
        }
      }
      @if (bars().length > 0) {
        <div class="chart" apexChartWidth #frame="chartWidth" data-testid="spend-chart">
          @if (frame.width() > 0) {
            <ngx-charts-bar-vertical-stacked
              [view]="[frame.width(), 320]"
              [results]="bars()"
              [scheme]="scheme"
              [xAxis]="true"
              [yAxis]="true"
              [legend]="true"
              [legendPosition]="legendBelow"
              legendTitle=""
              [yAxisTickFormatting]="axisMoney()"
              [barPadding]="4"
              (select)="open($event)"
            />
          }
        </div>
      } @else if (emptyMessage(); as message) {
        <p class="muted">{{ message }}</p>
      }
    </mat-card>
  `,
  styleUrls: ['./value.css'],
})
export class SpendOverTime {
  readonly range = input.required<DayRange>();
  readonly currency = input.required<string>();
  readonly version = input(0);

  private readonly api = inject(ValueApi);
  private readonly drillDown = inject(CostRowsDrillDown);
  protected readonly scheme = CHART_SCHEME;
  protected readonly legendBelow = LegendPosition.Below;

  protected readonly chosen = signal<SpendBucket | null>(null);
  protected readonly days = computed(() => daysBetween(this.range().from, this.range().to));
  protected readonly bucket = computed<SpendBucket>(() => {
    const chosen = this.chosen();
    return chosen === 'day' && this.days() > 366 ? 'week' : (chosen ?? bucketFor(this.days()));
  });

  protected readonly spend = loadOnChange(
    () => ({ range: this.range(), bucket: this.bucket(), version: this.version() }),
    ({ range, bucket }) => this.api.spend(range, bucket, 'provider'),
  );
  protected readonly failure = computed(() => {
    const spend = this.spend();
    return spend.state === 'failed' ? spend.message : null;
  });

  private readonly series = computed(() => valueOf(this.spend())?.currencies.find((c) => c.currency === this.currency()) ?? null);
  protected readonly emptyMessage = computed(() => {
    const spend = valueOf(this.spend());
    if (!spend) return null;
    return spend.message ?? `No AI spend in ${this.currency()} in this range.`;
  });

  /** Bar segment → the point it draws, by "bucket label · provider". */
  private readonly pointsByBar = computed(() => {
    const points = new Map<string, SpendPoint>();
    for (const point of this.series()?.points ?? []) points.set(`${formatBucket(point.bucketStart, this.bucket())}\u0000${point.key ?? ''}`, point);
    return points;
  });

  protected readonly bars = computed<StackedBar[]>(() => {
    const bars = new Map<string, StackedBar>();
    for (const point of this.series()?.points ?? []) {
      const name = formatBucket(point.bucketStart, this.bucket());
      const bar = bars.get(name) ?? { name, series: [] };
      bar.series.push({ name: point.key ?? '(no provider)', value: chartValue(point.amount) });
      bars.set(name, bar);
    }
    return [...bars.values()];
  });

  protected readonly axisMoney = computed(() => {
    const currency = this.currency();
    return (value: number) => new Intl.NumberFormat('en-US', { style: 'currency', currency, notation: 'compact', maximumFractionDigits: 2 }).format(value);
  });

  protected open(event: { name?: string; series?: string }): void {
    const point = this.pointsByBar().get(`${event.series}\u0000${event.name === '(no provider)' ? '' : event.name}`);
    if (!point) return;
    const period = this.bucket() === 'week' ? `week of ${event.series}` : event.series;
    this.drillDown.open(`AI spend · ${point.key ?? 'no provider'} · ${period} · ${formatMoney(point.amount, point.rows.currency ?? '')}`, point.rows);
  }
}
