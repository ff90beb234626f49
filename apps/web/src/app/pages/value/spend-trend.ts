import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { MatCardModule } from '@angular/material/card';
import type { CostBasis, CurrencyFigure } from '@apex/contracts';
import { CostRowsDrillDown } from './cost-rows.dialog';
import { LoadState } from './load-state';
import { loadOnChange, valueOf } from './loadable';
import { ValueApi } from './value-api';
import { displayMoney } from './display-money';
import { exactly, formatChange, formatDay, formatMonth } from './value-format';

/** Monthly AI spend for the last six months, and the month-end projection, labelled as one, with its method. */
@Component({
  selector: 'apex-spend-trend',
  imports: [MatCardModule, LoadState],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <mat-card appearance="outlined" class="card">
      <div class="card-head"><h2>Spend trend and month-end projection</h2></div>
      <apex-load-state [loadable]="trend()" label="Loading the spend trend" />
      @if (loaded(); as trend) {
        <div class="columns">
          <div>
            <h3>Monthly AI spend</h3>
            <div class="scroll">
              <table>
                <caption class="visually-hidden">AI spend per month and change on the month before</caption>
                <thead>
                  <tr>
                    <th scope="col">Month</th>
                    <th scope="col" class="num">AI spend</th>
                    <th scope="col" class="num">Change</th>
                  </tr>
                </thead>
                <tbody>
                  @for (month of trend.months; track month.month) {
                    <tr>
                      <th scope="row">{{ monthName(month.month) }}{{ month.complete ? '' : ' (to ' + day(trend.asOf) + ')' }}</th>
                      @if (figure(month.totals); as total) {
                        <td class="num"><button type="button" class="figure-button" (click)="open('AI spend · ' + monthName(month.month), total)" [title]="exact(total.amount)">{{ money(total.amount) }}</button></td>
                        <td class="num">{{ change(total.changePercent) }}</td>
                      } @else {
                        <td class="num muted">none</td>
                        <td class="num">—</td>
                      }
                    </tr>
                  }
                </tbody>
              </table>
            </div>
          </div>
          <div class="projection" data-testid="projection">
            <h3>Month-end projection · {{ monthName(trend.projection.month) }}</h3>
            @if (projection(); as projection) {
              <p>
                {{ projection.status === 'month_complete' ? 'Measured in the month:' : 'Measured so far:' }}
                <button type="button" class="figure-button" (click)="open('AI spend · ' + monthName(trend.projection.month) + ' to date', projection.monthToDate)" [title]="exact(projection.monthToDate.amount)">
                  {{ money(projection.monthToDate.amount) }}
                </button>
                <span class="muted">({{ projection.daysWithData }} {{ projection.daysWithData === 1 ? 'day' : 'days' }} with AI spend)</span>
              </p>
              @if (projection.projectedMonthEnd; as projected) {
                <p class="projected">
                  Projected month end: <strong data-testid="projected-month-end">{{ money(projected) }}</strong>
                  <span class="label">Projection, not measured</span>
                </p>
              }
              <p class="muted" data-testid="projection-message">{{ projection.message }}</p>
            } @else {
              <p class="muted" data-testid="projection-message">{{ trend.projection.message ?? 'No AI spend in ' + currency() + ' this month.' }}</p>
            }
            <p class="method">{{ trend.projection.method }}</p>
          </div>
        </div>
      }
    </mat-card>
  `,
  styleUrls: ['./value.css', '../../shared/data-table.css'],
  styles: `
    .columns { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 24px; }
    @media (max-width: 800px) { .columns { grid-template-columns: 1fr; } }
    h3 { margin: 0 0 8px; font: var(--mat-sys-title-medium); }
    .label {
      margin-left: 8px; padding: 2px 8px; border-radius: 999px; font: var(--mat-sys-label-medium);
      background: var(--mat-sys-tertiary-container); color: var(--mat-sys-on-tertiary-container);
    }
    .projection p { margin: 0 0 8px; }
    .projected { font: var(--mat-sys-title-medium); }
    .method { font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); }
  `,
})
export class SpendTrend {
  /** The day the trend is made on: today, or the last day of a range that ended before it. */
  readonly asOf = input.required<string>();
  readonly currency = input.required<string>();
  readonly version = input(0);
  readonly basis = input<CostBasis>('effective');

  private readonly api = inject(ValueApi);
  private readonly drillDown = inject(CostRowsDrillDown);
  protected readonly monthName = formatMonth;
  protected readonly day = formatDay;
  protected readonly change = formatChange;

  protected readonly trend = loadOnChange(
    () => ({ asOf: this.asOf(), basis: this.basis(), version: this.version() }),
    ({ asOf, basis }) => this.api.trend(asOf, basis),
  );
  protected readonly loaded = computed(() => valueOf(this.trend()));
  protected readonly projection = computed(() => this.loaded()?.projection.currencies.find((c) => c.currency === this.currency()) ?? null);

  protected figure<T extends CurrencyFigure>(totals: T[]): T | null {
    return totals.find((t) => t.currency === this.currency()) ?? null;
  }

  protected money(amount: string): string {
    return displayMoney(amount, this.currency());
  }

  protected exact(amount: string): string {
    return exactly(amount, this.currency());
  }

  protected open(title: string, figure: CurrencyFigure): void {
    this.drillDown.open(`${title} · ${this.money(figure.amount)}`, figure.rows, this.basis());
  }
}
