import {
  FieldError,
  METRICS_MAX_DAY_BUCKETS,
  METRICS_MAX_RANGE_DAYS,
  MetricsRange,
  MetricsRangeQuery,
  SpendBucket,
} from '@apex/contracts';
import { daysBetween, isDay, monthStart, today } from './calendar-days';

/** A metrics query the caller has to correct: each entry names the query parameter at fault. */
export class MetricsQueryError extends Error {
  constructor(readonly errors: FieldError[]) {
    super(errors.map((e) => `${e.field}: ${e.message}`).join('; '));
  }
}

/** The field errors of a range (and, for series, of its bucket count); empty when it is usable. */
export function rangeErrors(query: MetricsRangeQuery, bucket?: SpendBucket): FieldError[] {
  const { from, to } = query;
  if (from === undefined && to === undefined) return [];
  if (from === undefined) return [{ field: 'from', message: 'from is required when to is given (give both, or neither for the default range)' }];
  if (to === undefined) return [{ field: 'to', message: 'to is required when from is given (give both, or neither for the default range)' }];
  const errors: FieldError[] = [];
  if (!isDay(from)) errors.push({ field: 'from', message: 'from must be a calendar day as YYYY-MM-DD' });
  if (!isDay(to)) errors.push({ field: 'to', message: 'to must be a calendar day as YYYY-MM-DD' });
  if (errors.length) return errors;
  const days = daysBetween(from, to);
  if (days <= 0) return [{ field: 'to', message: 'to must be a later day than from (the range is from ≤ day < to)' }];
  if (days > METRICS_MAX_RANGE_DAYS) return [{ field: 'to', message: `the range must span at most ${METRICS_MAX_RANGE_DAYS} days` }];
  if (bucket === 'day' && days > METRICS_MAX_DAY_BUCKETS) {
    return [{ field: 'bucket', message: `a series by day spans at most ${METRICS_MAX_DAY_BUCKETS} days; choose week or month for this range` }];
  }
  return [];
}

/**
 * The range a query asks for, or the default one: the three calendar months ending with the month of the latest
 * day with AI spend, or with the current month when there is none.
 */
export function resolveRange(query: MetricsRangeQuery, latestAiDay: string | null, now: Date = new Date()): MetricsRange {
  if (query.from !== undefined && query.to !== undefined) return { from: query.from, to: query.to, defaulted: false };
  const anchor = latestAiDay ?? today(now);
  return { from: monthStart(anchor, -2), to: monthStart(anchor, 1), defaulted: true };
}

/** The field error of a projection day: a calendar day, not in the future. */
export function asOfErrors(asOf: string | undefined, now: Date = new Date()): FieldError[] {
  if (asOf === undefined) return [];
  if (!isDay(asOf)) return [{ field: 'asOf', message: 'asOf must be a calendar day as YYYY-MM-DD' }];
  if (daysBetween(today(now), asOf) > 0) return [{ field: 'asOf', message: 'asOf cannot be in the future' }];
  return [];
}

export function throwIfAny(errors: FieldError[]): void {
  if (errors.length) throw new MetricsQueryError(errors);
}
