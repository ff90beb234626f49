import { Injectable } from '@nestjs/common';
import { AppConfig } from '@apex/config';
import type { BillingOverview, PeriodEstimateView, PriceRuleView, PricingTerms } from '@apex/contracts';
import { spendBasedCharge } from '@apex/domain';
import { FeatureFlagsPort } from '@apex/entitlements';
import { UnknownBillingOrganizationError } from '../errors';
import { OrganizationBilling, SubscriptionRecord } from '../organization-billing';
import { invoiceView, subscriptionView, trialView } from './billing-views';

const priceRuleView = (terms: PricingTerms): PriceRuleView => ({
  rule: terms.rule,
  flatCents: terms.rule === 'flat_or_percent' ? terms.flatMonthlyCents : null,
  percent: terms.rule === 'contract' ? terms.contractPercent : terms.rule === 'flat_or_percent' ? terms.percentOfSpend : null,
  minimumCents: terms.rule === 'contract' ? terms.contractMinimumCents : null,
});

/** The calendar month (UTC) around `now`: the period of an organisation billed without a Stripe subscription. */
function calendarMonth(now: Date): { start: Date; end: Date } {
  return {
    start: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)),
    end: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)),
  };
}

/** What the billing page shows: plan, price rule with this period's estimate from measured AI spend, payment method, invoices, trial. */
@Injectable()
export class BillingOverviewService {
  constructor(
    private readonly billing: OrganizationBilling,
    private readonly flags: FeatureFlagsPort,
    private readonly config: AppConfig,
  ) {}

  async overview(orgId: string, now = new Date()): Promise<BillingOverview> {
    const org = await this.billing.find(orgId);
    if (!org) throw new UnknownBillingOrganizationError(orgId);
    const [terms, live, invoices, trial, paymentsEnabled, trialEnabled] = await Promise.all([
      this.billing.pricingTerms(orgId),
      this.billing.liveSubscription(orgId),
      this.billing.listInvoices(orgId),
      this.billing.findTrial(orgId),
      this.flags.isEnabled('payments_enabled'),
      this.flags.isEnabled('trial_enabled'),
    ]);
    if (!terms) throw new UnknownBillingOrganizationError(orgId);
    const inTrial = trial?.status === 'active';
    return {
      orgId,
      tier: org.tier,
      paymentsEnabled,
      trialEnabled,
      trialUsed: trial !== null,
      trialDays: this.config.billing.trialDays,
      priceRule: priceRuleView(terms),
      subscription: live ? subscriptionView(live) : null,
      cancelAtPeriodEnd: live?.cancelAtPeriodEnd ?? false,
      estimate: inTrial && !live ? null : await this.estimate(orgId, terms, live, now),
      paymentMethod: org.paymentMethod ? { brand: org.paymentMethod.brand, last4: org.paymentMethod.last4 } : null,
      invoices: invoices.map(invoiceView),
      trial: trial && inTrial ? trialView(trial, now) : null,
    };
  }

  /** This period's charge from the AI spend measured so far, by the same pricing function that bills the period. */
  private async estimate(
    orgId: string,
    terms: PricingTerms,
    live: SubscriptionRecord | null,
    now: Date,
  ): Promise<PeriodEstimateView | null> {
    if (terms.rule === 'free') return null;
    const period =
      live?.currentPeriodStart && live.currentPeriodEnd
        ? { start: live.currentPeriodStart, end: live.currentPeriodEnd }
        : calendarMonth(now);
    const spend = await this.billing.measuredAiSpend(orgId, period.start, period.end);
    let charge;
    try {
      charge = spendBasedCharge(terms, spend);
    } catch (error) {
      // An Enterprise organisation whose contract terms are not set yet has no price to estimate.
      if (error instanceof RangeError) return null;
      throw error;
    }
    const floor = terms.rule === 'contract' ? 'contract minimum' : 'flat price';
    return {
      periodStart: period.start.toISOString(),
      periodEnd: period.end.toISOString(),
      measuredSpend: charge.spend.amount,
      spendCurrency: charge.spend.currency,
      spendRowCount: charge.spend.rowCount,
      chargeCents: charge.chargeCents,
      appliedRule: charge.rule,
      explanation:
        charge.spend.rowCount === 0
          ? `No AI spend has been measured this period, so the ${floor} applies.`
          : charge.description,
    };
  }
}
