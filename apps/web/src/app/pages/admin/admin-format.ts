import type { Tier } from '@apex/contracts';
import { formatCents, formatPercent } from '../../core/format/plan-format';

const TIER_NAMES: Record<Tier, string> = { free: 'Free', early: 'Early', mid: 'Mid', enterprise: 'Enterprise' };

export const tierName = (tier: Tier) => TIER_NAMES[tier] ?? tier;

/** "12.5% of measured AI spend, at least $2,500 a month". */
export function contractSummary(percent: string, minimumCents: number): string {
  return `${formatPercent(percent)} of measured AI spend, at least ${formatCents(minimumCents)} a month`;
}
