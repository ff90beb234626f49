import type { SendEmailResult } from './email';
import type { MeasuredAiSpend } from './cost-rows';
import type { PricingRule, Tier } from './plans';

/*
 * The durable billing processes: a trial per organisation, a dunning case per failed invoice and a billing
 * period loop per subscription. Callers (the API, the Stripe webhook) start and signal them by these names;
 * the worker runs them; activities do the I/O.
 */

// ---- Workflow ids and names -------------------------------------------------------------------------------

export const trialWorkflowId = (orgId: string) => `trial-${orgId}`;
export const dunningWorkflowId = (invoiceId: string) => `dunning-${invoiceId}`;
export const billingPeriodWorkflowId = (subscriptionId: string) => `billing-period-${subscriptionId}`;

export const trialWorkflowName = 'trialWorkflow';
export const dunningWorkflowName = 'dunningWorkflow';
export const billingPeriodWorkflowName = 'billingPeriodWorkflow';

/**
 * Start options for `trial-<orgId>`: an organisation gets one trial, ever. A second start with the same id
 * fails (`WorkflowExecutionAlreadyStartedError`) whether the first run is still running or long finished.
 */
export const trialWorkflowStartPolicy = {
  workflowIdConflictPolicy: 'FAIL',
  workflowIdReusePolicy: 'REJECT_DUPLICATE',
} as const;

/** Start options for `dunning-<invoiceId>`: one dunning case per failed invoice; a repeated failure event starts nothing. */
export const dunningWorkflowStartPolicy = {
  workflowIdConflictPolicy: 'USE_EXISTING',
  workflowIdReusePolicy: 'REJECT_DUPLICATE',
} as const;

/** Start options for `billing-period-<subscriptionId>`: one loop per subscription. */
export const billingPeriodWorkflowStartPolicy = {
  workflowIdConflictPolicy: 'USE_EXISTING',
  workflowIdReusePolicy: 'REJECT_DUPLICATE',
} as const;

// ---- Trial ------------------------------------------------------------------------------------------------

export interface TrialWorkflowInput {
  orgId: string;
  /** The trial's tier (Early). */
  tier: Tier;
  /** ISO 8601; the end is `startedAt + trialDays` (AppConfig.billing.trialDays, TRIAL_DAYS). */
  startedAt: string;
  trialDays: number;
  /** Days before the end on which a reminder goes out (AppConfig.billing.trialReminderDays, TRIAL_REMINDER_DAYS). */
  reminderDays: number[];
  /** Whether the organisation already had a payment method when the trial started. */
  hasPaymentMethod: boolean;
}

export const trialPaymentMethodAddedSignal = 'paymentMethodAdded';
export const trialConvertedSignal = 'converted';
export const trialCancelledSignal = 'cancelled';

export interface TrialPaymentMethodAdded {
  paymentMethodId: string | null;
  /** ISO 8601, when Stripe saw it. */
  at: string;
}

/** The subscription became paid on Stripe's side (e.g. the customer checked out before the trial ended). */
export interface TrialConverted {
  subscriptionId: string | null;
  at: string;
  /** True when an operator put the organisation on an Enterprise contract, which replaces the trial's plan. */
  byContract?: boolean;
}

export interface TrialCancelled {
  reason: string | null;
  at: string;
}

export type TrialState = 'active' | 'converted' | 'downgraded' | 'cancelled';

export const trialStatusQuery = 'trialStatus';

export interface TrialStatus {
  orgId: string;
  state: TrialState;
  startedAt: string;
  endsAt: string;
  /** Whole days left, rounded up; 0 once the trial has ended. */
  daysLeft: number;
  hasPaymentMethod: boolean;
}

// ---- Dunning ----------------------------------------------------------------------------------------------

export interface DunningWorkflowInput {
  orgId: string;
  invoiceId: string;
  subscriptionId: string | null;
  /** ISO 8601, the first failed payment; retries are scheduled from it. */
  failedAt: string;
  /** Days after `failedAt` on which payment is retried (AppConfig.billing.dunningRetryDays, DUNNING_RETRY_DAYS). */
  retryDays: number[];
  amountDueCents: number;
  currency: string;
}

export const dunningInvoicePaidSignal = 'invoicePaid';

export interface DunningInvoicePaid {
  invoiceId: string;
  at: string;
}

export type DunningState = 'retrying' | 'recovered' | 'downgraded';

export const dunningStatusQuery = 'dunningStatus';

export interface DunningStatus {
  invoiceId: string;
  state: DunningState;
  /** Retries made so far (the fallback payment method counts as one). */
  attempts: number;
  /** ISO 8601 of the next retry while retrying, else null. */
  nextRetryAt: string | null;
}

// ---- Billing period ---------------------------------------------------------------------------------------

export interface BillingPeriodWorkflowInput {
  orgId: string;
  subscriptionId: string;
  /** ISO 8601 bounds of the current period, [start, end). */
  periodStart: string;
  periodEnd: string;
  /** How long after a period's end its spend is measured and charged (late cost data counts); 0 when omitted. */
  settleAfterMs?: number;
  /** Carried over `continueAsNew`: periods settled by earlier runs, and renewals already received. */
  periodsSettled?: number;
  pendingRenewals?: BillingPeriodRenewed[];
}

export const billingPeriodRenewedSignal = 'periodRenewed';
export const billingPeriodSubscriptionEndedSignal = 'subscriptionEnded';

/** The subscription moved to a new period; the period before it closes at `periodStart`. */
export interface BillingPeriodRenewed {
  periodStart: string;
  periodEnd: string;
}

export interface BillingPeriodSubscriptionEnded {
  /** ISO 8601; the period running then is settled up to this instant. */
  endedAt: string;
}

export const billingPeriodStatusQuery = 'billingPeriodStatus';

export interface BillingPeriodStatus {
  subscriptionId: string;
  periodStart: string;
  periodEnd: string;
  periodsSettled: number;
  ended: boolean;
}

// ---- Spend-based prices -----------------------------------------------------------------------------------

/**
 * What an organisation pays per period: its plan row (`plans.flat_monthly_cents`, `percent_of_spend`,
 * `contract_percent_min/max`) with its contract terms (`organization_plan_overrides`) for Enterprise.
 * Percentages are decimal strings ("2.00"), money integer cents.
 */
export interface PricingTerms {
  tier: Tier;
  rule: PricingRule;
  flatMonthlyCents: number | null;
  percentOfSpend: string | null;
  contractPercent: string | null;
  contractMinimumCents: number | null;
  contractPercentMin: string | null;
  contractPercentMax: string | null;
}

/** Which rule set a period's charge. */
export type AppliedPriceRule = 'free' | 'flat_price' | 'percent_of_spend' | 'contract_minimum' | 'contract_percent';

export interface SpendBasedCharge {
  chargeCents: number;
  rule: AppliedPriceRule;
  /** The measured spend the charge was computed from (`amount` "0" with `rowCount` 0 when nothing was measured). */
  spend: Pick<MeasuredAiSpend, 'amount' | 'currency' | 'rowCount'>;
  /** The invoice line: names the rule and the spend, e.g. "2% of $1,234.56 measured AI spend (412 cost rows), ...". */
  description: string;
}

// ---- Activities -------------------------------------------------------------------------------------------

/** A billing email to the organisation's owner; `idempotencyKey` names one logical email (org + step). */
export interface BillingEmailRequest {
  orgId: string;
  template: string;
  idempotencyKey: string;
  vars: Record<string, string | number>;
}

/** Sent, already sent (a retry), or skipped when the organisation has no owner to write to. */
export type BillingEmailResult = SendEmailResult | { status: 'skipped'; reason: string };

export interface DowngradeToFreeRequest {
  orgId: string;
  /** Why, recorded with the change: 'trial_ended', 'trial_cancelled', 'non_payment'. */
  reason: 'trial_ended' | 'trial_cancelled' | 'non_payment';
  /** A known subscription to cancel; without one, the organisation's live subscription (if any) is cancelled. */
  subscriptionId: string | null;
  idempotencyKey: string;
}

export interface TrialEndRequest {
  orgId: string;
  state: Exclude<TrialState, 'active'>;
}

export interface ConvertTrialRequest {
  orgId: string;
  idempotencyKey: string;
}

export interface ConvertTrialResult {
  subscriptionId: string | null;
  /**
   * The subscription's status at Stripe after the conversion ('active', or e.g. 'past_due' if the first charge
   * failed), or 'contract' when an Enterprise contract had already replaced the trial's plan.
   */
  status: string;
}

export interface TrialActivities {
  sendBillingEmail(request: BillingEmailRequest): Promise<BillingEmailResult>;
  /** Whether the organisation has a payment method on file now (asked at the trial's end, in case a signal was missed). */
  hasPaymentMethod(orgId: string): Promise<boolean>;
  /** Ends the trial as a paid subscription of the trial's tier. */
  convertTrialToPaid(request: ConvertTrialRequest): Promise<ConvertTrialResult>;
  downgradeToFree(request: DowngradeToFreeRequest): Promise<void>;
  /** Records how the trial ended (`trials.status`, `ended_at`); recording it again changes nothing. */
  recordTrialEnd(request: TrialEndRequest): Promise<void>;
}

export interface RetryInvoicePaymentRequest {
  orgId: string;
  invoiceId: string;
  /** 1-based retry number; part of the Stripe idempotency key so each attempt is made once. */
  attempt: number;
  /** Pay with this payment method instead of the customer's default (the fallback). */
  paymentMethodId: string | null;
  idempotencyKey: string;
}

export interface RetryInvoicePaymentResult {
  paid: boolean;
  /** Why the payment failed, as Stripe put it, when it did. */
  failure: string | null;
}

export interface DunningCaseUpdate {
  orgId: string;
  invoiceId: string;
  subscriptionId: string | null;
  status: 'open' | 'recovered' | 'downgraded';
  attempts: number;
}

export interface DunningActivities {
  sendBillingEmail(request: BillingEmailRequest): Promise<BillingEmailResult>;
  retryInvoicePayment(request: RetryInvoicePaymentRequest): Promise<RetryInvoicePaymentResult>;
  /** A usable payment method other than the default the invoice failed on, or null. */
  findFallbackPaymentMethod(request: { orgId: string; invoiceId: string }): Promise<string | null>;
  downgradeToFree(request: DowngradeToFreeRequest): Promise<void>;
  /** Upserts `dunning_cases` for the invoice. */
  recordDunningCase(update: DunningCaseUpdate): Promise<void>;
}

export interface MeasuredAiSpendRequest {
  orgId: string;
  periodStart: string;
  periodEnd: string;
}

export interface PricingTermsRequest {
  orgId: string;
  subscriptionId: string;
}

export interface ApplyPeriodChargeRequest {
  orgId: string;
  subscriptionId: string;
  periodStart: string;
  periodEnd: string;
  terms: PricingTerms;
  charge: SpendBasedCharge;
  /** `billing-period:<subscriptionId>:<periodStart>`: the Stripe idempotency key and the record's natural key. */
  idempotencyKey: string;
}

export interface AppliedPeriodCharge {
  /** The Stripe invoice item that adjusts the period to its charge; null when nothing needed adjusting. */
  stripeInvoiceItemId: string | null;
  /** What the invoice item added (negative: a credit), in cents. */
  adjustmentCents: number;
  /** False when the period had been applied before and nothing was done now. */
  appliedNow: boolean;
}

export interface BillingPeriodActivities {
  /** SUM(effective_cost) of the organisation's AI cost rows charged in [periodStart, periodEnd), USD. */
  measureAiSpend(request: MeasuredAiSpendRequest): Promise<MeasuredAiSpend>;
  /** The terms the subscription's period is priced by: its own tier's (an Enterprise contract's for the contract's). */
  loadPricingTerms(request: PricingTermsRequest): Promise<PricingTerms>;
  applyPeriodCharge(request: ApplyPeriodChargeRequest): Promise<AppliedPeriodCharge>;
}

export const billingPeriodChargeKey = (subscriptionId: string, periodStart: string) =>
  `billing-period:${subscriptionId}:${periodStart}`;
