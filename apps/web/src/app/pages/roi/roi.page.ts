import { ChangeDetectionStrategy, Component, computed, inject, linkedSignal, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import type { RoiForecast, RoiScenario } from '@apex/contracts';
import { LoadState } from '../value/load-state';
import { Loadable, loadOnChange } from '../value/loadable';
import { formatMoney, formatRange } from '../value/value-format';
import { RoiApi } from './roi-api';
import { breakevenRange, isSpendScale, monthlyRange, roiRange, SPEND_SCALE_PRESETS, usd } from './roi-format';

const SCENARIO_TITLES: Record<RoiScenario['includes'], string> = {
  verified: 'Verified savings only',
  verified_and_potential: 'Verified and potential',
};

/**
 * The ROI calculator and forecaster: what Apex will save a month, the verified part (what proofs verified) and the
 * potential part (what open and accepted recommendations expect) each labelled, against Apex's fee under the
 * organisation's plan; ROI and breakeven for each reading, and a what-if with the spend scaled.
 */
@Component({
  selector: 'apex-roi-page',
  imports: [ReactiveFormsModule, RouterLink, MatButtonModule, MatButtonToggleModule, MatCardModule, MatFormFieldModule, MatInputModule, LoadState],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="page roi" aria-labelledby="roi-title">
      <header>
        <h1 id="roi-title">Your ROI with Apex</h1>
        <p class="lede">What Apex saves you against what it costs you, worked out from your own cost data, proofs and recommendations.</p>
      </header>

      <div aria-live="polite">
        <apex-load-state [loadable]="loadable()" label="Working out your ROI" />
      </div>

      @if (forecast(); as roi) {
        @if (roi.status === 'no_cost_data') {
          <mat-card appearance="outlined" class="empty" data-testid="roi-empty-state">
            <h2>No cost data yet</h2>
            <p>{{ roi.message }}</p>
            <div><a mat-flat-button routerLink="/app/value">Upload or connect cost data</a></div>
          </mat-card>
        } @else {
          <mat-card appearance="outlined" class="card headline" data-testid="roi-headline">
            @if (roi.forecast; as total) {
              <p class="lead">{{ whatIf() ? 'At ' + roi.spend?.spendScale + '× your AI spend, Apex would save you' : 'Based on your usage, Apex will save you' }}</p>
              <p class="amount" data-testid="roi-forecast">{{ money(total.expected) }} <span class="per">a month</span></p>
              @if (total.low !== total.high) {
                <p class="muted" data-testid="roi-range">Between {{ money(total.low) }} and {{ money(total.high) }} a month</p>
              }
            } @else {
              <p class="lead" data-testid="roi-no-savings">{{ roi.message }}</p>
            }
            <div class="parts">
              @if (roi.verified; as verified) {
                <div class="part" data-testid="roi-verified">
                  <span class="tag tag--verified">Verified</span>
                  @if (verified.monthly) {
                    <p class="part-figure">{{ money(verified.monthly) }} a month</p>
                  } @else {
                    <p class="part-figure">Nothing verified yet</p>
                  }
                  <p class="muted">{{ verified.message }}</p>
                </div>
              }
              @if (roi.potential; as potential) {
                <div class="part" data-testid="roi-potential">
                  <span class="tag tag--potential">Potential</span>
                  @if (potential.monthly; as monthly) {
                    <p class="part-figure">{{ money(monthly.expected) }} a month expected</p>
                  } @else {
                    <p class="part-figure">Nothing open</p>
                  }
                  <p class="muted">{{ potential.message }}</p>
                  @if (potential.status === 'nothing_open') {
                    <a mat-button routerLink="/app/runs">Run an analysis</a>
                  }
                </div>
              }
            </div>
          </mat-card>

          <mat-card appearance="outlined" class="card what-if" data-testid="roi-what-if">
            <h2>What if your AI spend changed?</h2>
            <p class="hint">Scale your measured AI spend, and the savings with it, to see the fee, ROI and breakeven at that spend.</p>
            <div class="what-if-controls">
              <mat-button-toggle-group [value]="chosenPreset()" (change)="useScale($event.value)" aria-label="Scale your AI spend" hideSingleSelectionIndicator>
                @for (preset of presets; track preset) {
                  <mat-button-toggle [value]="preset">{{ preset }}×</mat-button-toggle>
                }
              </mat-button-toggle-group>
              <form class="custom" [formGroup]="customForm" (ngSubmit)="applyCustom()" aria-label="Your own spend scale">
                <mat-form-field appearance="outline" subscriptSizing="dynamic">
                  <mat-label>Spend ×</mat-label>
                  <input matInput inputmode="decimal" formControlName="scale" data-testid="roi-scale-input" />
                  <mat-hint>From 0.1 to 10</mat-hint>
                </mat-form-field>
                <button mat-stroked-button type="submit">Show</button>
              </form>
            </div>
            @if (scaleError(); as message) {
              <div class="banner banner--error" role="alert" data-testid="roi-scale-error">{{ message }}</div>
            }
          </mat-card>

          @if (roi.scenarios; as scenarios) {
            <div class="pair">
              @for (scenario of [scenarios.verified, scenarios.verifiedAndPotential]; track scenario.includes) {
                <mat-card appearance="outlined" class="card scenario" [attr.data-testid]="'roi-scenario-' + scenario.includes">
                  <h2>{{ title(scenario) }}</h2>
                  @if (scenario.monthlySavings; as savings) {
                    <dl>
                      <dt>Monthly savings</dt>
                      <dd data-testid="scenario-savings">{{ money(savings.expected) }}{{ range(savings) ? ' (' + range(savings) + ')' : '' }}</dd>
                      @if (scenario.roiPercent; as roiPercent) {
                        <dt>ROI</dt>
                        <dd data-testid="scenario-roi">{{ roiText(roiPercent).expected }}{{ roiText(roiPercent).range ? ' (' + roiText(roiPercent).range + ')' : '' }}</dd>
                      }
                      @if (scenario.breakevenDays; as breakeven) {
                        <dt>Breakeven</dt>
                        <dd data-testid="scenario-breakeven">{{ breakevenText(breakeven).expected }}{{ breakevenText(breakeven).range ? ' (' + breakevenText(breakeven).range + ')' : '' }}</dd>
                      }
                    </dl>
                  }
                  <p class="muted" data-testid="scenario-message">{{ scenario.message }}</p>
                </mat-card>
              }
            </div>
          }

          @if (roi.fee; as fee) {
            <mat-card appearance="outlined" class="card" data-testid="roi-fee">
              <h2>Apex's fee</h2>
              @if (fee.monthly !== null) {
                <p class="part-figure">{{ fee.status === 'free' ? 'No fee: ' + money(fee.monthly) + ' a month on the Free plan' : money(fee.monthly) + ' a month' }}</p>
              }
              <p>{{ fee.description }}</p>
              @if (roi.spend; as spend) {
                <p class="muted" data-testid="roi-spend">
                  Measured AI spend {{ money(spend.measured) }} from {{ window(spend.from, spend.to) }} ({{ spend.rowCount }} cost {{ spend.rowCount === 1 ? 'row' : 'rows' }})@if (whatIf()) {<span>, scaled ×{{ spend.spendScale }} to {{ money(spend.scaled) }}</span>}.
                </p>
              }
            </mat-card>
          }

          @if (roi.otherCurrencies.length > 0) {
            <mat-card appearance="outlined" class="card" data-testid="roi-other-currencies">
              <h2>In other currencies</h2>
              <p class="hint">Not converted, and not in the ROI: Apex bills in USD.</p>
              <ul>
                @for (other of roi.otherCurrencies; track other.currency) {
                  <li>
                    {{ other.currency }}: verified {{ other.verifiedMonthly ? inCurrency(other.verifiedMonthly, other.currency) + ' a month' : 'nothing yet' }};
                    potential {{ other.potentialMonthly ? inCurrency(other.potentialMonthly.expected, other.currency) + ' a month expected' : 'none' }}
                  </li>
                }
              </ul>
            </mat-card>
          }

          <mat-card appearance="outlined" class="card" data-testid="roi-method">
            <h2>How these figures are worked out</h2>
            <ul>
              @for (line of roi.method; track $index) {
                <li>{{ line }}</li>
              }
            </ul>
          </mat-card>
        }
      }
    </section>
  `,
  styleUrls: ['../value/value.css'],
  styles: `
    .roi { padding-block: 32px 64px; display: flex; flex-direction: column; gap: 16px; }
    h1 { margin: 0 0 4px; font: var(--mat-sys-headline-large); }
    .lede { margin: 0; color: var(--mat-sys-on-surface-variant); font: var(--mat-sys-body-large); max-width: 680px; }
    .headline .lead { margin: 0; font: var(--mat-sys-title-medium); }
    .headline .amount { margin: 4px 0; font: var(--mat-sys-display-small); }
    .headline .per { font: var(--mat-sys-title-medium); color: var(--mat-sys-on-surface-variant); }
    .headline p { margin: 0 0 4px; }
    .parts { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 16px; margin-top: 16px; }
    .part p { margin: 4px 0; }
    .part-figure { font: var(--mat-sys-title-medium); margin: 8px 0 4px; }
    .tag { display: inline-block; padding: 2px 10px; border-radius: 12px; font: var(--mat-sys-label-large); }
    .tag--verified { background: var(--mat-sys-primary-container); color: var(--mat-sys-on-primary-container); }
    .tag--potential { background: var(--mat-sys-tertiary-container); color: var(--mat-sys-on-tertiary-container); }
    .what-if-controls { display: flex; flex-wrap: wrap; align-items: center; gap: 16px; }
    .custom { display: flex; align-items: center; gap: 8px; }
    .custom mat-form-field { width: 140px; }
    .pair { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 16px; }
    @media (max-width: 960px) { .pair, .parts { grid-template-columns: 1fr; } }
    dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 12px 0; }
    dt { color: var(--mat-sys-on-surface-variant); }
    dd { margin: 0; font-variant-numeric: tabular-nums; }
    .empty { padding: 24px; background: var(--mat-sys-surface-container-low); }
    .empty h2 { margin-bottom: 8px; }
    .empty p { margin: 0 0 16px; max-width: 760px; }
    ul { margin: 8px 0 0; padding-left: 20px; }
    li { margin-bottom: 4px; }
  `,
})
export class RoiPage {
  private readonly api = inject(RoiApi);

  protected readonly presets = SPEND_SCALE_PRESETS;
  /** The what-if factor asked for; null is the spend as measured. */
  protected readonly scale = signal<string | null>(null);
  protected readonly scaleError = signal<string | null>(null);
  protected readonly customForm = new FormGroup({ scale: new FormControl('', { nonNullable: true }) });

  protected readonly loadable = loadOnChange(
    () => this.scale(),
    (scale) => this.api.forecast(scale),
  );
  /** The latest forecast, kept on screen while a what-if loads. */
  protected readonly forecast = linkedSignal<Loadable<RoiForecast>, RoiForecast | null>({
    source: this.loadable,
    computation: (loadable, previous) => (loadable.state === 'loaded' ? loadable.value : (previous?.value ?? null)),
  });
  protected readonly whatIf = computed(() => {
    const spendScale = this.forecast()?.spend?.spendScale;
    return spendScale !== undefined && spendScale !== '1';
  });
  protected readonly chosenPreset = computed(() => this.scale() ?? '1');

  protected money = usd;
  protected roiText = roiRange;
  protected breakevenText = breakevenRange;
  protected window = formatRange;
  protected inCurrency = formatMoney;

  protected title(scenario: RoiScenario): string {
    return SCENARIO_TITLES[scenario.includes];
  }

  protected range(savings: { low: string; expected: string; high: string }): string | null {
    return monthlyRange(savings).range;
  }

  protected useScale(scale: string): void {
    this.scaleError.set(null);
    this.customForm.reset();
    this.scale.set(Number(scale) === 1 ? null : scale);
  }

  protected applyCustom(): void {
    const text = this.customForm.getRawValue().scale.trim();
    if (!isSpendScale(text)) {
      this.scaleError.set('Enter a number from 0.1 to 10, such as 1.5.');
      return;
    }
    this.scaleError.set(null);
    this.scale.set(Number(text) === 1 ? null : text);
  }
}
