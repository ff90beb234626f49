import type { DetectedChange, ProofBoundary } from '@apex/contracts';
import { Decimal } from '@apex/domain';
import { SHARE_JUMP_POINTS, DailyShare, firstShareJump } from './share-jump';
import { ModelDay, perDay } from './daily-model-usage';

/**
 * Batch-priced rows appearing: the share of the scope model's requests billed at the Batch tier jumps (from none,
 * usually). Counted in tokens where the rows carry no requests.
 */
export function detectBatchRows(boundary: ProofBoundary, days: readonly ModelDay[], earliest: string): DetectedChange | null {
  const scope = (model: string) => model === boundary.model;
  const byRequests = days.some((day) => scope(day.model) && day.requests.isPositive());
  const batch = perDay(days, (day) => (byRequests ? day.batchRequests : day.batchTokens), scope);
  const series: DailyShare[] = [...perDay(days, (day) => (byRequests ? day.requests : day.tokens), scope)].map(([day, total]) => ({
    day,
    numerator: batch.get(day) ?? Decimal.ZERO,
    denominator: total,
  }));
  const jump = firstShareJump(series, earliest);
  if (!jump) return null;
  return {
    kind: 'batch_rows_appeared',
    firstDay: jump.firstDay,
    measure: `the batch-priced share of ${boundary.model}'s ${byRequests ? 'requests' : 'tokens'}`,
    before: jump.before,
    after: jump.after,
    thresholdPoints: String(SHARE_JUMP_POINTS),
  };
}
