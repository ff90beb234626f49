import type { DetectedChange, ProofBoundary } from '@apex/contracts';
import { Decimal } from '@apex/domain';
import { SHARE_JUMP_POINTS, DailyShare, firstShareJump } from './share-jump';
import { ModelDay, perDay } from './daily-model-usage';

/** Prompt caching taking effect: the cached share of the scope model's input tokens jumps. */
export function detectCachedShareJump(boundary: ProofBoundary, days: readonly ModelDay[], earliest: string): DetectedChange | null {
  const scope = (model: string) => model === boundary.model;
  const cached = perDay(days, (day) => day.cachedTokens, scope);
  const series: DailyShare[] = [...perDay(days, (day) => day.inputTokens, scope)].map(([day, input]) => ({ day, numerator: cached.get(day) ?? Decimal.ZERO, denominator: input }));
  const jump = firstShareJump(series, earliest);
  if (!jump) return null;
  return {
    kind: 'cached_share_jumped',
    firstDay: jump.firstDay,
    measure: `the cached share of ${boundary.model}'s input tokens`,
    before: jump.before,
    after: jump.after,
    thresholdPoints: String(SHARE_JUMP_POINTS),
  };
}
