import { DatePipe, NgTemplateOutlet } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { BillingOverview } from '@apex/contracts';
import { formatDecimalMoney, formatMoney } from './billing-format';

/**
 * This period's charge as GET /billing estimates it from the AI spend measured so far, with the API's own words
 * for which rule set it. A trial period bills nothing, so during one the estimate is labelled as what the rule gives
 * after it. Without an estimate it says why, and shows no number.
 */
@Component({
  selector: 'apex-period-estimate',
  imports: [DatePipe, NgTemplateOutlet, RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (inTrial()) {
      <p class="amount" data-testid="estimate-amount">{{ zero }}</p>
      <p data-testid="estimate-trial">Nothing is charged during your trial.</p>
      @if (overview().cancelAtPeriodEnd) {
        <p data-testid="estimate-after-trial">The subscription ends with the trial, so nothing more is charged.</p>
      } @else if (overview().estimate; as estimate) {
        <p data-testid="estimate-after-trial">
          After it, at the AI spend measured so far: <strong>{{ charge() }}</strong> a month.
        </p>
        <p data-testid="estimate-explanation">{{ estimate.explanation }}</p>
        <ng-container *ngTemplateOutlet="spendNote" />
      } @else if (rule(); as rule) {
        <p data-testid="estimate-after-trial">After it: {{ rule }}.</p>
      }
    } @else if (overview().estimate; as estimate) {
      <p class="amount" data-testid="estimate-amount">{{ charge() }}</p>
      <p class="muted">Estimated charge for {{ estimate.periodStart | date: 'd MMM' }} – {{ estimate.periodEnd | date: 'd MMM y' }}</p>
      <p data-testid="estimate-explanation">{{ estimate.explanation }}</p>
      <ng-container *ngTemplateOutlet="spendNote" />
      <p class="fine">An estimate from the spend measured so far; the period's charge is settled when it ends.</p>
    } @else {
      <p data-testid="estimate-none">{{ noEstimate() }}</p>
    }

    <ng-template #spendNote>
      @if (overview().estimate; as estimate) {
        @if (estimate.spendRowCount === 0) {
          <p class="muted" data-testid="no-spend">
            No AI spend measured yet: Apex has no cost data for this period. <a routerLink="/app/value">Add a cost source</a> and
            the estimate follows your real spend.
          </p>
        } @else {
          <p data-testid="measured-spend">
            Measured AI spend so far: <strong>{{ spend() }}</strong> from {{ estimate.spendRowCount }} cost
            row{{ estimate.spendRowCount === 1 ? '' : 's' }}.
          </p>
        }
      }
    </ng-template>
  `,
  styles: `
    p { margin: 0 0 8px; }
    .amount { margin: 0; font: var(--mat-sys-display-small); font-weight: 600; }
    .muted { color: var(--mat-sys-on-surface-variant); }
    .fine { margin: 12px 0 0; color: var(--mat-sys-on-surface-variant); font: var(--mat-sys-body-small); }
  `,
})
export class PeriodEstimate {
  readonly overview = input.required<BillingOverview>();
  /** The organisation's price rule in words; null for a contract without terms. */
  readonly rule = input<string | null>(null);

  protected readonly zero = formatMoney(0);
  /** An Apex trial, or a subscription in Stripe's trial (bought during the trial): this period bills nothing. */
  protected readonly inTrial = computed(() => this.overview().trial !== null || this.overview().subscription?.status === 'trialing');

  protected readonly charge = computed(() => {
    const estimate = this.overview().estimate;
    return estimate ? formatMoney(estimate.chargeCents) : '';
  });

  protected readonly spend = computed(() => {
    const estimate = this.overview().estimate;
    return estimate ? formatDecimalMoney(estimate.measuredSpend, estimate.spendCurrency) : '';
  });

  protected readonly noEstimate = computed(() => {
    const overview = this.overview();
    const rule = this.rule();
    if (overview.priceRule.rule === 'free') return 'The Free plan costs nothing.';
    if (overview.priceRule.rule === 'contract' && !rule) return 'No estimate yet: your Enterprise terms are not set. Apex sales agree them with you.';
    return 'No estimate is available for this period yet.';
  });
}
