import type { SqlClient } from './sql-client';

/** A load of at least this many rows refreshes the planner's statistics of the cost tables at once. */
export const ANALYZE_AFTER_ROWS = 50_000;

/**
 * Refreshes the planner's statistics of cost_rows and its rollups after a bulk load, once it has committed, so that
 * the first query after a large load is planned on what the tables now hold rather than on what they held before
 * (autovacuum would get there, but only later). Smaller loads leave it to autovacuum.
 */
export async function refreshStatisticsAfterLoad(client: SqlClient, rowsLoaded: number): Promise<void> {
  if (rowsLoaded < ANALYZE_AFTER_ROWS) return;
  await client.query('ANALYZE cost_rows, cost_daily_rollups, cost_hourly_ai_rollups');
}
