import type { TrialState } from './billing-workflows';
import type { PricingRule, Tier } from './plans';

/** Tiers an owner buys through Stripe Checkout; Enterprise is sold by contract. */
export const SELF_SERVE_TIERS = ['early', 'mid'] as const;
export type SelfServeTier = (typeof SELF_SERVE_TIERS)[number];

/** Stripe's subscription statuses, as mirrored from webhooks. */
export const SUBSCRIPTION_STATUSES = [
  'incomplete',
  'incomplete_expired',
  'trialing',
  'active',
  'past_due',
  'canceled',
  'unpaid',
  'paused',
] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];

/** Statuses in which a subscription grants its plan (past due: during the dunning grace period). */
export const LIVE_SUBSCRIPTION_STATUSES: readonly SubscriptionStatus[] = ['trialing', 'active', 'past_due'];
/** Statuses after which a subscription never changes again. */
export const ENDED_SUBSCRIPTION_STATUSES: readonly SubscriptionStatus[] = ['canceled', 'incomplete_expired'];

export type InvoiceStatus = 'draft' | 'open' | 'paid' | 'uncollectible' | 'void';

/** POST /billing/checkout */
export interface CreateCheckout {
  tier: SelfServeTier;
}

/** POST /billing/subscription */
export interface ChangePlan {
  tier: SelfServeTier;
}

/** A page on Stripe to send the browser to (Checkout or the customer portal). */
export interface BillingRedirect {
  url: string;
}

export interface PaymentMethodSummary {
  brand: string | null;
  last4: string | null;
}

export interface TrialView {
  status: TrialState;
  startedAt: string;
  endsAt: string;
  /** Whole days left, rounded up; 0 once it has ended. */
  daysLeft: number;
}

/** POST /billing/trial */
export interface TrialStarted {
  trial: TrialView;
  workflowId: string;
}

export interface SubscriptionView {
  id: string;
  tier: Tier;
  status: SubscriptionStatus;
  currentPeriodStart: string | null;
  currentPeriodEnd: string | null;
  cancelAtPeriodEnd: boolean;
  trialEnd: string | null;
}

export interface InvoiceView {
  id: string;
  number: string | null;
  status: InvoiceStatus;
  amountDueCents: number;
  amountPaidCents: number;
  currency: string;
  hostedInvoiceUrl: string | null;
  periodStart: string | null;
  periodEnd: string | null;
  createdAt: string;
}

/** How the organisation's price is computed: min(flat, percent × measured AI spend), or its contract. */
export interface PriceRuleView {
  rule: PricingRule;
  flatCents: number | null;
  /** Decimal string, e.g. "2.00". */
  percent: string | null;
  /** Enterprise contracts only. */
  minimumCents: number | null;
}

/** This period's charge as it stands now, computed from the AI spend measured so far. */
export interface PeriodEstimateView {
  periodStart: string;
  periodEnd: string;
  /** Decimal string in `spendCurrency`. */
  measuredSpend: string;
  spendCurrency: string;
  /** How many cost rows the spend sums; 0 means no spend was measured. */
  spendRowCount: number;
  chargeCents: number;
  /** Which part of the rule set the charge, as the pricing function names it. */
  appliedRule: string;
  /** Plain words for the portal, e.g. "No AI spend measured yet: the flat price applies." */
  explanation: string;
}

/** GET /billing: everything the billing page shows. */
export interface BillingOverview {
  orgId: string;
  tier: Tier;
  paymentsEnabled: boolean;
  trialEnabled: boolean;
  /** True once the organisation has used its one trial. */
  trialUsed: boolean;
  /** How long a trial lasts when one starts now. */
  trialDays: number;
  priceRule: PriceRuleView;
  subscription: SubscriptionView | null;
  cancelAtPeriodEnd: boolean;
  estimate: PeriodEstimateView | null;
  paymentMethod: PaymentMethodSummary | null;
  invoices: InvoiceView[];
  trial: TrialView | null;
}

/** PUT /admin/organizations/:orgId/enterprise-terms */
export interface EnterpriseTerms {
  /** Decimal string between 8 and 15, e.g. "10.50". */
  percent: string;
  minimumCents: number;
}

export interface EnterpriseTermsView extends EnterpriseTerms {
  orgId: string;
  tier: Tier;
  /** The contract's Stripe subscription, on which each period's contract charge is invoiced. */
  subscriptionId: string;
}
