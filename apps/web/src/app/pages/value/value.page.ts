import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import type { AiSpendSummary, CostBasis, CurrencyFigure, SpendFigure } from '@apex/contracts';
import { PageFailure } from '../../core/page-failure';
import { CostDrivers } from './cost-drivers';
import { CostPerToken } from './cost-per-token';
import { CostRowsDrillDown } from './cost-rows.dialog';
import { DataSources } from './data-sources';
import { SavingsPanel } from './savings-panel';
import { displayMoney } from './display-money';
import { SpendByModel } from './spend-by-model';
import { SpendByProvider } from './spend-by-provider';
import { reductionNote } from './spend-notes';
import { SpendOverTime } from './spend-over-time';
import { SpendTrend } from './spend-trend';
import { DayRange, ValueApi } from './value-api';
import { addDays, daysBetween, exactly, formatPeriod, lastDayOf } from './value-format';

const today = () => new Date().toISOString().slice(0, 10);

const BASIS_NOTE: Record<CostBasis, string> = {
  effective:
    'Amounts are EffectiveCost (amortised): a commitment bought up front is spread over the usage it covers. Choose billed cost to match your invoice.',
  billed: 'Amounts are BilledCost, as invoiced: a purchase counts on the day it was made. Choose effective cost to spread it over the usage it covers.',
};

/** What the organisation spends on AI, measured from its cost data; every figure opens into the rows it sums. */
@Component({
  selector: 'apex-value-page',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatButtonToggleModule,
    MatCardModule,
    MatFormFieldModule,
    MatInputModule,
    MatProgressBarModule,
    CostDrivers,
    CostPerToken,
    DataSources,
    SavingsPanel,
    SpendByModel,
    SpendByProvider,
    SpendOverTime,
    SpendTrend,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="page value" aria-labelledby="value-title">
      <header class="head">
        <div>
          <h1 id="value-title">AI spend and value</h1>
          <p class="lede">Measured from your own cost data, each currency on its own. Click any figure to see the cost rows it comes from.</p>
        </div>
        @if (summary()?.hasCostData) {
          <form class="range" [formGroup]="rangeForm" (ngSubmit)="applyRange()" aria-label="Date range">
            <mat-form-field appearance="outline" subscriptSizing="dynamic">
              <mat-label>From</mat-label>
              <input matInput type="date" formControlName="from" />
            </mat-form-field>
            <mat-form-field appearance="outline" subscriptSizing="dynamic">
              <mat-label>To</mat-label>
              <input matInput type="date" formControlName="to" />
            </mat-form-field>
            <button mat-stroked-button type="submit">Show</button>
            <button mat-button type="button" (click)="latest()">Latest 3 months</button>
          </form>
        }
      </header>

      <div aria-live="polite">
        @if (failure.error(); as message) {
          <div class="banner banner--error" role="alert">{{ message }}</div>
        }
        @if (rangeError(); as message) {
          <div class="banner banner--error" role="alert">{{ message }}</div>
        }
      </div>

      @if (summary(); as summary) {
        @if (!summary.hasCostData) {
          <mat-card appearance="outlined" class="empty" data-testid="value-empty-state">
            <h2>No cost data yet</h2>
            <p>{{ summary.message }} Apex then shows your total AI spend, spend by provider and model, cost per 1K tokens and your top cost drivers here, each traceable to the rows it came from.</p>
          </mat-card>
        } @else {
          @if (range(); as range) {
            <div class="context">
              <p class="range-label" data-testid="value-range">{{ rangeLabel() }}{{ summary.range.defaulted ? ' · the latest 3 months with data' : '' }}</p>
              <div class="basis">
                <mat-button-toggle-group [value]="basis()" (change)="chooseBasis($event.value)" aria-label="Cost basis" hideSingleSelectionIndicator data-testid="cost-basis">
                  <mat-button-toggle value="effective">Effective cost</mat-button-toggle>
                  <mat-button-toggle value="billed">Billed cost</mat-button-toggle>
                </mat-button-toggle-group>
                <p class="basis-note" data-testid="cost-basis-note">{{ basisNote() }}</p>
              </div>
            </div>
            <div class="top">
              <mat-card appearance="outlined" class="card total" data-testid="cloud-spend">
                @for (all of summary.allSpend; track all.currency) {
                  <section class="currency-total" [attr.aria-label]="'Cloud spend in ' + all.currency">
                    <h2>All cloud spend{{ summary.allSpend.length > 1 ? ' in ' + all.currency : '' }}</h2>
                    <p class="amount">
                      <button type="button" class="figure" data-testid="all-spend" (click)="open('All cloud spend', all)" [title]="exact(all)" [attr.data-amount]="all.amount" [attr.data-currency]="all.currency">
                        {{ money(all) }}
                      </button>
                    </p>
                    <p class="muted">{{ all.rowCount }} cost {{ all.rowCount === 1 ? 'row' : 'rows' }} in {{ all.currency }}@if (note(all); as note) { · {{ note }} }</p>
                    <dl class="parts">
                      <div class="part" data-testid="total-ai-spend">
                        <dt>AI spend</dt>
                        <dd>
                          @if (partOf(summary.aiSpend, all.currency); as ai) {
                            <button type="button" class="figure-button part-amount" (click)="open('AI spend', ai)" [title]="exact(ai)" [attr.data-amount]="ai.amount" [attr.data-currency]="ai.currency">{{ money(ai) }}</button>
                            <span class="muted">{{ ai.rowCount }} {{ ai.rowCount === 1 ? 'row' : 'rows' }}</span>
                            @if (note(ai); as note) {
                              <span class="note" data-testid="ai-spend-note">{{ note }}</span>
                            }
                          } @else {
                            <span class="muted">{{ summary.message ?? 'No AI spend in this range.' }}</span>
                          }
                        </dd>
                      </div>
                      <div class="part" data-testid="other-spend">
                        <dt>Other cloud spend</dt>
                        <dd>
                          @if (partOf(summary.otherSpend, all.currency); as other) {
                            <button type="button" class="figure-button part-amount" (click)="open('Other cloud spend', other)" [title]="exact(other)">{{ money(other) }}</button>
                            <span class="muted">{{ other.rowCount }} {{ other.rowCount === 1 ? 'row' : 'rows' }}</span>
                            @if (note(other); as note) {
                              <span class="note">{{ note }}</span>
                            }
                          } @else {
                            <span class="muted">none</span>
                          }
                        </dd>
                      </div>
                    </dl>
                  </section>
                } @empty {
                  <h2>Cloud spend</h2>
                  <p class="muted">{{ summary.message ?? 'No cloud spend in this range.' }}</p>
                }
                @if (summary.coverage; as coverage) {
                  <p class="muted coverage">Your AI cost data covers {{ coverageLabel() }}.</p>
                }
              </mat-card>
              <apex-savings-panel />
            </div>
            <apex-spend-by-provider [providers]="summary.providers" [basis]="basis()" />

            @if (currencies().length > 1) {
              <mat-button-toggle-group class="currency" [value]="currency()" (change)="chosenCurrency.set($event.value)" aria-label="Currency of the charts" hideSingleSelectionIndicator>
                @for (code of currencies(); track code) {
                  <mat-button-toggle [value]="code">{{ code }}</mat-button-toggle>
                }
              </mat-button-toggle-group>
            }
            @if (currency(); as currency) {
              <apex-spend-over-time [range]="range" [currency]="currency" [basis]="basis()" [version]="version()" />
              <div class="pair">
                <apex-spend-by-model [range]="range" [currency]="currency" [basis]="basis()" [version]="version()" />
                <apex-cost-per-token [range]="range" [currency]="currency" [basis]="basis()" [version]="version()" />
              </div>
              <apex-cost-drivers [range]="range" [currency]="currency" [basis]="basis()" [version]="version()" />
              <apex-spend-trend [asOf]="asOf()" [currency]="currency" [basis]="basis()" [version]="version()" />
            }
          }
        }
        <!-- One instance whether or not there is data yet, so an upload's result stays on screen as the dashboard appears. -->
        <apex-data-sources [empty]="!summary.hasCostData" (dataChanged)="reload()" />
      } @else if (!failure.error()) {
        <mat-progress-bar mode="indeterminate" aria-label="Loading your AI spend" />
      }
    </section>
  `,
  styleUrls: ['./value.css'],
  styles: `
    .value { padding-block: 32px 64px; display: flex; flex-direction: column; gap: 16px; }
    .head { display: flex; flex-wrap: wrap; justify-content: space-between; align-items: flex-end; gap: 16px; }
    h1 { margin: 0 0 4px; font: var(--mat-sys-headline-large); }
    .lede { margin: 0; color: var(--mat-sys-on-surface-variant); font: var(--mat-sys-body-large); max-width: 620px; }
    .range { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; }
    .range mat-form-field { width: 165px; }
    .context { display: flex; flex-wrap: wrap; justify-content: space-between; align-items: flex-start; gap: 8px 24px; }
    .range-label { margin: 0; font: var(--mat-sys-title-medium); }
    .basis { display: flex; flex-direction: column; align-items: flex-end; gap: 4px; max-width: 520px; }
    .basis-note { margin: 0; text-align: right; font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); }
    @media (max-width: 960px) { .basis { align-items: flex-start; } .basis-note { text-align: left; } }
    .currency { align-self: flex-start; }
    .top { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 16px; }
    .pair { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 16px; }
    @media (max-width: 960px) { .top, .pair { grid-template-columns: 1fr; } }
    .total .amount { margin: 8px 0 0; }
    .figure {
      all: unset; cursor: pointer; font: var(--mat-sys-display-small); color: var(--mat-sys-on-surface);
      border-bottom: 2px dotted var(--mat-sys-primary);
    }
    .figure:focus-visible { outline: 2px solid var(--mat-sys-primary); }
    .total p { margin: 4px 0; }
    .currency-total + .currency-total { margin-top: 20px; padding-top: 16px; border-top: 1px solid var(--mat-sys-outline-variant); }
    .parts { margin: 12px 0 0; display: grid; gap: 8px; }
    .part { display: grid; grid-template-columns: 150px minmax(0, 1fr); align-items: baseline; gap: 8px; }
    .part dt { font: var(--mat-sys-title-small); }
    .part dd { margin: 0; display: flex; flex-wrap: wrap; align-items: baseline; gap: 4px 10px; }
    .part-amount { font: var(--mat-sys-title-medium); }
    .note { flex-basis: 100%; font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); }
    .coverage { margin-top: 16px !important; }
    .empty { padding: 24px; background: var(--mat-sys-surface-container-low); }
    .empty h2 { margin-bottom: 8px; }
    .empty p { margin: 0; max-width: 760px; }
  `,
})
export class ValuePage {
  private readonly api = inject(ValueApi);
  private readonly drillDown = inject(CostRowsDrillDown);

  protected readonly summary = signal<AiSpendSummary | null>(null);
  protected readonly failure = new PageFailure();
  protected readonly rangeError = signal<string | null>(null);
  /** The range asked for; null lets the API pick the latest three months with data. */
  private readonly requested = signal<DayRange | null>(null);
  protected readonly version = signal(0);
  protected readonly chosenCurrency = signal<string | null>(null);
  protected readonly basis = signal<CostBasis>('effective');
  protected readonly basisNote = computed(() => BASIS_NOTE[this.basis()]);

  protected readonly rangeForm = new FormGroup({
    from: new FormControl('', { nonNullable: true }),
    to: new FormControl('', { nonNullable: true }),
  });

  protected readonly range = computed<DayRange | null>(() => {
    const summary = this.summary();
    return summary ? { from: summary.range.from, to: summary.range.to } : null;
  });
  protected readonly rangeLabel = computed(() => {
    const range = this.range();
    return range ? formatPeriod(range.from, range.to) : '';
  });
  protected readonly coverageLabel = computed(() => {
    const coverage = this.summary()?.coverage;
    return coverage ? formatPeriod(coverage.firstDay, addDays(coverage.lastDay, 1)) : '';
  });
  protected readonly currencies = computed(() => this.summary()?.allSpend.map((figure) => figure.currency) ?? []);
  protected readonly currency = computed(() => {
    const chosen = this.chosenCurrency();
    const currencies = this.currencies();
    return chosen && currencies.includes(chosen) ? chosen : (currencies[0] ?? null);
  });
  /** Today, or the last day of a range that ended earlier. */
  protected readonly asOf = computed(() => {
    const range = this.range();
    const last = range ? lastDayOf(range.to) : today();
    return last < today() ? last : today();
  });
  protected readonly note = reductionNote;

  constructor() {
    this.load();
  }

  protected money(figure: CurrencyFigure): string {
    return displayMoney(figure.amount, figure.currency);
  }

  protected exact(figure: CurrencyFigure): string {
    return exactly(figure.amount, figure.currency);
  }

  protected partOf(figures: SpendFigure[], currency: string): SpendFigure | null {
    return figures.find((figure) => figure.currency === currency) ?? null;
  }

  protected open(title: string, figure: CurrencyFigure): void {
    this.drillDown.open(`${title} · ${this.money(figure)}`, figure.rows, this.basis());
  }

  protected chooseBasis(basis: CostBasis): void {
    this.basis.set(basis);
    this.load();
  }

  protected applyRange(): void {
    const { from, to } = this.rangeForm.getRawValue();
    this.rangeError.set(null);
    if (!from || !to) return this.rangeError.set('Choose both the first and the last day of the range.');
    if (to < from) return this.rangeError.set('The last day must not come before the first.');
    if (daysBetween(from, to) >= 1096) return this.rangeError.set('Choose a range of at most three years.');
    this.requested.set({ from, to: addDays(to, 1) });
    this.load();
  }

  protected latest(): void {
    this.rangeError.set(null);
    this.requested.set(null);
    this.load();
  }

  /** New cost data arrived: everything on the page is figured again. */
  protected reload(): void {
    this.load(() => this.version.update((v) => v + 1));
  }

  private load(then?: () => void): void {
    this.failure.error.set(null);
    this.api.summary(this.requested(), this.basis()).subscribe({
      next: (summary) => {
        this.summary.set(summary);
        this.rangeForm.setValue({ from: summary.range.from, to: lastDayOf(summary.range.to) });
        then?.();
      },
      error: (error: unknown) => this.failure.show(error),
    });
  }
}
