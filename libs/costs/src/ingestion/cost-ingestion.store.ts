import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { CanonicalCostRow, CostProvider, CostSourceRef, IngestionPeriod, ReplacedCostPeriod, SetCostConnectionStatusInput } from '@apex/contracts';
import { CANONICAL_COLUMNS, toStagedRow } from './staged-row';

export interface IngestedConnection {
  provider: CostProvider;
  status: string;
  credentialsCiphertext: Buffer | null;
  settings: Record<string, string | number | boolean>;
}

export interface StoredPage {
  pageToken: string | null;
  nextPageToken: string | null;
  rowCount: number;
}

const utc = (day: string) => `${day}T00:00:00Z`;
const GONE = 'The connection was disconnected.';

/** The SQL of API ingestions: sources, staged pages (the checkpoints), the replacement of a period, statuses. */
@Injectable()
export class CostIngestionStore {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async connection(orgId: string, connectionId: string): Promise<IngestedConnection | null> {
    const [row] = await this.db.query(
      'SELECT provider, status, credentials_ciphertext, settings FROM cost_connections WHERE id = $1 AND org_id = $2',
      [connectionId, orgId],
    );
    return row ? { provider: row.provider, status: row.status, credentialsCiphertext: row.credentials_ciphertext, settings: row.settings } : null;
  }

  /** Creates the source unless it exists; false when the connection is disconnected or gone. */
  async beginSource(ref: CostSourceRef, period: IngestionPeriod): Promise<boolean> {
    await this.db.query(
      `INSERT INTO cost_sources (id, org_id, connection_id, kind, period_start, period_end, status)
       SELECT $1, c.org_id, c.id, 'api', $4, $5, 'loading' FROM cost_connections c
        WHERE c.id = $3 AND c.org_id = $2 AND c.status <> 'disconnected'
       ON CONFLICT (id) DO NOTHING`,
      [ref.sourceId, ref.orgId, ref.connectionId, utc(period.start), utc(period.end)],
    );
    const [source] = await this.db.query('SELECT status FROM cost_sources WHERE id = $1 AND org_id = $2', [ref.sourceId, ref.orgId]);
    return source !== undefined;
  }

  async storedPage(ref: CostSourceRef, pageNumber: number): Promise<StoredPage | null> {
    const [row] = await this.db.query(
      'SELECT page_token, next_page_token, row_count FROM cost_source_pages WHERE source_id = $1 AND org_id = $2 AND page_number = $3',
      [ref.sourceId, ref.orgId, pageNumber],
    );
    return row ? { pageToken: row.page_token, nextPageToken: row.next_page_token, rowCount: row.row_count } : null;
  }

  /**
   * Stores a fetched page under (source, page number), replacing what an earlier fetch of the same page stored.
   * False when the source is no longer loading (replaced, failed or gone): nothing is written then.
   */
  async stagePage(ref: CostSourceRef, pageNumber: number, pageToken: string | null, page: { rows: CanonicalCostRow[]; nextPageToken: string | null }): Promise<boolean> {
    const stored = await this.db.query(
      `INSERT INTO cost_source_pages (source_id, org_id, page_number, page_token, next_page_token, row_count, rows)
       SELECT s.id, s.org_id, $3, $4, $5, $6, $7::jsonb FROM cost_sources s WHERE s.id = $1 AND s.org_id = $2 AND s.status = 'loading'
       ON CONFLICT (source_id, page_number) DO UPDATE
         SET page_token = EXCLUDED.page_token, next_page_token = EXCLUDED.next_page_token, row_count = EXCLUDED.row_count,
             rows = EXCLUDED.rows, staged_at = now()
       RETURNING page_number`,
      [ref.sourceId, ref.orgId, pageNumber, pageToken, page.nextPageToken, page.rows.length, JSON.stringify(page.rows.map(toStagedRow))],
    );
    return stored.length === 1;
  }

  /**
   * In one transaction: deletes the connection's rows of the period (and every row of the sources it replaces),
   * promotes the staged pages 1 to `pages` with their provenance, marks the earlier sources of the period replaced and this
   * one loaded. Done again, it changes nothing.
   */
  async replacePeriod(ref: CostSourceRef, period: IngestionPeriod, pages: number): Promise<ReplacedCostPeriod> {
    return this.db.transaction(async (tx) => {
      const [connection] = await tx.query('SELECT status FROM cost_connections WHERE id = $1 AND org_id = $2 FOR UPDATE', [ref.connectionId, ref.orgId]);
      const [source] = await tx.query('SELECT status, row_count FROM cost_sources WHERE id = $1 AND org_id = $2 FOR UPDATE', [ref.sourceId, ref.orgId]);
      if (source?.status === 'loaded') return { outcome: 'loaded', rowCount: source.row_count, replacedSources: 0 };
      if (!connection || connection.status === 'disconnected' || source?.status !== 'loading') {
        await this.markFailed(tx, ref, GONE);
        return { outcome: 'connection_gone', rowCount: 0, replacedSources: 0 };
      }
      const [start, end] = [utc(period.start), utc(period.end)];
      // UPDATE answers [rows, count].
      const [replaced]: [{ id: string }[], number] = await tx.query(
        `UPDATE cost_sources SET status = 'replaced'
          WHERE org_id = $1 AND connection_id = $2 AND kind = 'api' AND status = 'loaded' AND id <> $3
            AND period_start < $5 AND period_end > $4
        RETURNING id`,
        [ref.orgId, ref.connectionId, ref.sourceId, start, end],
      );
      await tx.query(
        `DELETE FROM cost_rows
          WHERE org_id = $1 AND connection_id = $2
            AND (source_id = ANY($3::uuid[]) OR (charge_period_start >= $4 AND charge_period_start < $5))`,
        [ref.orgId, ref.connectionId, replaced.map((r) => r.id), start, end],
      );
      const columns = CANONICAL_COLUMNS.join(', ');
      const inserted: { count: string }[] = await tx.query(
        `WITH promoted AS (
           INSERT INTO cost_rows (org_id, connection_id, source_id, source_page, ${columns})
           SELECT p.org_id, $3, p.source_id, p.page_number::text, ${CANONICAL_COLUMNS.map((c) => `r.${c}`).join(', ')}
             FROM cost_source_pages p CROSS JOIN LATERAL jsonb_populate_recordset(NULL::cost_rows, p.rows) r
            WHERE p.source_id = $1 AND p.org_id = $2 AND p.page_number <= $4
            ORDER BY p.page_number, r.source_row
           RETURNING 1)
         SELECT count(*) FROM promoted`,
        [ref.sourceId, ref.orgId, ref.connectionId, pages],
      );
      const rowCount = Number(inserted[0].count);
      await tx.query(`UPDATE cost_sources SET status = 'loaded', row_count = $3, loaded_at = now() WHERE id = $1 AND org_id = $2`, [
        ref.sourceId,
        ref.orgId,
        rowCount,
      ]);
      await tx.query('DELETE FROM cost_source_pages WHERE source_id = $1 AND org_id = $2', [ref.sourceId, ref.orgId]);
      await tx.query('UPDATE cost_connections SET last_synced_at = now() WHERE id = $1 AND org_id = $2', [ref.connectionId, ref.orgId]);
      return { outcome: 'loaded', rowCount, replacedSources: replaced.length };
    });
  }

  async failSource(ref: CostSourceRef, reason: string): Promise<void> {
    await this.db.transaction((tx) => this.markFailed(tx, ref, reason));
  }

  async setStatus(input: SetCostConnectionStatusInput): Promise<boolean> {
    const [, changed]: [unknown[], number] = await this.db.query(
      `UPDATE cost_connections SET status = $3, last_error = $4
        WHERE id = $1 AND org_id = $2 AND status = ANY($5::text[]) AND status <> 'disconnected'`,
      [input.connectionId, input.orgId, input.status, input.lastError, input.onlyFrom],
    );
    return changed === 1;
  }

  private async markFailed(tx: EntityManager, ref: CostSourceRef, reason: string): Promise<void> {
    await tx.query(`UPDATE cost_sources SET status = 'failed', failure = jsonb_build_object('reason', $3::text) WHERE id = $1 AND org_id = $2 AND status = 'loading'`, [
      ref.sourceId,
      ref.orgId,
      reason,
    ]);
    await tx.query('DELETE FROM cost_source_pages WHERE source_id = $1 AND org_id = $2', [ref.sourceId, ref.orgId]);
  }
}
