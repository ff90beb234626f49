import { ChangeDetectionStrategy, Component, computed } from '@angular/core';
import { MatCardModule } from '@angular/material/card';
import { LineChartModule } from '@swimlane/ngx-charts';
import type { CostPerTokenPoint, ModelCostPerToken, SpendBucket } from '@apex/contracts';
import { CHART_SCHEME } from './chart-colors';
import { ChartWidth } from './chart-width';
import { LoadState } from './load-state';
import { loadOnChange, valueOf } from './loadable';
import { displayMoney, displayUnitPrice } from './display-money';
import { chartValue, daysBetween, exactly, formatBucket, formatChange, formatCount } from './value-format';
import { ValueRangeCard } from './value-range-card';

const NO_MODEL = '(no model named)';

/** What 1,000 tokens cost per model, period by period, from the rows that count tokens; never estimated. */
@Component({
  selector: 'apex-cost-per-token',
  imports: [MatCardModule, LineChartModule, ChartWidth, LoadState],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <mat-card appearance="outlined" class="card">
      <div class="card-head"><h2>Cost per 1K tokens, by model</h2></div>
      <apex-load-state [loadable]="series()" label="Loading cost per token" />
      @if (loaded(); as loaded) {
        <p class="hint">{{ loaded.method }}</p>
        @if (models().length > 0) {
          <div class="chart" apexChartWidth #frame="chartWidth" data-testid="cost-per-token-chart">
            @if (frame.width() > 0) {
              <ngx-charts-line-chart
                [view]="[frame.width(), 260]"
                [results]="lines()"
                [scheme]="scheme"
                [xAxis]="true"
                [yAxis]="true"
                [legend]="false"
                [yAxisTickFormatting]="axisMoney()"
                (select)="openPoint($event)"
              />
            }
          </div>
          <div class="scroll">
            <table>
              <caption class="visually-hidden">Cost per 1K tokens, first and last period</caption>
              <thead>
                <tr>
                  <th scope="col">Model</th>
                  <th scope="col" class="num">Before</th>
                  <th scope="col" class="num">After</th>
                  <th scope="col" class="num">Change</th>
                </tr>
              </thead>
              <tbody>
                @for (model of models(); track model.model) {
                  <tr data-testid="cost-per-token-row">
                    <th scope="row" class="model">{{ model.model ?? noModel }}</th>
                    <td class="num">
                      <button type="button" class="figure-button" (click)="open(model, model.points[0])" [title]="exact(model.points[0].costPer1kTokens)">{{ per1k(model.points[0]) }}</button>
                      <span class="period">{{ bucketLabel(model.points[0]) }}</span>
                    </td>
                    <td class="num">
                      @if (model.points.length > 1) {
                        <button type="button" class="figure-button" (click)="open(model, last(model))" [title]="exact(last(model).costPer1kTokens)">{{ per1k(last(model)) }}</button>
                        <span class="period">{{ bucketLabel(last(model)) }}</span>
                      } @else {
                        <span class="period">one period only</span>
                      }
                    </td>
                    <td class="num">{{ change(model.change?.changePercent ?? null) }}</td>
                  </tr>
                }
              </tbody>
            </table>
          </div>
        } @else if (loaded.message) {
          <p class="muted" data-testid="no-token-counts">{{ loaded.message }}</p>
        }
        @if (without().length > 0) {
          <p class="muted without">
            Not in any cost per token (no token counts):
            @for (figure of without(); track figure.model; let lastOne = $last) {
              <button type="button" class="figure-button" (click)="openWithout(figure.model)" [title]="exact(figure.amount)">{{ figure.model ?? noModel }} {{ money(figure.amount) }}</button>{{ lastOne ? '' : ', ' }}
            }
          </p>
        }
      }
    </mat-card>
  `,
  styleUrls: ['./value.css', '../../shared/data-table.css'],
  styles: `
    .without { margin: 12px 0 0; }
    .model { overflow-wrap: anywhere; }
    .period { display: block; font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); }
    th, td { padding: 6px 10px; }
  `,
})
export class CostPerToken extends ValueRangeCard {
  protected readonly scheme = CHART_SCHEME;
  protected readonly noModel = NO_MODEL;
  protected readonly change = formatChange;

  protected readonly bucket = computed<SpendBucket>(() => {
    const days = daysBetween(this.range().from, this.range().to);
    return days <= 62 ? 'week' : 'month';
  });
  protected readonly series = loadOnChange(
    () => ({ range: this.range(), bucket: this.bucket(), basis: this.basis(), version: this.version() }),
    ({ range, bucket, basis }) => this.api.costPerToken(range, bucket, basis),
  );
  protected readonly loaded = computed(() => valueOf(this.series()));
  protected readonly models = computed(() => this.loaded()?.models.filter((m) => m.currency === this.currency()) ?? []);
  protected readonly without = computed(() => this.loaded()?.withoutTokenCounts.filter((f) => f.currency === this.currency()) ?? []);

  protected readonly lines = computed(() =>
    this.models().map((model) => ({
      name: model.model ?? NO_MODEL,
      series: model.points.map((point) => ({ name: formatBucket(point.bucketStart, this.bucket()), value: chartValue(point.costPer1kTokens) })),
    })),
  );

  protected readonly axisMoney = computed(() => {
    const currency = this.currency();
    return (value: number) => new Intl.NumberFormat('en-US', { style: 'currency', currency, maximumSignificantDigits: 3 }).format(value);
  });

  protected money(amount: string): string {
    return displayMoney(amount, this.currency());
  }

  protected exact(amount: string): string {
    return exactly(amount, this.currency());
  }

  protected per1k(point: CostPerTokenPoint): string {
    return displayUnitPrice(point.costPer1kTokens, this.currency());
  }

  protected bucketLabel(point: CostPerTokenPoint): string {
    return `${this.bucket() === 'month' ? '' : 'week of '}${formatBucket(point.bucketStart, this.bucket())}`;
  }

  protected last(model: ModelCostPerToken): CostPerTokenPoint {
    return model.points[model.points.length - 1];
  }

  protected open(model: ModelCostPerToken, point: CostPerTokenPoint): void {
    this.drillDown.open(`Cost per 1K tokens · ${model.model ?? NO_MODEL} · ${this.per1k(point)} = ${this.money(point.cost)} for ${formatCount(point.tokens)} tokens`, point.rows, this.basis());
  }

  protected openPoint(event: { name?: string; series?: string }): void {
    const model = this.models().find((m) => (m.model ?? NO_MODEL) === event.series);
    const point = model?.points.find((p) => formatBucket(p.bucketStart, this.bucket()) === event.name);
    if (model && point) this.open(model, point);
  }

  protected openWithout(model: string | null): void {
    const figure = this.without().find((f) => f.model === model);
    if (figure) this.drillDown.open(`AI spend without token counts · ${model ?? NO_MODEL} · ${this.money(figure.amount)}`, figure.rows, this.basis());
  }
}
