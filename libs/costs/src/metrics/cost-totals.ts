import type { DataSource } from 'typeorm';
import type { CostRowsFilter, CurrencyFigure } from '@apex/contracts';
import { COST_ROWS_FROM, costRowsWhere, SqlParams, sumOf } from './cost-rows-sql';

/** The sum of the rows `filter` selects, one figure per currency (largest first), each with its own filter. */
export async function totalsByCurrency(db: DataSource, orgId: string, filter: CostRowsFilter): Promise<CurrencyFigure[]> {
  const params = new SqlParams();
  const rows = (await db.query(
    `SELECT r.billing_currency::text AS currency, ${sumOf('r.effective_cost')} AS amount, count(*)::int AS row_count
     ${COST_ROWS_FROM}
     WHERE ${costRowsWhere(orgId, filter, params)}
     GROUP BY r.billing_currency
     ORDER BY sum(r.effective_cost) DESC, r.billing_currency`,
    params.values,
  )) as { currency: string; amount: string; row_count: number }[];
  return rows.map((row) => ({ currency: row.currency, amount: row.amount, rowCount: row.row_count, rows: { ...filter, currency: row.currency } }));
}
