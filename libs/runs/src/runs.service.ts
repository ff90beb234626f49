import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { RunEnding, RunStatus } from '@apex/contracts';
import { RunRow } from './run-record';

export interface RunListQuery {
  limit: number;
  /** The id of the last run of the previous page. */
  before?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isRunId = (value: string) => UUID.test(value);

/**
 * The record of runs. Status changes are compare-and-set: a run leaves 'admitted'
 * either by being started (running) or by being given back (failed_to_start),
 * never both, whoever of the API and the workflow gets there first.
 */
@Injectable()
export class RunsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async find(orgId: string, runId: string): Promise<RunRow | null> {
    if (!isRunId(runId)) return null;
    const [row] = (await this.db.query('SELECT * FROM runs WHERE org_id = $1 AND id = $2', [orgId, runId])) as RunRow[];
    return row ?? null;
  }

  /** Newest first; `before` continues after a run of the previous page. */
  async list(orgId: string, query: RunListQuery): Promise<{ rows: RunRow[]; more: boolean }> {
    const rows = (await this.db.query(
      `SELECT * FROM runs
        WHERE org_id = $1
          AND ($3::uuid IS NULL OR (admitted_at, id) < (SELECT admitted_at, id FROM runs WHERE org_id = $1 AND id = $3::uuid))
        ORDER BY admitted_at DESC, id DESC
        LIMIT $2`,
      [orgId, query.limit + 1, query.before ?? null],
    )) as RunRow[];
    return { rows: rows.slice(0, query.limit), more: rows.length > query.limit };
  }

  /**
   * Gives an admitted run's slot back after its workflow could not be started, and its
   * Idempotency-Key with it: a failed request is not stored, so retrying it under the
   * same key tries again. Returns the run as it now is: still running if its workflow
   * did start after all.
   */
  async giveBack(runId: string, failure: string): Promise<RunRow> {
    const [updated] = (await this.db.query(
      `UPDATE runs SET status = 'failed_to_start', failure = $2, finished_at = now(), idempotency_key = NULL
        WHERE id = $1 AND status = 'admitted' RETURNING *`,
      [runId, failure],
    )) as [RunRow[], number];
    if (updated.length) return updated[0];
    return this.byId(runId);
  }

  /** 'running' if the run is (now) started, otherwise the status that kept it from starting. */
  async markRunning(runId: string): Promise<RunStatus> {
    const [row] = (await this.db.query(
      `WITH started AS (
         UPDATE runs SET status = 'running', started_at = now() WHERE id = $1 AND status = 'admitted' RETURNING status
       )
       SELECT status FROM started UNION ALL SELECT status FROM runs WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM started)`,
      [runId],
    )) as { status: RunStatus }[];
    if (!row) throw new Error(`Run ${runId} does not exist`);
    return row.status;
  }

  /** Ends a run that has not ended; returns whether this call ended it. */
  async finish(runId: string, ending: RunEnding): Promise<boolean> {
    const tokensUsed = ending.status === 'succeeded' ? ending.outcome.tokensUsed : 0;
    const costSaved = ending.status === 'succeeded' ? ending.outcome.costSaved : '0';
    const failure = ending.status === 'failed' ? ending.failure : null;
    const [, count] = (await this.db.query(
      `UPDATE runs SET status = $2, finished_at = now(), tokens_used = $3, cost_saved = $4, failure = $5
        WHERE id = $1 AND status IN ('admitted', 'running')`,
      [runId, ending.status, tokensUsed, costSaved, failure],
    )) as [unknown, number];
    return count === 1;
  }

  async byId(runId: string): Promise<RunRow> {
    const [row] = (await this.db.query('SELECT * FROM runs WHERE id = $1', [runId])) as RunRow[];
    if (!row) throw new Error(`Run ${runId} does not exist`);
    return row;
  }
}
