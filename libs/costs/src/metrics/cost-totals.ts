import type { DataSource } from 'typeorm';
import type { CostRowsFilter, CurrencyFigure } from '@apex/contracts';
import { CostFacts, CostMeasure } from './cost-facts';
import { SqlParams } from './cost-rows-sql';

/** The sum of the rows `filter` selects, one figure per currency (largest first), each with its own filter. */
export async function totalsByCurrency(
  db: DataSource,
  facts: CostFacts,
  orgId: string,
  filter: CostRowsFilter,
  measure: CostMeasure = 'effective_cost',
): Promise<CurrencyFigure[]> {
  const params = new SqlParams();
  const amount = facts.sum(measure);
  const rows = (await db.query(
    `SELECT r.billing_currency::text AS currency, trim_scale(${amount})::text AS amount, ${facts.rowCount}::int AS row_count
     ${facts.from}
     WHERE ${facts.where(orgId, filter, params)}
     GROUP BY r.billing_currency
     ORDER BY ${amount} DESC, r.billing_currency::text`,
    params.values,
  )) as { currency: string; amount: string; row_count: number }[];
  return rows.map((row) => ({ currency: row.currency, amount: row.amount, rowCount: row.row_count, rows: { ...filter, currency: row.currency } }));
}
