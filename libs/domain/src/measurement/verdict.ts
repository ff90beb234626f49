import { Decimal } from '../decimal';

/*
 * The verdict on a recommendation's savings, in this order:
 *   insufficient_baseline  the baseline cannot carry a measurement (under 90 % of its days have readings, or
 *                          nothing in it could be priced);
 *   no_savings             savings ≤ 0;
 *   verified               the 68 % uncertainty is below half the savings: ASHRAE Guideline 14's test that the
 *                          fractional savings uncertainty at 68 % confidence is under 50 %;
 *   inconclusive           otherwise, including when the uncertainty could not be estimated.
 */

export const SAVINGS_VERDICTS = ['verified', 'inconclusive', 'no_savings', 'insufficient_baseline'] as const;
export type SavingsVerdict = (typeof SAVINGS_VERDICTS)[number];

export interface VerdictInput {
  baselineSufficient: boolean;
  savings: Decimal;
  /** ΔS at 68 % confidence in currency; null when it could not be estimated. */
  uncertainty68: Decimal | null;
}

export function savingsVerdict({ baselineSufficient, savings, uncertainty68 }: VerdictInput): SavingsVerdict {
  if (!baselineSufficient) return 'insufficient_baseline';
  if (!savings.isPositive()) return 'no_savings';
  // ΔS68 < S ÷ 2, compared exactly as 2 × ΔS68 < S.
  if (uncertainty68 !== null && uncertainty68.times(2).lt(savings)) return 'verified';
  return 'inconclusive';
}
