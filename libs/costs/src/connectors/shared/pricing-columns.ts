import { allowedValueMatcher } from '../../focus/focus-values';
import { FOCUS_ALLOWED_VALUES } from '../../focus/spec/allowed-values';

export type PricingColumn = 'PricingCategory' | 'CommitmentDiscountCategory' | 'CommitmentDiscountStatus';

const MATCHERS = Object.fromEntries(
  (['PricingCategory', 'CommitmentDiscountCategory', 'CommitmentDiscountStatus'] as const).map((column) => [column, allowedValueMatcher(FOCUS_ALLOWED_VALUES[column])]),
) as Record<PricingColumn, (raw: string) => string | undefined>;

/** FOCUS's spelling of an allowed value of a pricing or commitment column; null for none of them (nothing is guessed). */
export function focusAllowedValue(column: PricingColumn, raw: string | null): string | null {
  return raw === null ? null : (MATCHERS[column](raw) ?? null);
}
