import type { CurrencySavings, MeasuringSavingsItem, MonthlyVerifiedSavings, PotentialSavingsItem, RecommendationView, VerifiedSavingsItem } from '@apex/contracts';
import { Decimal } from '@apex/domain';
import type { ProofRow } from '../stores/proof-row';

/*
 * The value dashboard's savings figures from the rows that make them up: each sum is of exactly the items listed
 * with it, so every figure opens into its proofs or recommendations.
 */

export const proofLink = (proofId: string) => `/app/proofs/${proofId}`;
export const runReportLink = (runId: string) => `/app/runs/${runId}`;

type Titles = ReadonlyMap<string, string>;

const titleOf = (titles: Titles, recommendationId: string) => titles.get(recommendationId) ?? 'Recommendation';

export function verifiedItem(proof: ProofRow, titles: Titles): VerifiedSavingsItem {
  return {
    proofId: proof.id,
    recommendationId: proof.recommendation_id,
    title: titleOf(titles, proof.recommendation_id),
    currency: proof.currency.trim(),
    amount: Decimal.of(proof.savings ?? '0').toString(),
    reportingEndsOn: proof.reporting_ends_on,
    link: proofLink(proof.id),
  };
}

export function measuringItem(proof: ProofRow, titles: Titles): MeasuringSavingsItem {
  return {
    proofId: proof.id,
    recommendationId: proof.recommendation_id,
    title: titleOf(titles, proof.recommendation_id),
    interim: proof.interim ? Decimal.of(proof.interim.savings).toString() : null,
    days: proof.interim?.days ?? 0,
    implementedOn: proof.implemented_on,
    reportingEndsOn: proof.reporting_ends_on,
    link: proofLink(proof.id),
  };
}

export function potentialItem(recommendation: RecommendationView): PotentialSavingsItem {
  return {
    recommendationId: recommendation.id,
    title: recommendation.title,
    status: recommendation.status as PotentialSavingsItem['status'],
    monthlyExpected: recommendation.monthlySavings.expected,
    link: runReportLink(recommendation.lastRunId),
  };
}

const sum = (amounts: Array<string | null>) => Decimal.sum(amounts.filter((a): a is string => a !== null)).toString();

/** The three figures per currency, currencies in alphabetical order. */
export function savingsByCurrency(verified: ProofRow[], unfinished: ProofRow[], pending: RecommendationView[], titles: Titles): CurrencySavings[] {
  const currencies = [...new Set([...verified, ...unfinished].map((p) => p.currency.trim()).concat(pending.map((r) => r.currency)))].sort();
  return currencies.map((currency) => {
    const verifiedItems = verified.filter((p) => p.currency.trim() === currency).map((p) => verifiedItem(p, titles));
    const measuringItems = unfinished.filter((p) => p.currency.trim() === currency).map((p) => measuringItem(p, titles));
    const potentialItems = pending.filter((r) => r.currency === currency).map(potentialItem);
    return {
      currency,
      verified: { amount: sum(verifiedItems.map((i) => i.amount)), items: verifiedItems },
      measuring: { amount: sum(measuringItems.map((i) => i.interim)), items: measuringItems },
      potential: { monthlyAmount: sum(potentialItems.map((i) => i.monthlyExpected)), items: potentialItems },
    };
  });
}

/** Verified savings by the month the reporting period ended, per currency, oldest month first. */
export function verifiedByMonth(verified: ProofRow[]): MonthlyVerifiedSavings[] {
  const months = new Map<string, MonthlyVerifiedSavings>();
  for (const proof of verified) {
    const month = proof.reporting_ends_on.slice(0, 7);
    const currency = proof.currency.trim();
    const key = `${month} ${currency}`;
    const seen = months.get(key) ?? { month, currency, amount: '0', proofIds: [] };
    months.set(key, { ...seen, amount: Decimal.of(seen.amount).plus(proof.savings ?? '0').toString(), proofIds: [...seen.proofIds, proof.id] });
  }
  return [...months.values()].sort((a, b) => a.month.localeCompare(b.month) || a.currency.localeCompare(b.currency));
}
