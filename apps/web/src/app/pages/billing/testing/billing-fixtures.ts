import type { BillingOverview, InvoiceView, MeView, PeriodEstimateView, PlanView, Role, SubscriptionView, Tier, TrialView } from '@apex/contracts';
import { FEATURES } from '@apex/contracts';

/** The plans as GET /plans serves them from the seeded catalogue. */
export const PLANS: PlanView[] = [
  {
    tier: 'free',
    name: 'Free',
    rank: 0,
    runLimit: 3,
    windowSeconds: 18000,
    features: ['basic_chat', 'simple_optimization'],
    pricing: { rule: 'free', flatMonthlyCents: 0, percentOfSpend: null, contractPercentMin: null, contractPercentMax: null },
  },
  {
    tier: 'early',
    name: 'Early',
    rank: 1,
    runLimit: 100,
    windowSeconds: 18000,
    features: ['basic_chat', 'simple_optimization', 'advanced_optimization', 'basic_analytics', 'api_access'],
    pricing: { rule: 'flat_or_percent', flatMonthlyCents: 9900, percentOfSpend: '2.00', contractPercentMin: null, contractPercentMax: null },
  },
  {
    tier: 'mid',
    name: 'Mid',
    rank: 2,
    runLimit: 1000,
    windowSeconds: 18000,
    features: ['basic_chat', 'simple_optimization', 'advanced_optimization', 'basic_analytics', 'api_access', 'all_agents', 'team_collaboration', 'advanced_analytics'],
    pricing: { rule: 'flat_or_percent', flatMonthlyCents: 49900, percentOfSpend: '5.00', contractPercentMin: null, contractPercentMax: null },
  },
  {
    tier: 'enterprise',
    name: 'Enterprise',
    rank: 3,
    runLimit: 1000,
    windowSeconds: 18000,
    features: [...FEATURES],
    pricing: { rule: 'contract', flatMonthlyCents: null, percentOfSpend: null, contractPercentMin: '8.00', contractPercentMax: '15.00' },
  },
];

/** The catalogue's plan of `tier`. */
export function planOf(tier: string): PlanView {
  const plan = PLANS.find((candidate) => candidate.tier === tier);
  if (!plan) throw new Error(`no ${tier} plan in the fixtures`);
  return plan;
}

export const ORG_ID = '7c1e9a52-3f0b-4a57-9d1e-2b8f6c4d0a11';

/** A Free organisation with payments on and its trial unused, as GET /billing answers it. */
export function overview(changes: Partial<BillingOverview> = {}): BillingOverview {
  return {
    orgId: ORG_ID,
    tier: 'free',
    paymentsEnabled: true,
    trialEnabled: true,
    trialDays: 7,
    trialUsed: false,
    priceRule: { rule: 'free', flatCents: null, percent: null, minimumCents: null },
    subscription: null,
    cancelAtPeriodEnd: false,
    estimate: null,
    paymentMethod: null,
    invoices: [],
    trial: null,
    ...changes,
  };
}

export const EARLY_RULE: BillingOverview['priceRule'] = { rule: 'flat_or_percent', flatCents: 9900, percent: '2.00', minimumCents: null };

/** Early on a running subscription, this period's estimate from no measured spend. */
export function earlySubscriber(changes: Partial<BillingOverview> = {}): BillingOverview {
  return overview({
    tier: 'early',
    trialUsed: true,
    priceRule: EARLY_RULE,
    subscription: EARLY_SUBSCRIPTION,
    estimate: NO_SPEND_ESTIMATE,
    paymentMethod: { brand: 'visa', last4: '4242' },
    invoices: [PAID_INVOICE],
    ...changes,
  });
}

export const EARLY_SUBSCRIPTION: SubscriptionView = {
  id: 'sub_test_1',
  tier: 'early',
  status: 'active',
  currentPeriodStart: '2026-03-01T12:00:00.000Z',
  currentPeriodEnd: '2026-04-01T12:00:00.000Z',
  cancelAtPeriodEnd: false,
  trialEnd: null,
};

export const NO_SPEND_ESTIMATE: PeriodEstimateView = {
  periodStart: '2026-03-01T12:00:00.000Z',
  periodEnd: '2026-04-01T12:00:00.000Z',
  measuredSpend: '0',
  spendCurrency: 'USD',
  spendRowCount: 0,
  chargeCents: 9900,
  appliedRule: 'flat_price',
  explanation: 'No AI spend has been measured this period, so the flat price applies.',
};

export const PAID_INVOICE: InvoiceView = {
  id: 'in_test_1',
  number: 'APEX-0001',
  status: 'paid',
  amountDueCents: 9900,
  amountPaidCents: 9900,
  currency: 'usd',
  hostedInvoiceUrl: 'https://invoice.stripe.com/i/acct_test/in_test_1',
  periodStart: '2026-03-01T12:00:00.000Z',
  periodEnd: '2026-04-01T12:00:00.000Z',
  createdAt: '2026-03-01T12:05:00.000Z',
};

export const TRIAL: TrialView = { status: 'active', startedAt: '2026-03-10T09:00:00.000Z', endsAt: '2026-03-17T09:00:00.000Z', daysLeft: 7 };

/** A Free organisation three hours into its 7-day trial of Early, without a payment method. */
export function inTrial(changes: Partial<BillingOverview> = {}): BillingOverview {
  return overview({
    tier: 'early',
    trialUsed: true,
    priceRule: EARLY_RULE,
    trial: TRIAL,
    ...changes,
  });
}

export function me(role: Role = 'owner', tier: Tier = 'free'): MeView {
  return {
    user: { id: 'u-1', email: 'grace@compilers.example', name: 'Grace Hopper', isOperator: false, emailVerified: true },
    organization: { id: ORG_ID, name: 'Compilers Inc', tier },
    role,
  };
}

/** A problem+json answer for HttpTestingController.flush. */
export const problem = (status: number, type: string, title: string, detail: string) => ({
  body: { type: `https://apex.dev/problems/${type}`, title, status, detail },
  options: { status, statusText: title, headers: { 'content-type': 'application/problem+json' } },
});
