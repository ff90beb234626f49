import type { CanonicalCostRow } from '@apex/contracts';

/** The canonical columns of cost_rows, in the order they are written. */
export const CANONICAL_COLUMNS = [
  'source_row',
  'billing_account_id',
  'billing_account_name',
  'sub_account_id',
  'sub_account_name',
  'billing_period_start',
  'billing_period_end',
  'charge_period_start',
  'charge_period_end',
  'charge_category',
  'charge_class',
  'charge_description',
  'charge_frequency',
  'billed_cost',
  'effective_cost',
  'list_cost',
  'contracted_cost',
  'billing_currency',
  'provider_name',
  'publisher_name',
  'invoice_issuer_name',
  'service_name',
  'service_category',
  'region_id',
  'region_name',
  'resource_id',
  'resource_name',
  'resource_type',
  'sku_id',
  'sku_price_id',
  'pricing_quantity',
  'pricing_unit',
  'consumed_quantity',
  'consumed_unit',
  'pricing_category',
  'commitment_discount_id',
  'commitment_discount_type',
  'commitment_discount_category',
  'commitment_discount_status',
  'tags',
  'is_ai',
  'model',
  'input_tokens',
  'output_tokens',
  'cached_tokens',
  'requests',
] as const;

type Column = (typeof CANONICAL_COLUMNS)[number];

const camel = (column: Column) => column.replace(/_(\w)/g, (_m, letter: string) => letter.toUpperCase()) as keyof CanonicalCostRow;

/**
 * A row as it is staged in cost_source_pages.rows: keyed by column name, so that
 * `jsonb_populate_recordset(NULL::cost_rows, rows)` reads it back with each value in its column's type.
 * Money and token counts stay decimal strings; nothing passes through a float.
 */
export function toStagedRow(row: CanonicalCostRow): Record<Column, unknown> {
  return Object.fromEntries(CANONICAL_COLUMNS.map((column) => [column, row[camel(column)] ?? null])) as Record<Column, unknown>;
}
