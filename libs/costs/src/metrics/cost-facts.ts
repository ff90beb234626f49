import type { CostBasis, CostRowsFilter } from '@apex/contracts';
import { COST_ROWS_FROM, costRowsWhere, KEY_COLUMN, SqlParams, TOKENS } from './cost-rows-sql';

/** What a figure can sum. Token measures count a row without a count as 0. */
export type CostMeasure = 'effective_cost' | 'billed_cost' | 'input_tokens' | 'cached_tokens' | 'output_tokens' | 'tokens';

export type { CostBasis };

/** The cost column a basis sums: EffectiveCost (amortised, the default) or BilledCost (as invoiced). */
export const basisMeasure = (basis: CostBasis | undefined): CostMeasure => (basis === 'billed' ? 'billed_cost' : 'effective_cost');

/**
 * Where the metrics read their sums from, written so that one query text serves either: the cost rows themselves,
 * or the per-organisation daily rollups the database keeps of them (see the cost-rollups migration). Both use the
 * alias `r` and the same grouping expressions (`KEY_COLUMN`), so a figure from one equals the same figure from the
 * other to the last digit; a spec holds them side by side. The rollups serve every filter but `resource`.
 */
export interface CostFacts {
  readonly kind: 'rows' | 'rollups';
  /** The FROM clause, alias `r`. */
  readonly from: string;
  where(orgId: string, filter: CostRowsFilter, params: SqlParams): string;
  /** The UTC day (a date) a row or rollup belongs to. */
  readonly day: string;
  /** The day as a timestamp without time zone, for date_trunc. */
  readonly dayTimestamp: string;
  sum(measure: CostMeasure): string;
  /** How many cost rows a group holds. */
  readonly rowCount: string;
}

const ROW_MEASURE: Record<CostMeasure, string> = {
  effective_cost: 'r.effective_cost',
  billed_cost: 'r.billed_cost',
  input_tokens: 'COALESCE(r.input_tokens, 0)',
  cached_tokens: 'COALESCE(r.cached_tokens, 0)',
  output_tokens: 'COALESCE(r.output_tokens, 0)',
  tokens: TOKENS,
};

export const ROW_FACTS: CostFacts = {
  kind: 'rows',
  from: COST_ROWS_FROM,
  where: costRowsWhere,
  day: "(r.charge_period_start AT TIME ZONE 'UTC')::date",
  dayTimestamp: "(r.charge_period_start AT TIME ZONE 'UTC')",
  sum: (measure) => `sum(${ROW_MEASURE[measure]})`,
  rowCount: 'count(*)',
};

const ROLLUP_MEASURE: Record<CostMeasure, string> = {
  effective_cost: 'r.effective_cost',
  billed_cost: 'r.billed_cost',
  input_tokens: 'r.input_tokens',
  cached_tokens: 'r.cached_tokens',
  output_tokens: 'r.output_tokens',
  tokens: '(r.input_tokens + r.output_tokens)',
};

/** A filter the rollups cannot answer: they keep no resource. */
export class NotInRollups extends Error {}

function rollupsWhere(orgId: string, filter: CostRowsFilter, params: SqlParams): string {
  const conditions = [
    `r.org_id = ${params.add(orgId)}`,
    `r.day >= ${params.add(filter.from)}::date`,
    `r.day < ${params.add(filter.to)}::date`,
  ];
  if (filter.scope !== 'all') conditions.push(`r.is_ai = ${params.add(filter.scope === 'ai')}`);
  if (filter.currency !== undefined) conditions.push(`r.billing_currency = ${params.add(filter.currency)}`);
  if (filter.provider !== undefined) conditions.push(`r.provider_name = ${params.add(filter.provider)}`);
  for (const dimension of ['service', 'model'] as const) {
    const value = filter[dimension];
    if (value === undefined) continue;
    const column = dimension === 'service' ? 'r.service_name' : 'r.model';
    conditions.push(value === null ? `${column} IS NULL` : `${column} = ${params.add(value)}`);
  }
  if (filter.resource !== undefined) throw new NotInRollups('The rollups keep no resource: read the rows.');
  if (filter.tokens === 'with') conditions.push('r.has_tokens');
  if (filter.tokens === 'without') conditions.push('NOT r.has_tokens');
  if (filter.chargeCategory !== undefined) conditions.push(`r.charge_category = ${params.add(filter.chargeCategory)}`);
  if (filter.pricing !== undefined) conditions.push(`r.pricing_class = ${params.add(filter.pricing)}`);
  return conditions.join('\n    AND ');
}

export const ROLLUP_FACTS: CostFacts = {
  kind: 'rollups',
  from: 'FROM cost_daily_rollups r',
  where: rollupsWhere,
  day: 'r.day',
  dayTimestamp: 'r.day::timestamp',
  sum: (measure) => `sum(${ROLLUP_MEASURE[measure]})`,
  rowCount: 'sum(r.row_count)',
};

/** The facts that can answer `filter`: the rollups unless it names a resource. */
export const factsFor = (filter: CostRowsFilter, preferred: CostFacts): CostFacts => (filter.resource !== undefined ? ROW_FACTS : preferred);

/** The grouping key of a dimension, in either source (the rollups store service and model already NULLIF'd). */
export function keyColumn(facts: CostFacts, dimension: keyof typeof KEY_COLUMN): string {
  if (facts.kind === 'rows') return KEY_COLUMN[dimension];
  if (dimension === 'resource') throw new NotInRollups('The rollups keep no resource: read the rows.');
  return dimension === 'provider' ? 'r.provider_name' : dimension === 'service' ? 'r.service_name' : 'r.model';
}

/** The injection token of the facts the metrics read: the rollups in the product. */
export const COST_FACTS = Symbol('COST_FACTS');
