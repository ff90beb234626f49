import { addDays } from '@apex/costs';
import { Decimal } from '@apex/domain';
import { money } from '../llm/llm-agent';
import type { DayWindow } from '../agent-context';
import type { ServiceSpend } from './service-spend';
import { cloudDocUrl, CloudFindingSpec, serviceName, wholePercent } from './cloud-finding';

/** Ratios are kept to this many decimal places. */
const RATIO_SCALE = 12;

/**
 * What a commitment would have saved on a service's on-demand spend over the window, from the organisation's own
 * commitment rows of that service (never an assumed discount):
 *   d = (ListCost − EffectiveCost) ÷ ListCost of the service's rows used under a commitment;
 *   k = ListCost ÷ EffectiveCost of its on-demand rows (1 where they carry no ListCost, and never below 1), so that
 *       an on-demand rate already below list (a negotiated discount) is not discounted again;
 *   r = (1 − d) × k, what a dollar of on-demand usage costs once committed.
 * A commitment of L a day (in on-demand dollars) on days with on-demand spend D₁…Dₙ (0 for a day without) saves
 *   S(L) = Σ min(L, Dᵢ) − n × L × r
 * (what it covers, less what it costs whether used or not). Low is S at the least day's spend (never unused),
 * expected the largest S over the days' own levels (S is concave and piecewise linear, so its maximum is at one of
 * them), high (1 − r) × Σ Dᵢ: every on-demand dollar committed with nothing unused. Low ≤ expected ≤ high.
 * Null without on-demand spend, without committed rows carrying a ListCost, or when a commitment would not pay.
 */
export interface CoveragePlan {
  discount: Decimal;
  onDemandToList: Decimal;
  committedRate: Decimal;
  floor: Decimal;
  best: Decimal;
  low: Decimal;
  expected: Decimal;
  high: Decimal;
  /** On-demand spend a commitment at `floor` / `best` a day covers over the window. */
  coveredAtFloor: Decimal;
  coveredAtBest: Decimal;
}

export function coveragePlan(spend: ServiceSpend, window: DayWindow): CoveragePlan | null {
  const { committed, onDemand } = spend;
  if (!onDemand.effectiveCost.isPositive() || !committed.listCost.isPositive()) return null;
  const discount = committed.listCost.minus(committed.listedEffectiveCost).dividedBy(committed.listCost, RATIO_SCALE);
  if (!discount.isPositive()) return null;
  const onDemandToList =
    onDemand.listCost.isPositive() && onDemand.listedEffectiveCost.isPositive()
      ? Decimal.max(Decimal.ONE, onDemand.listCost.dividedBy(onDemand.listedEffectiveCost, RATIO_SCALE))
      : Decimal.ONE;
  const committedRate = Decimal.ONE.minus(discount).times(onDemandToList).round(RATIO_SCALE);
  if (committedRate.gte(Decimal.ONE)) return null;

  const days = Array.from({ length: window.days }, (_, i) => spend.onDemandByDay.get(addDays(window.from, i)) ?? Decimal.ZERO);
  const covered = (level: Decimal) => Decimal.sum(days.map((day) => Decimal.min(level, day)));
  const saving = (level: Decimal) => covered(level).minus(level.times(window.days).times(committedRate));
  const floor = Decimal.min(days[0], ...days.slice(1));
  let best = floor;
  let expected = saving(floor);
  for (const level of [...new Set(days.map(String))].map((text) => Decimal.of(text)).sort((a, b) => a.compare(b))) {
    const atLevel = saving(level);
    if (atLevel.gt(expected)) [best, expected] = [level, atLevel];
  }
  return {
    discount,
    onDemandToList,
    committedRate,
    floor,
    best,
    low: saving(floor),
    expected,
    high: Decimal.ONE.minus(committedRate).times(onDemand.effectiveCost),
    coveredAtFloor: covered(floor),
    coveredAtBest: covered(best),
  };
}

const pct = (ratio: Decimal) => `${ratio.times(100).round(1)} %`;

/** The on-demand share of a service's commitment-eligible spend, and what committing to it would save. */
export function commitmentCoverageSpec(spend: ServiceSpend, window: DayWindow): Omit<CloudFindingSpec, 'spend'> | null {
  const plan = coveragePlan(spend, window);
  if (!plan) return null;
  const { currency, provider } = spend;
  const service = serviceName(spend.service);
  const eligible = spend.onDemand.effectiveCost.plus(spend.committed.effectiveCost);
  const onDemandShare = spend.onDemand.effectiveCost.dividedBy(eligible, RATIO_SCALE);
  const perDay = (amount: Decimal) => money(amount, currency);
  const hourly = plan.best.times(plan.committedRate).dividedBy(24, 6);
  return {
    kind: 'commitment_coverage',
    resource: null,
    title: `${pct(onDemandShare)} of the commitment-eligible spend of ${service} runs on demand`,
    steps: [
      `Look at the on-demand usage of ${service} on ${provider}: ${money(spend.onDemand.effectiveCost, currency)} over the last ${window.days} days, on top of ${money(spend.committed.effectiveCost, currency)} already under commitments.`,
      `Commit to about ${perDay(plan.best)} a day of it (about ${money(hourly, currency)} an hour at your commitments' rate): the level that would have saved most over these days.`,
      `Buy it as the same kind of commitment (savings plan or reservation, same term) that now covers ${service}, so that its discount is the one your rows show.`,
      `Check its utilisation after the first month, and size later commitments on what is still on demand.`,
    ],
    docUrl: cloudDocUrl(provider, 'commitment_coverage'),
    savings: { low: plan.low, expected: plan.expected, high: plan.high, days: window.days },
    scenarios: [
      { sharePercent: wholePercent(plan.coveredAtFloor, spend.onDemand.effectiveCost), saving: plan.low },
      { sharePercent: wholePercent(plan.coveredAtBest, spend.onDemand.effectiveCost), saving: plan.expected },
      { sharePercent: 100, saving: plan.high },
    ].filter((s, i, all) => all.findIndex((o) => o.sharePercent === s.sharePercent) === i),
    assumptions: [
      `A new commitment is priced at the discount your commitments of ${service} show: (ListCost − EffectiveCost) ÷ ListCost = ${pct(plan.discount)} over ${spend.committed.rowCount} committed rows (${money(spend.committed.listCost, currency)} list, ${money(spend.committed.listedEffectiveCost, currency)} paid).`,
      ...(plan.onDemandToList.gt(Decimal.ONE)
        ? [`Your on-demand rows of ${service} already cost ${pct(Decimal.ONE.minus(Decimal.ONE.dividedBy(plan.onDemandToList, RATIO_SCALE)))} less than list, so a committed on-demand dollar costs ${plan.committedRate.round(4)} of a dollar, not ${Decimal.ONE.minus(plan.discount).round(4)}.`]
        : []),
      `Low commits to the least on-demand spend of any day (${perDay(plan.floor)}), which every day used in full; expected to the level that saves most over the ${window.days} days (${perDay(plan.best)} a day), counting what it leaves unused on quieter days; high commits every on-demand dollar with nothing unused.`,
      'Days are UTC charge days; commitments are bought by the hour, so a day that swings within itself can use less of one than its total suggests.',
      'A commitment is paid for its whole term (one or three years) whether used or not: the saving holds while this usage does.',
    ],
    effort: 'medium',
    risk: 'medium',
  };
}
