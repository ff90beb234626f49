import { Decimal } from './decimal';

/*
 * Findings on the same spend are applied in sequence, each to what the previous ones left, so that no dollar is
 * counted twice: a finding that alone would save share s of the scope's spend saves s × (what remains). Shares are
 * taken as each finding's own saving ÷ the scope's spend, clamped to [0, 1], separately for the low, expected and
 * high figures. The sum of a sequence's savings is therefore never more than the spend it rests on.
 */

export interface SavingsRange {
  low: Decimal;
  expected: Decimal;
  high: Decimal;
}

export interface SequencedSaving extends SavingsRange {
  /** What remained of the scope's spend (expected) before this finding took its share. */
  base: Decimal;
}

const clampShare = (share: Decimal) => (share.isNegative() ? Decimal.ZERO : share.gt(Decimal.ONE) ? Decimal.ONE : share);

/** Each finding's saving after the ones before it; `alone` gives each one's saving as if it were the only one. */
export function applyInSequence(spend: Decimal, alone: SavingsRange[], scale = 6): SequencedSaving[] {
  if (!spend.isPositive()) return alone.map(() => ({ low: Decimal.ZERO, expected: Decimal.ZERO, high: Decimal.ZERO, base: Decimal.ZERO }));
  const remaining = { low: spend, expected: spend, high: spend };
  return alone.map((finding) => {
    const base = remaining.expected;
    const take = (key: keyof SavingsRange): Decimal => {
      const share = clampShare(finding[key].dividedBy(spend, 12));
      const saving = remaining[key].times(share).round(scale);
      remaining[key] = remaining[key].minus(saving);
      return saving;
    };
    return { low: take('low'), expected: take('expected'), high: take('high'), base };
  });
}

/** A window's amount as a monthly figure: amount × 30 ÷ days. */
export function monthly(amount: Decimal, windowDays: number, scale = 6): Decimal {
  return amount.times(30).dividedBy(windowDays, scale);
}
