import type { Feature, Tier, UpgradeOffer } from '@apex/contracts';
import { FEATURES, TIERS } from '@apex/contracts';
import { featureNeedsTier, FEATURE_LABELS } from '../format/plan-format';
import { formatClockTime, formatWindow } from '../format/time';
import { problemOf } from '../problem-message';

/** A run refused because the plan's rolling window is full (429 limit-reached). */
export interface RunLimitReached {
  kind: 'run-limit';
  limit: number;
  used: number;
  resetAt: Date | null;
  /** The current plan's window; the problem may not carry it, see UpgradePrompt. */
  windowSeconds: number | null;
  upgrade: UpgradeOffer | null;
}

/** A request refused because the plan lacks a feature (403 feature-gated). */
export interface FeatureGated {
  kind: 'feature';
  feature: Feature;
  requiredTier: Tier | null;
  upgrade: UpgradeOffer | null;
}

export type BlockedRequest = RunLimitReached | FeatureGated;

const count = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : null);

function offerOf(value: unknown): UpgradeOffer | null {
  if (typeof value !== 'object' || value === null) return null;
  const offer = value as Partial<UpgradeOffer>;
  const valid =
    TIERS.includes(offer.tier as Tier) &&
    typeof offer.name === 'string' &&
    count(offer.runLimit) !== null &&
    count(offer.windowSeconds) !== null &&
    typeof offer.pricing === 'object' &&
    offer.pricing !== null;
  return valid ? (offer as UpgradeOffer) : null;
}

function dateOf(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** What stopped a request, when the API answered that the plan stopped it; null for any other failure. */
export function blockedRequestOf(error: unknown): BlockedRequest | null {
  const problem = problemOf(error);
  if (!problem || typeof problem.type !== 'string') return null;
  if (problem.status === 429 && problem.type.endsWith('/limit-reached')) {
    const limit = count(problem['limit']);
    const used = count(problem['used']);
    if (limit === null || used === null) return null;
    return {
      kind: 'run-limit',
      limit,
      used,
      resetAt: dateOf(problem['resetAt']),
      windowSeconds: count(problem['windowSeconds']) || null,
      upgrade: offerOf(problem['upgrade']),
    };
  }
  if (problem.status === 403 && problem.type.endsWith('/feature-gated')) {
    const feature = problem['feature'] as Feature;
    if (!FEATURES.includes(feature)) return null;
    const requiredTier = TIERS.includes(problem['requiredTier'] as Tier) ? (problem['requiredTier'] as Tier) : null;
    return { kind: 'feature', feature, requiredTier, upgrade: offerOf(problem['upgrade']) };
  }
  return null;
}

/** What stopped the user, in plain words. */
export function blockedReason(block: BlockedRequest, now: Date = new Date()): string {
  if (block.kind === 'run-limit') {
    const runs = `run${block.limit === 1 ? '' : 's'}`;
    const window = block.windowSeconds ? ` in the last ${formatWindow(block.windowSeconds)}` : '';
    const next = block.resetAt ? ` The next one frees at ${formatClockTime(block.resetAt, now)}.` : '';
    return `You've used ${block.used} of ${block.limit} ${runs}${window}.${next}`;
  }
  if (block.upgrade) return featureNeedsTier(block.feature, block.upgrade.tier, block.upgrade.name);
  const { label, plural } = FEATURE_LABELS[block.feature];
  return `${label} ${plural ? 'are' : 'is'} not part of your plan.`;
}
