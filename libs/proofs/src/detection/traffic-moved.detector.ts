import type { DetectedChange, ProofBoundary } from '@apex/contracts';
import { Decimal } from '@apex/domain';
import { SHARE_JUMP_POINTS, DailyShare, firstShareJump } from './share-jump';
import { ModelDay, perDay } from './daily-model-usage';

/**
 * A model's traffic moving (substitution, deprecated model): the share of the boundary's traffic carried by the
 * models the change sends it to (every boundary model but the scope's) jumps. Traffic is counted in tokens, or in
 * requests where the rows carry no tokens.
 */
export function detectTrafficMoved(boundary: ProofBoundary, days: readonly ModelDay[], earliest: string): DetectedChange | null {
  const targets = boundary.models.filter((model) => model !== boundary.model);
  if (targets.length === 0) return null;
  const byTokens = days.some((day) => day.tokens.isPositive());
  const pick = (day: ModelDay) => (byTokens ? day.tokens : day.requests);
  const moved = perDay(days, pick, (model) => targets.includes(model));
  const series: DailyShare[] = [...perDay(days, pick)].map(([day, total]) => ({ day, numerator: moved.get(day) ?? Decimal.ZERO, denominator: total }));
  const jump = firstShareJump(series, earliest);
  if (!jump) return null;
  return {
    kind: 'traffic_moved',
    firstDay: jump.firstDay,
    measure: `${targets.join(', ')}'s share of the ${byTokens ? 'tokens' : 'requests'} of ${boundary.models.join(' and ')}`,
    before: jump.before,
    after: jump.after,
    thresholdPoints: String(SHARE_JUMP_POINTS),
  };
}
