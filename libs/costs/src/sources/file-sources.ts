import type { FocusVersion } from '@apex/contracts';
import type { SqlClient } from './sql-client';

export interface FileSourceStart {
  id: string;
  orgId: string;
  connectionId: string;
  fileName: string;
  userId: string | null;
}

/**
 * Records a file being loaded, inside the loading transaction (nobody else sees it before it commits). Its period
 * is only known at the end; until then it spans all time.
 */
export async function beginFileSource(client: SqlClient, source: FileSourceStart): Promise<void> {
  await client.query(
    `INSERT INTO cost_sources (id, org_id, connection_id, kind, file_name, period_start, period_end, status, created_by)
     VALUES ($1, $2, $3, 'file', $4, '-infinity', 'infinity', 'loading', $5)`,
    [source.id, source.orgId, source.connectionId, source.fileName, source.userId],
  );
}

export interface FilePeriod {
  orgId: string;
  connectionId: string;
  sourceId: string;
  /** ISO 8601. */
  periodStart: string;
  periodEnd: string;
}

/**
 * Deletes the rows of the connection's earlier files whose charge period starts within [periodStart, periodEnd),
 * so that the new file's rows stand alone there: no duplicates, and no gaps for a complete file. An earlier file
 * left without rows is marked `replaced`; one with rows outside the period keeps them and its new count. Uploads
 * to one connection replace one at a time (advisory lock until commit). Answers the number of rows deleted.
 */
export async function replaceEarlierRows(client: SqlClient, period: FilePeriod): Promise<number> {
  await client.query(`SELECT pg_advisory_xact_lock(hashtextextended('cost-upload-replace:' || $1::text, 0))`, [period.connectionId]);
  const { rows } = await client.query<{ deleted: string }>(
    `WITH gone AS (
       DELETE FROM cost_rows
        WHERE org_id = $1 AND connection_id = $2 AND source_id <> $3
          AND charge_period_start >= $4 AND charge_period_start < $5
       RETURNING source_id
     ), per_source AS (
       SELECT source_id, count(*) AS deleted FROM gone GROUP BY source_id
     ), updated AS (
       UPDATE cost_sources s
          SET row_count = greatest(s.row_count - p.deleted, 0),
              status = CASE WHEN s.row_count - p.deleted <= 0 THEN 'replaced' ELSE s.status END
         FROM per_source p
        WHERE s.id = p.source_id AND s.org_id = $1
       RETURNING p.deleted
     )
     SELECT coalesce(sum(deleted), 0)::text AS deleted FROM updated`,
    [period.orgId, period.connectionId, period.sourceId, period.periodStart, period.periodEnd],
  );
  return Number(rows[0].deleted);
}

export interface FileSourceCompletion {
  id: string;
  orgId: string;
  focusVersion: FocusVersion;
  sha256: string | null;
  rowCount: number;
  /** ISO 8601. */
  periodStart: string;
  periodEnd: string;
}

export async function completeFileSource(client: SqlClient, source: FileSourceCompletion & { connectionId: string }): Promise<void> {
  await client.query(
    `UPDATE cost_sources SET status = 'loaded', focus_version = $3, file_sha256 = $4, row_count = $5,
            period_start = $6, period_end = $7, loaded_at = now()
      WHERE id = $1 AND org_id = $2`,
    [source.id, source.orgId, source.focusVersion, source.sha256, source.rowCount, source.periodStart, source.periodEnd],
  );
  await client.query(
    `UPDATE cost_connections SET status = 'active', last_synced_at = now(), last_error = NULL
      WHERE id = $1 AND org_id = $2 AND status <> 'disconnected'`,
    [source.connectionId, source.orgId],
  );
}
