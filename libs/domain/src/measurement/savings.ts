import { Decimal } from '../decimal';
import type { AdjustedBaselineDay } from './adjusted-baseline';

/*
 * Savings are avoided cost: adjusted baseline − actual, per day and in total, and the savings fraction
 * F = savings ÷ adjusted baseline (ASHRAE Guideline 14's F, which the fractional uncertainty is divided by).
 */

/** Decimals the savings fraction is shown to. */
export const FRACTION_SCALE = 6;

export interface DailySaving extends AdjustedBaselineDay {
  /** adjustedBaseline − actual. */
  savings: Decimal;
}

export interface Savings {
  days: DailySaving[];
  actual: Decimal;
  routineBaseline: Decimal;
  nonRoutineAdjustment: Decimal;
  adjustedBaseline: Decimal;
  /** adjustedBaseline − actual; negative when the scope cost more than its adjusted baseline. */
  savings: Decimal;
  /** F = savings ÷ adjustedBaseline to FRACTION_SCALE decimals; null when the adjusted baseline is not positive. */
  fraction: Decimal | null;
}

export function savingsOf(adjusted: readonly AdjustedBaselineDay[]): Savings {
  const days = adjusted.map((day) => ({ ...day, savings: day.adjustedBaseline.minus(day.actual) }));
  const total = (pick: (day: DailySaving) => Decimal) => Decimal.sum(days.map(pick));
  const adjustedBaseline = total((day) => day.adjustedBaseline);
  const savings = total((day) => day.savings);
  return {
    days,
    actual: total((day) => day.actual),
    routineBaseline: total((day) => day.routineBaseline),
    nonRoutineAdjustment: total((day) => day.nonRoutineAdjustment),
    adjustedBaseline,
    savings,
    fraction: adjustedBaseline.isPositive() ? savings.dividedBy(adjustedBaseline, FRACTION_SCALE) : null,
  };
}
