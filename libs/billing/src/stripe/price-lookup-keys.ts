import type { SelfServeTier, Tier } from '@apex/contracts';
import { SELF_SERVE_TIERS } from '@apex/contracts';

/** A tier that has a recurring Stripe price: the self-serve tiers, and Enterprise's contract subscription. */
export type PricedTier = SelfServeTier | 'enterprise';

/**
 * Each priced tier is one recurring monthly Stripe price, found by its lookup key (set once per Stripe account, in
 * test and live mode alike), so no price id lives in configuration. Enterprise's price is $0: its contract charge
 * is added to each period by the billing-period workflow, in arrears.
 */
export const PRICE_LOOKUP_KEYS: Record<PricedTier, string> = {
  early: 'apex_early_monthly',
  mid: 'apex_mid_monthly',
  enterprise: 'apex_enterprise_monthly',
};

const PRICED_TIERS = Object.keys(PRICE_LOOKUP_KEYS) as PricedTier[];

export function tierForLookupKey(lookupKey: string | null | undefined): PricedTier | null {
  return PRICED_TIERS.find((tier) => PRICE_LOOKUP_KEYS[tier] === lookupKey) ?? null;
}

export function isPricedTier(tier: Tier | string): tier is PricedTier {
  return (PRICED_TIERS as readonly string[]).includes(tier);
}

export function isSelfServeTier(tier: Tier | string): tier is SelfServeTier {
  return (SELF_SERVE_TIERS as readonly string[]).includes(tier);
}
