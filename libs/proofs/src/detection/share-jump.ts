import type { ShareOverDays } from '@apex/contracts';
import { addDays, Decimal } from '@apex/domain';

/*
 * The one test every detector applies: on which first day did a share (a model's part of the traffic, the cached
 * part of the input tokens, the batch part of the requests) rise and stay risen?
 */

/**
 * The rise, in percentage points, from the days before to every day after, that counts as a change. A steady
 * workload's daily share moves by a few points as its mix of jobs changes; 15 points held on each day compared is
 * far outside that, and still below the smallest share the optimizer's agents price a change at (20 % of the
 * traffic moved or batched, 25 % of the input cached), so a partial roll-out is seen too.
 */
export const SHARE_JUMP_POINTS = 15;
/** Days before a candidate day that make its "before": two weeks, so weekdays and weekends both count. */
export const BEFORE_DAYS = 14;
/** A "before" needs at least a week of days with rows; fewer say too little about the usual share. */
export const MIN_BEFORE_DAYS = 7;
/** Days from the candidate day that make its "after"; every one with rows must clear the jump. */
export const AFTER_DAYS = 7;

const PERCENT_SCALE = 2;

/** One day's share: what is counted out of what (tokens or requests). */
export interface DailyShare {
  day: string;
  numerator: Decimal;
  denominator: Decimal;
}

export interface ShareJump {
  firstDay: string;
  before: ShareOverDays;
  after: ShareOverDays;
}

const percentOf = (numerator: Decimal, denominator: Decimal) => numerator.times(100).dividedBy(denominator, 6);

/** The share over days with rows, from the first of them to the last. */
function overDays(days: DailyShare[]): { share: ShareOverDays; percent: Decimal } {
  const numerator = Decimal.sum(days.map((d) => d.numerator));
  const denominator = Decimal.sum(days.map((d) => d.denominator));
  const percent = percentOf(numerator, denominator);
  return {
    share: {
      from: days[0].day,
      to: days[days.length - 1].day,
      days: days.length,
      numerator: numerator.toString(),
      denominator: denominator.toString(),
      sharePercent: percent.toFixed(PERCENT_SCALE),
    },
    percent,
  };
}

/**
 * The first day on or after `earliest` whose share, and that of every day with rows in the `AFTER_DAYS` from it, is
 * at least `SHARE_JUMP_POINTS` above the share over the `BEFORE_DAYS` before it (at least `MIN_BEFORE_DAYS` of them
 * with rows); null when there is none. Days whose denominator is zero carry no share and are left out.
 */
export function firstShareJump(series: readonly DailyShare[], earliest: string): ShareJump | null {
  const days = series.filter((d) => d.denominator.isPositive()).sort((a, b) => a.day.localeCompare(b.day));
  for (const candidate of days) {
    if (candidate.day < earliest) continue;
    const beforeFrom = addDays(candidate.day, -BEFORE_DAYS);
    const beforeTo = addDays(candidate.day, -1);
    const beforeDays = days.filter((d) => d.day >= beforeFrom && d.day <= beforeTo);
    if (beforeDays.length < MIN_BEFORE_DAYS) continue;
    const before = overDays(beforeDays);
    const needed = before.percent.plus(SHARE_JUMP_POINTS);
    const afterTo = addDays(candidate.day, AFTER_DAYS - 1);
    const afterDays = days.filter((d) => d.day >= candidate.day && d.day <= afterTo);
    if (!afterDays.every((d) => percentOf(d.numerator, d.denominator).gte(needed))) continue;
    return { firstDay: candidate.day, before: before.share, after: overDays(afterDays).share };
  }
  return null;
}
