import { STORED_FOCUS_COLUMNS, StoredFocusColumn } from '../focus/canonical-columns';

/** FOCUS 1.0 columns cost_rows does not keep, each keyed by the stored column it follows in a converter's header. */
const UNSTORED_FOCUS_COLUMN_AFTER = {
  ListCost: 'ListUnitPrice',
  ContractedCost: 'ContractedUnitPrice',
  RegionName: 'AvailabilityZone',
  CommitmentDiscountId: 'CommitmentDiscountName',
} as const satisfies Partial<Record<StoredFocusColumn, string>>;

export type FocusOutputColumn = StoredFocusColumn | (typeof UNSTORED_FOCUS_COLUMN_AFTER)[keyof typeof UNSTORED_FOCUS_COLUMN_AFTER];

/** The FOCUS 1.0 columns a native conversion may write, in the order it writes them: the stored ones, each unstored one beside its kin. */
export const FOCUS_1_0_OUTPUT_COLUMNS: readonly FocusOutputColumn[] = STORED_FOCUS_COLUMNS.flatMap((column): FocusOutputColumn[] =>
  column in UNSTORED_FOCUS_COLUMN_AFTER ? [column, UNSTORED_FOCUS_COLUMN_AFTER[column as keyof typeof UNSTORED_FOCUS_COLUMN_AFTER]] : [column],
);

/** A conversion's FOCUS header: the output columns but those it never fills, then its own x_ columns. */
export function focusOutputHeader<const Unfilled extends FocusOutputColumn, const Extra extends `x_${string}`>(
  unfilled: readonly Unfilled[],
  extra: readonly Extra[],
): readonly (Exclude<FocusOutputColumn, Unfilled> | Extra)[] {
  const skipped = new Set<FocusOutputColumn>(unfilled);
  return [...FOCUS_1_0_OUTPUT_COLUMNS.filter((column): column is Exclude<FocusOutputColumn, Unfilled> => !skipped.has(column)), ...extra];
}
