import type { BillingOverview, PlanView, SelfServeTier, Tier } from '@apex/contracts';
import { SELF_SERVE_TIERS } from '@apex/contracts';

/** What a plan's card on the upgrade page offers the person looking at it. */
export type OfferAction =
  | { kind: 'current' }
  /** Buy it through Stripe Checkout. */
  | { kind: 'checkout'; tier: SelfServeTier; label: string; hint?: string }
  /** A running subscription moves to it on the billing page (prorated, with a confirmation). */
  | { kind: 'switch'; label: string }
  | { kind: 'sales' }
  | { kind: 'none' };

const CURRENT: OfferAction = { kind: 'current' };
const NONE: OfferAction = { kind: 'none' };

export const isSelfServeTier = (tier: Tier): tier is SelfServeTier => (SELF_SERVE_TIERS as readonly Tier[]).includes(tier);

/**
 * The action of one plan, from GET /billing's answer: contracts go through sales; Early and Mid are bought by an
 * owner while payments are on; an organisation with a subscription switches it instead of buying another; during
 * a trial (no subscription yet) the trial's own plan can be bought to keep it.
 */
export function offerAction(plan: PlanView, overview: BillingOverview | null, isOwner: boolean): OfferAction {
  const isCurrent = plan.tier === overview?.tier;
  if (plan.pricing.rule === 'contract') return isCurrent ? CURRENT : { kind: 'sales' };
  if (!overview || !isSelfServeTier(plan.tier) || overview.tier === 'enterprise') return isCurrent ? CURRENT : NONE;
  const trialWithoutSubscription = overview.trial !== null && overview.subscription === null;
  if (isCurrent && !trialWithoutSubscription) return CURRENT;
  if (!overview.paymentsEnabled || !isOwner) return isCurrent ? CURRENT : NONE;
  if (overview.subscription) return { kind: 'switch', label: `Switch to ${plan.name}` };
  if (isCurrent) return { kind: 'checkout', tier: plan.tier, label: `Keep ${plan.name}`, hint: 'The first payment is when your trial ends.' };
  return { kind: 'checkout', tier: plan.tier, label: `Subscribe to ${plan.name}` };
}

/** Whether the organisation may start its one trial now, as GET /billing answers it. */
export function trialAvailable(overview: BillingOverview | null): boolean {
  return !!overview && overview.paymentsEnabled && overview.trialEnabled && !overview.trialUsed && overview.tier === 'free';
}

/** The features a plan adds to the plan below it (all of them for the first). */
export function addedFeatures(plans: PlanView[], plan: PlanView): PlanView['features'] {
  const below = plans.filter((other) => other.rank < plan.rank).sort((a, b) => b.rank - a.rank)[0];
  return below ? plan.features.filter((feature) => !below.features.includes(feature)) : plan.features;
}
