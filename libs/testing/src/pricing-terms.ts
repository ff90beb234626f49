import type { PricingTerms } from '@apex/contracts';

const early: PricingTerms = {
  tier: 'early',
  rule: 'flat_or_percent',
  flatMonthlyCents: 9900,
  percentOfSpend: '2.00',
  contractPercent: null,
  contractMinimumCents: null,
  contractPercentMin: null,
  contractPercentMax: null,
};

/** The pricing terms of the self-serve plans, as the plans rows of the accounts migration hold them. */
export const PLAN_PRICING_TERMS: Record<'free' | 'early' | 'mid', PricingTerms> = {
  free: { ...early, tier: 'free', rule: 'free', flatMonthlyCents: 0, percentOfSpend: null },
  early,
  mid: { ...early, tier: 'mid', flatMonthlyCents: 49900, percentOfSpend: '5.00' },
};
