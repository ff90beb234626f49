import type { Entitlements, Feature, PlanView, Tier, UpgradeOffer } from '@apex/contracts';

/** Per-organisation terms that take precedence over the plan (enterprise contracts). */
export interface PlanOverride {
  runLimit: number | null;
  windowSeconds: number | null;
  extraFeatures: Feature[];
}

export function entitlementsOf(plan: PlanView, override?: PlanOverride | null): Entitlements {
  const features = new Set<Feature>([...plan.features, ...(override?.extraFeatures ?? [])]);
  return {
    tier: plan.tier,
    runLimit: override?.runLimit ?? plan.runLimit,
    windowSeconds: override?.windowSeconds ?? plan.windowSeconds,
    features: [...features],
  };
}

const byRank = (plans: PlanView[]) => [...plans].sort((a, b) => a.rank - b.rank);

const offer = (plan: PlanView): UpgradeOffer => ({
  tier: plan.tier,
  name: plan.name,
  runLimit: plan.runLimit,
  windowSeconds: plan.windowSeconds,
  pricing: plan.pricing,
});

/** The next tier up that raises the run limit, or null at the top. */
export function nextTierForRuns(plans: PlanView[], current: Tier): UpgradeOffer | null {
  const sorted = byRank(plans);
  const here = sorted.find((p) => p.tier === current);
  if (!here) return null;
  const next = sorted.find((p) => p.rank > here.rank && p.runLimit > here.runLimit);
  return next ? offer(next) : null;
}

/** The lowest tier that includes a feature, or null if none does. */
export function tierUnlocking(plans: PlanView[], feature: Feature): UpgradeOffer | null {
  const plan = byRank(plans).find((p) => p.features.includes(feature));
  return plan ? offer(plan) : null;
}
