import type { Tier } from '@apex/contracts';

/** The marketing line under each plan's name. Names, prices and limits come from GET /plans, never from here. */
export const TIER_AUDIENCE: Readonly<Record<Tier, string>> = {
  free: 'See where your AI spend goes',
  early: 'For teams starting to scale AI',
  mid: 'For teams with a growing AI bill',
  enterprise: 'For organisations with large AI budgets',
};
