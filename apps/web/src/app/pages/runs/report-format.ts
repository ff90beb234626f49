import type { LockedFindings, RecommendationKind, RecommendationView, SavingsScenario, UpgradeOffer } from '@apex/contracts';
import { formatMoney } from '../value/value-format';

/** Amounts in several currencies, each in its own: "$187.50 and €12.00"; empty for none. */
export function formatAmounts(amounts: Array<{ currency: string; amount: string }>): string {
  return amounts.map((a) => formatMoney(a.amount, a.currency)).join(' and ');
}

const tierName = (locked: LockedFindings) => locked.upgrade?.name ?? locked.tier.charAt(0).toUpperCase() + locked.tier.slice(1);

/** "2 more findings, up to $412.50 a month in potential savings, on Early." */
export function lockedLine(locked: LockedFindings): string {
  const findings = `${locked.findingCount} more finding${locked.findingCount === 1 ? '' : 's'}`;
  const upTo = formatAmounts(locked.upTo.map((u) => ({ currency: u.currency, amount: u.monthlySavings })));
  return upTo ? `${findings}, up to ${upTo} a month in potential savings, on ${tierName(locked)}.` : `${findings} on ${tierName(locked)}.`;
}

/** Where an upgrade offer is taken: checkout for the self-serve plans, the plans page for the rest. */
export function upgradeLink(offer: UpgradeOffer | null): string {
  return offer?.pricing.rule === 'flat_or_percent' ? '/app/upgrade' : '/plans';
}

/** The scenario shown first: the one nearest the finding's expected figure (the first of equals). */
export function defaultScenario(finding: Pick<RecommendationView, 'scenarios' | 'monthlySavings'>): SavingsScenario | null {
  const expected = Number(finding.monthlySavings.expected);
  const distance = (s: SavingsScenario) => Math.abs(Number(s.monthlySavings) - expected);
  return finding.scenarios.reduce<SavingsScenario | null>((best, s) => (best === null || distance(s) < distance(best) ? s : best), null);
}

const SHARE_OF: Partial<Record<RecommendationKind, string>> = {
  model_substitution: 'of the traffic moves to the suggested model',
  prompt_caching: 'of the uncached input is a repeated prefix',
  batch: 'of the requests can wait for a batch',
  service_tier: 'of the traffic moves to the suggested tier',
};

/** What a scenario's share is a share of: "If 50 % of the requests can wait for a batch". */
export function scenarioCondition(kind: RecommendationKind, sharePercent: number): string {
  return `If ${sharePercent} % ${SHARE_OF[kind] ?? 'of the traffic qualifies'}`;
}
