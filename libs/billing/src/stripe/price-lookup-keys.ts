import type { SelfServeTier, Tier } from '@apex/contracts';
import { SELF_SERVE_TIERS } from '@apex/contracts';

/**
 * Each self-serve tier is one recurring monthly Stripe price, found by its lookup key (set once per Stripe
 * account, in test and live mode alike), so no price id lives in configuration.
 */
export const PRICE_LOOKUP_KEYS: Record<SelfServeTier, string> = {
  early: 'apex_early_monthly',
  mid: 'apex_mid_monthly',
};

export function tierForLookupKey(lookupKey: string | null | undefined): SelfServeTier | null {
  return SELF_SERVE_TIERS.find((tier) => PRICE_LOOKUP_KEYS[tier] === lookupKey) ?? null;
}

export function isSelfServeTier(tier: Tier | string): tier is SelfServeTier {
  return (SELF_SERVE_TIERS as readonly string[]).includes(tier);
}
