import type { DayRange } from './value-api';
import type { SpendBucket } from '@apex/contracts';

export interface BucketSpan {
  /** First day of the bucket, or of the range where the bucket starts before it (YYYY-MM-DD). */
  start: string;
  /** First day after the bucket, or the range's end. */
  end: string;
}

const next = (day: string, bucket: SpendBucket): string => {
  const date = new Date(`${day}T00:00:00Z`);
  if (bucket === 'day') date.setUTCDate(date.getUTCDate() + 1);
  // Weeks start on Monday (ISO 8601), as the API's do.
  if (bucket === 'week') date.setUTCDate(date.getUTCDate() + (((8 - date.getUTCDay()) % 7) || 7));
  if (bucket === 'month') date.setUTCMonth(date.getUTCMonth() + 1, 1);
  return date.toISOString().slice(0, 10);
};

/**
 * Every bucket of a range, clipped to it as the API clips them, including those without data: the API leaves those
 * out, and a chart fills them in (as zero) so that a gap in the data shows as a gap rather than being skipped.
 */
export function bucketsOf(range: DayRange, bucket: SpendBucket): BucketSpan[] {
  const spans: BucketSpan[] = [];
  for (let start = range.from; start < range.to; start = next(start, bucket)) {
    const end = next(start, bucket);
    spans.push({ start, end: end < range.to ? end : range.to });
  }
  return spans;
}
