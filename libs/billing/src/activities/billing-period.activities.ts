import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApplicationFailure } from '@temporalio/common';
import { DataSource } from 'typeorm';
import type {
  AppliedPeriodCharge,
  ApplyPeriodChargeRequest,
  BillingPeriodActivities,
  MeasuredAiSpend,
  MeasuredAiSpendRequest,
  PricingTerms,
  PricingTermsRequest,
  Tier,
} from '@apex/contracts';
import { ENDED_SUBSCRIPTION_STATUSES, LIVE_SUBSCRIPTION_STATUSES } from '@apex/contracts';
import { AppConfig } from '@apex/config';
import { formatUsdCents, spendBasedCharge } from '@apex/domain';
import { OrganizationBilling, PeriodChargeRecord } from '../organization-billing';
import { StripeGateway } from '../stripe/stripe-gateway';
import { PaymentsGate } from './payments-gate';

interface TermsRow {
  tier: Tier;
  pricing_rule: PricingTerms['rule'];
  flat_monthly_cents: number | null;
  percent_of_spend: string | null;
  contract_percent_min: string | null;
  contract_percent_max: string | null;
  contract_percent: string | null;
  contract_minimum_cents: number | null;
}

const day = (date: Date) => date.toISOString().slice(0, 10);

/**
 * The activities of `billing-period-<subscriptionId>`.
 *
 * How a period's spend-based price reaches Stripe: a self-serve subscription (Early, Mid) bills its flat price in
 * advance at each period start. When the period ends, its price is min(flat, percent × measured AI spend), so
 * the difference (charge − flat, never positive) is added as one invoice item, a credit, to the subscription's
 * next invoice. A contract (Enterprise) bills nothing in advance, so its whole charge, max(minimum, percent ×
 * spend), is sent at once on an invoice of its own (so the contract's last period is billed too). A period that
 * was a Stripe-side free trial bills nothing. The item's Stripe idempotency key is
 * `billing-period:<subscriptionId>:<periodStart>`, and `billing_period_charges` (one row per subscription period,
 * applied_at once applied) keeps a retry from billing twice after Stripe's 24-hour window.
 */
@Injectable()
export class BillingPeriodActivitiesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly billing: OrganizationBilling,
    private readonly stripe: StripeGateway,
    private readonly payments: PaymentsGate,
    private readonly config: AppConfig,
  ) {}

  activities(): BillingPeriodActivities {
    return {
      measureAiSpend: (request) => this.measureAiSpend(request),
      loadPricingTerms: (request) => this.loadPricingTerms(request),
      applyPeriodCharge: (request) => this.applyPeriodCharge(request),
    };
  }

  measureAiSpend(request: MeasuredAiSpendRequest): Promise<MeasuredAiSpend> {
    return this.billing.measuredAiSpend(request.orgId, new Date(request.periodStart), new Date(request.periodEnd));
  }

  /**
   * The plan row of the subscription's tier, with the organisation's contract terms for an Enterprise contract's
   * subscription: a period is priced by the plan it was bought on, even when the organisation has moved on by the
   * time it settles (cancelled to Free, or onto an Enterprise contract). A subscription that ended in a dunning
   * downgrade, or ended while its dunning was still open, was not paid for its last period, so that period is
   * priced as Free: nothing to adjust. A contract bills on the subscription remembered with its terms only; any
   * other Enterprise subscription bills nothing. Terms the price cannot be computed from (a contract whose terms
   * are missing) fail here, retryably, so the period waits for an operator to set them.
   */
  async loadPricingTerms(request: PricingTermsRequest): Promise<PricingTerms> {
    const { orgId, subscriptionId } = request;
    const [row] = await this.db.query<TermsRow[]>(
      `SELECT p.tier, p.pricing_rule, p.flat_monthly_cents, p.percent_of_spend::text AS percent_of_spend,
              p.contract_percent_min::text AS contract_percent_min, p.contract_percent_max::text AS contract_percent_max,
              CASE WHEN p.pricing_rule = 'contract' THEN t.contract_percent::text END AS contract_percent,
              CASE WHEN p.pricing_rule = 'contract' THEN t.contract_minimum_cents END AS contract_minimum_cents
         FROM subscriptions s
         LEFT JOIN organization_plan_overrides t ON t.org_id = s.org_id
         JOIN plans p ON p.tier = CASE
                WHEN EXISTS (SELECT 1 FROM dunning_cases d WHERE d.subscription_id = s.id
                              AND (d.status = 'downgraded' OR (d.status = 'open' AND s.status = ANY($3))))
                  THEN 'free'
                WHEN s.tier = 'enterprise' AND s.id IS DISTINCT FROM t.contract_subscription_id THEN 'free'
                ELSE s.tier END
        WHERE s.org_id = $1 AND s.id = $2`,
      [orgId, subscriptionId, ENDED_SUBSCRIPTION_STATUSES],
    );
    if (!row) throw ApplicationFailure.retryable(`subscription ${subscriptionId} of organisation ${orgId} is not on record yet`, 'UnknownSubscription');
    const terms: PricingTerms = {
      tier: row.tier,
      rule: row.pricing_rule,
      flatMonthlyCents: row.flat_monthly_cents,
      percentOfSpend: row.percent_of_spend,
      contractPercent: row.contract_percent,
      contractMinimumCents: row.contract_minimum_cents,
      contractPercentMin: row.contract_percent_min,
      contractPercentMax: row.contract_percent_max,
    };
    try {
      spendBasedCharge(terms, { amount: '0', currency: 'USD', rowCount: 0 });
    } catch (error) {
      throw ApplicationFailure.retryable(`organisation ${orgId}, subscription ${subscriptionId}: ${(error as Error).message}`, 'IncompletePricingTerms');
    }
    return terms;
  }

  async applyPeriodCharge(request: ApplyPeriodChargeRequest): Promise<AppliedPeriodCharge> {
    const { orgId, subscriptionId } = request;
    const periodStart = new Date(request.periodStart);
    const periodEnd = new Date(request.periodEnd);
    const subscription = await this.billing.findSubscription(orgId, subscriptionId);
    if (!subscription) throw new Error(`subscription ${subscriptionId} of organisation ${orgId} is not on record yet`);

    const wasTrial = subscription.trialEnd !== null && subscription.trialEnd.getTime() >= periodEnd.getTime();
    const { terms, charge } = request;
    const record = await this.billing.recordPeriodCharge({
      subscriptionId,
      orgId,
      periodStart,
      periodEnd,
      tier: terms.tier,
      rule: wasTrial ? 'trial' : charge.rule,
      measuredSpend: charge.spend.amount.startsWith('-') ? '0' : charge.spend.amount,
      spendCurrency: charge.spend.currency,
      spendRowCount: charge.spend.rowCount,
      flatCents: terms.rule === 'flat_or_percent' ? terms.flatMonthlyCents : null,
      percent: terms.rule === 'contract' ? terms.contractPercent : terms.percentOfSpend,
      minimumCents: terms.rule === 'contract' ? terms.contractMinimumCents : null,
      chargeCents: wasTrial ? 0 : charge.chargeCents,
      description: wasTrial ? 'Free trial: no charge' : charge.description,
    });
    const adjustmentCents = adjustmentOf(record);
    if (record.appliedAt) return { stripeInvoiceItemId: record.stripeInvoiceItemId, adjustmentCents, appliedNow: false };

    let itemId: string | null = null;
    const metadata = { org_id: orgId, subscription_id: subscriptionId, period_start: periodStart.toISOString(), rule: record.rule };
    if (adjustmentCents > 0 && terms.rule === 'contract') {
      await this.payments.assertOpen();
      const invoiced = await this.stripe.invoiceContractCharge(
        {
          customerId: subscription.customerId,
          amountCents: adjustmentCents,
          currency: 'usd',
          description: invoiceLine(record, adjustmentCents),
          period: { start: periodStart, end: periodEnd },
          metadata,
          daysUntilDue: this.config.billing.contractInvoiceDaysDue,
        },
        request.idempotencyKey,
        {
          invoiceId: record.stripeInvoiceId,
          onInvoiceCreated: (invoiceId) => this.billing.recordPeriodChargeInvoice(orgId, subscriptionId, periodStart, invoiceId),
        },
      );
      itemId = invoiced.invoiceItemId;
    } else if (adjustmentCents !== 0) {
      await this.payments.assertOpen();
      const live = LIVE_SUBSCRIPTION_STATUSES.includes(subscription.status);
      const item = await this.stripe.createInvoiceItem(
        {
          customerId: subscription.customerId,
          subscriptionId: live ? subscriptionId : null,
          amountCents: adjustmentCents,
          currency: 'usd',
          description: invoiceLine(record, adjustmentCents),
          period: { start: periodStart, end: periodEnd },
          metadata,
        },
        request.idempotencyKey,
      );
      itemId = item.id;
    }
    await this.billing.markPeriodChargeApplied(orgId, subscriptionId, periodStart, itemId);
    return { stripeInvoiceItemId: itemId, adjustmentCents, appliedNow: true };
  }
}

/** What the period still owes (negative: is owed) beyond what the subscription billed in advance. */
function adjustmentOf(record: PeriodChargeRecord): number {
  if (record.rule === 'trial' || record.rule === 'free') return 0;
  return record.chargeCents - (record.flatCents ?? 0);
}

function invoiceLine(record: PeriodChargeRecord, adjustmentCents: number): string {
  const period = `AI spend-based price, ${day(record.periodStart)} to ${day(record.periodEnd)}: ${record.description}`;
  if (record.flatCents === null) return period;
  return `${period}. Credit of ${formatUsdCents(-adjustmentCents)} against the ${formatUsdCents(record.flatCents)} flat price billed in advance`;
}
