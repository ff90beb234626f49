import { ChangeDetectionStrategy, Component, computed } from '@angular/core';
import { MatCardModule } from '@angular/material/card';
import { BarChartModule } from '@swimlane/ngx-charts';
import { CHART_SCHEME } from './chart-colors';
import { ChartWidth } from './chart-width';
import { LoadState } from './load-state';
import { loadOnChange, valueOf } from './loadable';
import { displayMoney } from './display-money';
import { chartValue, compactMoneyTicks } from './value-format';
import { ValueRangeCard } from './value-range-card';

const NO_MODEL = '(no model named)';

/** AI spend per model over the range, largest first; a bar opens its rows. */
@Component({
  selector: 'apex-spend-by-model',
  imports: [MatCardModule, BarChartModule, ChartWidth, LoadState],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <mat-card appearance="outlined" class="card">
      <div class="card-head"><h2>AI spend by model</h2></div>
      <p class="hint">Rows that name no model (a cloud AI service billed by the hour, say) are shown together.</p>
      <apex-load-state [loadable]="models()" label="Loading spend by model" />
      @if (bars().length > 0) {
        <div class="chart" apexChartWidth #frame="chartWidth" data-testid="model-chart">
          @if (frame.width() > 0) {
            <ngx-charts-bar-horizontal
              [view]="[frame.width(), 320]"
              [results]="bars()"
              [scheme]="scheme"
              [xAxis]="true"
              [yAxis]="true"
              [showDataLabel]="true"
              [dataLabelFormatting]="label()"
              [xAxisTickFormatting]="axisMoney()"
              [maxYAxisTickLength]="22"
              (select)="open($event)"
            />
          }
        </div>
        @if (more() > 0) {
          <p class="muted">and {{ more() }} more {{ more() === 1 ? 'model' : 'models' }}, in the cost drivers below.</p>
        }
      } @else if (models().state === 'loaded') {
        <p class="muted">No AI spend in {{ currency() }} in this range.</p>
      }
    </mat-card>
  `,
  styleUrls: ['./value.css'],
})
export class SpendByModel extends ValueRangeCard {
  protected readonly scheme = CHART_SCHEME;

  protected readonly models = loadOnChange(
    () => ({ range: this.range(), basis: this.basis(), version: this.version() }),
    ({ range, basis }) => this.api.drivers(range, 'model', 8, basis),
  );
  private readonly drivers = computed(() => valueOf(this.models())?.currencies.find((c) => c.currency === this.currency()) ?? null);
  protected readonly more = computed(() => this.drivers()?.moreDrivers ?? 0);
  protected readonly bars = computed(() => (this.drivers()?.drivers ?? []).map((d) => ({ name: d.key ?? NO_MODEL, value: chartValue(d.amount) })));

  protected readonly label = computed(() => {
    const byName = new Map((this.drivers()?.drivers ?? []).map((d) => [d.key ?? NO_MODEL, d]));
    return (value: unknown) => {
      const driver = [...byName.values()].find((d) => chartValue(d.amount) === value);
      return driver ? displayMoney(driver.amount, this.currency()) : String(value);
    };
  });

  protected readonly axisMoney = computed(() => compactMoneyTicks(this.currency()));

  protected open(event: { name?: string }): void {
    const driver = this.drivers()?.drivers.find((d) => (d.key ?? NO_MODEL) === event.name);
    if (driver) this.drillDown.open(`AI spend · ${driver.key ?? 'no model named'} · ${displayMoney(driver.amount, this.currency())}`, driver.rows, this.basis());
  }
}
