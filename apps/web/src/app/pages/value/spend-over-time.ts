import { ChangeDetectionStrategy, Component, computed, signal } from '@angular/core';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatCardModule } from '@angular/material/card';
import { BarChartModule, LegendPosition } from '@swimlane/ngx-charts';
import type { SpendBucket, SpendPoint } from '@apex/contracts';
import { CHART_SCHEME } from './chart-colors';
import { ChartWidth } from './chart-width';
import { LoadState } from './load-state';
import { loadOnChange, valueOf } from './loadable';
import { bucketFor, chartValue, compactMoneyTicks, daysBetween, formatBucket, formatMoney } from './value-format';
import { ValueRangeCard } from './value-range-card';

interface StackedBar {
  name: string;
  series: { name: string; value: number }[];
}

/** AI spend per day, week or month, each bar stacked by provider; a bar segment opens its rows. */
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
      <p class="hint">Click a bar to see the cost rows behind it.</p>
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
export class SpendOverTime extends ValueRangeCard {
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

  protected readonly axisMoney = computed(() => compactMoneyTicks(this.currency()));

  protected open(event: { name?: string; series?: string }): void {
    const point = this.pointsByBar().get(`${event.series}\u0000${event.name === '(no provider)' ? '' : event.name}`);
    if (!point) return;
    const period = this.bucket() === 'week' ? `week of ${event.series}` : event.series;
    this.drillDown.open(`AI spend · ${point.key ?? 'no provider'} · ${period} · ${formatMoney(point.amount, point.rows.currency ?? '')}`, point.rows);
  }
}
