import { createHash } from 'node:crypto';
import type { CostRowsFilter, RecommendationEvidence } from '@apex/contracts';
import { COST_ROWS_FROM, costRowsWhere, SqlParams } from '@apex/costs';
import { Decimal } from '@apex/domain';
import type { SqlRunner } from '../sql-runner';

/*
 * The evidence of a finding: the rows its filters select, their count, their EffectiveCost total and a digest of
 * exactly those rows. The digest is SHA-256 in two steps, so that no aggregate grows with the number of rows:
 *   day digest   = SHA-256 of "id:effective_cost" of the rows of one filter and one UTC charge day, joined by ","
 *                  in id order (the amount as Postgres prints the stored numeric);
 *   evidence     = SHA-256 of "<filter index>|<YYYY-MM-DD>=<day digest hex>" of every filter and day with rows,
 *                  joined by ",", in filter then day order.
 * A proof recomputes it from the same filters: the same hex means the same rows with the same amounts.
 */

/** The rows of one filter on one day, summarised. */
export interface EvidenceDay {
  filterIndex: number;
  day: string;
  rowCount: number;
  amount: string;
  digest: string;
}

/** The day digests of one row group, as the data agent's and the evidence query's SQL compute them. */
export const DAY_DIGEST_SQL = "encode(sha256(convert_to(string_agg(r.id::text || ':' || r.effective_cost::text, ',' ORDER BY r.id), 'UTF8')), 'hex')";

export function combineEvidence(filters: CostRowsFilter[], days: EvidenceDay[]): RecommendationEvidence {
  const ordered = [...days].sort((a, b) => a.filterIndex - b.filterIndex || (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  const text = ordered.map((day) => `${day.filterIndex}|${day.day}=${day.digest}`).join(',');
  return {
    filters,
    rowCount: ordered.reduce((sum, day) => sum + day.rowCount, 0),
    amount: Decimal.sum(ordered.map((day) => day.amount)).toString(),
    sha256: createHash('sha256').update(text, 'utf8').digest('hex'),
  };
}

/** Recomputes the evidence of `filters` from the rows as they are now. */
export async function collectEvidence(sql: SqlRunner, orgId: string, filters: CostRowsFilter[]): Promise<RecommendationEvidence> {
  if (filters.length === 0) throw new RangeError('evidence needs at least one filter');
  const params = new SqlParams();
  const conditions = filters.map((filter) => `(${costRowsWhere(orgId, filter, params)})`);
  const filterIndex = `CASE ${conditions.map((condition, index) => `WHEN ${condition} THEN ${index}`).join(' ')} END`;
  const rows = await sql.query<{ filter_index: number; day: string; row_count: string; amount: string; digest: string }>(
    `SELECT ${filterIndex} AS filter_index,
            to_char((r.charge_period_start AT TIME ZONE 'UTC')::date, 'YYYY-MM-DD') AS day,
            count(*)::text AS row_count,
            trim_scale(sum(r.effective_cost))::text AS amount,
            ${DAY_DIGEST_SQL} AS digest
     ${COST_ROWS_FROM}
     WHERE ${conditions.join(' OR ')}
     GROUP BY 1, 2`,
    params.values,
  );
  return combineEvidence(
    filters,
    rows.map((row) => ({ filterIndex: Number(row.filter_index), day: row.day, rowCount: Number(row.row_count), amount: row.amount, digest: row.digest })),
  );
}
