import type { CostDriverDimension, CostRowsFilter, MetricsRange, SpendBucket, SpendDimension } from '@apex/contracts';
import { startOfDay } from './calendar-days';

/**
 * The SQL every figure and its drill-down share, so that a figure and the rows it expands into are selected by
 * the very same condition. Only rows of fully loaded sources count: a file or API period that is still loading,
 * failed or was replaced shows in no figure.
 */
export const COST_ROWS_FROM = `
  FROM cost_rows r
  JOIN cost_sources s ON s.id = r.source_id AND s.org_id = r.org_id AND s.status = 'loaded'`;

/** Grouping keys; an empty text counts as no value, like NULL. */
export const KEY_COLUMN: Record<SpendDimension | CostDriverDimension, string> = {
  provider: 'r.provider_name',
  service: "NULLIF(r.service_name, '')",
  model: "NULLIF(r.model, '')",
  resource: "NULLIF(r.resource_id, '')",
};

/** Input plus output tokens; cached tokens are a part of the input tokens. */
export const TOKENS = '(COALESCE(r.input_tokens, 0) + COALESCE(r.output_tokens, 0))';

/** The UTC day a row belongs to: the one its charge period starts on. */
export const ROW_DAY = "(r.charge_period_start AT TIME ZONE 'UTC')::date";

/**
 * The pricing class of a row (see `PRICING_CLASSES` in the contracts), NULL for rows in none: only Usage rows have
 * one; an unused commitment first, then usage under a commitment, then usage at the account's agreed rate.
 */
export const PRICING_CLASS = `CASE
    WHEN r.charge_category <> 'Usage' THEN NULL
    WHEN r.commitment_discount_status = 'Unused' THEN 'unused_commitment'
    WHEN r.pricing_category = 'Committed' OR NULLIF(r.commitment_discount_id, '') IS NOT NULL THEN 'committed'
    WHEN r.pricing_category = 'Standard' THEN 'on_demand'
    END`;

/** A decimal sum as text without trailing zeros. */
export const sumOf = (expression: string) => `trim_scale(sum(${expression}))::text`;

/** Collects positional parameters while a query is written. */
export class SqlParams {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** The WHERE condition of the cost rows `filter` selects in organisation `orgId`. */
export function costRowsWhere(orgId: string, filter: CostRowsFilter, params: SqlParams): string {
  const conditions = [
    `r.org_id = ${params.add(orgId)}`,
    `r.charge_period_start >= ${params.add(startOfDay(filter.from))}::timestamptz`,
    `r.charge_period_start < ${params.add(startOfDay(filter.to))}::timestamptz`,
  ];
  if (filter.scope !== 'all') conditions.push(`r.is_ai = ${params.add(filter.scope === 'ai')}`);
  if (filter.currency !== undefined) conditions.push(`r.billing_currency = ${params.add(filter.currency)}`);
  if (filter.provider !== undefined) conditions.push(`r.provider_name = ${params.add(filter.provider)}`);
  for (const dimension of ['service', 'model', 'resource'] as const) {
    const value = filter[dimension];
    if (value === undefined) continue;
    conditions.push(value === null ? `${KEY_COLUMN[dimension]} IS NULL` : `${KEY_COLUMN[dimension]} = ${params.add(value)}`);
  }
  if (filter.tokens === 'with') conditions.push(`${TOKENS} > 0`);
  if (filter.tokens === 'without') conditions.push(`${TOKENS} = 0`);
  if (filter.chargeCategory !== undefined) conditions.push(`r.charge_category = ${params.add(filter.chargeCategory)}`);
  if (filter.pricing !== undefined) conditions.push(`(${PRICING_CLASS}) = ${params.add(filter.pricing)}`);
  return conditions.join('\n    AND ');
}

/**
 * The bucket a row falls in, clipped to the range, as `YYYY-MM-DD` texts: `start` is the bucket's first day
 * (or the range's), `end` the first day after it (or the range's end).
 */
export function bucketOf(
  bucket: SpendBucket,
  range: MetricsRange,
  params: SqlParams,
  dayTimestamp = "(r.charge_period_start AT TIME ZONE 'UTC')",
): { start: string; end: string } {
  const unit = params.add(bucket);
  const truncated = `date_trunc(${unit}, ${dayTimestamp})`;
  return {
    start: `to_char(greatest(${truncated}::date, ${params.add(range.from)}::date), 'YYYY-MM-DD')`,
    end: `to_char(least((${truncated} + ('1 ' || ${unit})::interval)::date, ${params.add(range.to)}::date), 'YYYY-MM-DD')`,
  };
}

/**
 * The per-organisation rollups the database keeps of cost_rows (see the cost-rollups migration), alias `r`: daily
 * sums by currency, AI flag, provider, ServiceCategory, service, model, ChargeCategory, pricing class, service tier
 * and whether rows count tokens; and the hourly AI spend of rows an hour long or shorter.
 */
export const COST_DAILY_ROLLUPS_FROM = 'FROM cost_daily_rollups r';
export const COST_HOURLY_AI_ROLLUPS_FROM = 'FROM cost_hourly_ai_rollups r';
