import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker, WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { DataSource } from 'typeorm';
import type { CostBackfillProgress, CostIngestionInput, CostIngestionResult } from '@apex/contracts';
import { costBackfillWorkflowName, costIngestionWorkflowName } from '@apex/contracts';
import { workflowBundleOptions } from '@apex/temporal';
import { AWS_TEST_CREDENTIALS, createMigratedDataSource, createTimeSkippingEnv, LocalCostExplorer, workspaceRoot } from '@apex/testing';
import { CostConnectorFactory } from '../connectors/connector-factory';
import { parseCostCredentials } from '../credentials/cost-credentials';
import { CredentialsCipher } from '../credentials/credentials-cipher';
import { CostIngestionActivitiesService } from './cost-ingestion-activities';
import { CostIngestionStore } from './cost-ingestion.store';

jest.setTimeout(120_000);

const period = { month: '2025-03', start: '2025-03-01', end: '2025-04-01' };
const cipher = CredentialsCipher.withKey(Buffer.alloc(32, 7));

/** What a customer sees of a row: everything but ids and provenance. */
const CONTENT = `charge_period_start, charge_period_end, charge_category, billed_cost::text, effective_cost::text, billing_currency,
  provider_name, service_name, service_category, charge_description, consumed_quantity::text, is_ai`;

describe('Cost ingestion with the real activities, PostgreSQL and a local Cost Explorer, on the time-skipping server', () => {
  let env: TestWorkflowEnvironment;
  let bundle: WorkflowBundleWithSourceMap;
  let db: { dataSource: DataSource; close(): Promise<void> };
  let sql: DataSource;
  let explorer: LocalCostExplorer;
  let orgId: string;
  let activities: CostIngestionActivitiesService;

  beforeAll(async () => {
    [env, bundle, db, explorer] = await Promise.all([
      createTimeSkippingEnv(),
      bundleWorkflowCode(workflowBundleOptions(workspaceRoot)),
      createMigratedDataSource(),
      LocalCostExplorer.start(),
    ]);
    sql = db.dataSource;
    [{ id: orgId }] = await sql.query("INSERT INTO organizations (name) VALUES ('Costly Ltd') RETURNING id");
    const connectors = new CostConnectorFactory(cipher, { awsCostExplorer: explorer.url, awsSts: explorer.url, requestTimeoutMs: 5_000 });
    activities = new CostIngestionActivitiesService(new CostIngestionStore(sql), connectors, cipher);
  });
  afterAll(async () => {
    await explorer?.close();
    await env?.teardown();
    await db?.close();
  });
  beforeEach(() => {
    Object.assign(explorer, { pages: 3, rowsPerPage: 2, rejectCredentials: false, expireBeforePage: null });
    explorer.throttle.clear();
    explorer.unavailable.clear();
  });

  async function connection(name: string, status = 'active'): Promise<string> {
    const ciphertext = cipher.encrypt(parseCostCredentials('aws', AWS_TEST_CREDENTIALS));
    const [{ id }] = await sql.query(
      `INSERT INTO cost_connections (org_id, provider, name, credentials_ciphertext, status) VALUES ($1, 'aws', $2, $3, $4) RETURNING id`,
      [orgId, name, ciphertext, status],
    );
    return id;
  }

  async function run<T>(workflow: string, args: unknown[], workflowId: string): Promise<T> {
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue: workflowId, activities: activities.activities(), workflowBundle: bundle });
    return worker.runUntil(env.client.workflow.execute(workflow, { args, workflowId, taskQueue: workflowId })) as Promise<T>;
  }

  const ingest = (connectionId: string, runId: string) =>
    run<CostIngestionResult>(costIngestionWorkflowName, [{ orgId, connectionId, period } satisfies CostIngestionInput], `ingest-${connectionId}-${period.month}-${runId}`);
  const rowsOf = (connectionId: string) => sql.query(`SELECT ${CONTENT} FROM cost_rows WHERE connection_id = $1 ORDER BY source_page, source_row`, [connectionId]);
  const requestsSince = (before: number) => explorer.pageRequests.slice(before);

  it('stores a page that was throttled, then unavailable (503), exactly once, with its provenance', async () => {
    const connectionId = await connection('throttled');
    explorer.throttle.set(2, 1);
    explorer.unavailable.set(2, 1);
    const before = explorer.pageRequests.length;

    const result = await ingest(connectionId, 'a');

    expect(requestsSince(before)).toEqual([1, 2, 2, 2, 3]);
    expect(result).toMatchObject({ outcome: 'loaded', pages: 3, rows: 6, restarts: 0 });
    const provenance = await sql.query('SELECT source_id, source_page, source_row FROM cost_rows WHERE connection_id = $1 ORDER BY source_page, source_row', [connectionId]);
    expect(provenance.map((r: { source_page: string; source_row: number }) => `${r.source_page}:${r.source_row}`)).toEqual(['1:1', '1:2', '2:1', '2:2', '3:1', '3:2']);
    expect(new Set(provenance.map((r: { source_id: string }) => r.source_id))).toEqual(new Set([result.sourceId]));
    const [totals] = await sql.query('SELECT sum(billed_cost)::text AS billed, count(*) FILTER (WHERE is_ai)::int AS ai FROM cost_rows WHERE connection_id = $1', [connectionId]);
    expect(totals).toEqual({ billed: '12.090000000006', ai: 1 });
    expect(await sql.query('SELECT count(*)::int AS staged FROM cost_source_pages')).toEqual([{ staged: 0 }]);
  });

  it('answers a repeated call for a stored page from the store, without asking the provider again', async () => {
    const connectionId = await connection('repeated');
    const ref = { orgId, connectionId, sourceId: '1b9f6f0e-1d2c-4e3f-9a8b-7c6d5e4f3a2b' };
    const { beginCostSource, stageCostPage } = activities.activities();
    await beginCostSource({ ...ref, period });
    const before = explorer.pageRequests.length;
    const call = { ...ref, period, pageNumber: 1, pageToken: null, refresh: false };

    const first = await stageCostPage(call);
    const again = await stageCostPage(call);

    expect(first).toEqual({ pageNumber: 1, rowCount: 2, nextPageToken: 'page-2-g1', fetched: true });
    expect(again).toEqual({ ...first, fetched: false });
    expect(requestsSince(before)).toEqual([1]);
    expect(await sql.query('SELECT page_number, row_count FROM cost_source_pages WHERE source_id = $1', [ref.sourceId])).toEqual([{ page_number: 1, row_count: 2 }]);
  });

  it('goes back to the last stored page when a page token expires, and ends with exactly the rows of a clean run', async () => {
    const clean = await connection('clean');
    await ingest(clean, 'a');
    const expiring = await connection('expiring');
    explorer.expireBeforePage = 3;
    const before = explorer.pageRequests.length;

    const result = await ingest(expiring, 'a');

    // Page 3 refused its token; page 2, the checkpoint, was fetched again for a fresh one.
    expect(requestsSince(before)).toEqual([1, 2, 3, 2, 3]);
    expect(result).toMatchObject({ outcome: 'loaded', pages: 3, rows: 6, restarts: 1 });
    expect(await rowsOf(expiring)).toEqual(await rowsOf(clean));
    expect(await rowsOf(expiring)).toHaveLength(6);
  });

  it('replaces a period it ingests again: one copy of every row, the earlier source marked replaced', async () => {
    const connectionId = await connection('twice');
    const first = await ingest(connectionId, 'a');
    explorer.rowsPerPage = 3;
    const second = await ingest(connectionId, 'b');

    expect(second).toMatchObject({ outcome: 'loaded', rows: 9 });
    const rows = await sql.query('SELECT source_id, count(*)::int AS n FROM cost_rows WHERE connection_id = $1 GROUP BY source_id', [connectionId]);
    expect(rows).toEqual([{ source_id: second.sourceId, n: 9 }]);
    const sources = await sql.query('SELECT id, status, row_count FROM cost_sources WHERE connection_id = $1', [connectionId]);
    expect(sources).toEqual(
      expect.arrayContaining([
        { id: first.sourceId, status: 'replaced', row_count: 6 },
        { id: second.sourceId, status: 'loaded', row_count: 9 },
      ]),
    );
    const [{ last_synced_at: syncedAt }] = await sql.query('SELECT last_synced_at FROM cost_connections WHERE id = $1', [connectionId]);
    expect(syncedAt).toBeInstanceOf(Date);
  });

  it('backfills a new connection month by month and leaves it active, with rows in every month', async () => {
    const connectionId = await connection('backfilled', 'pending');
    explorer.pages = 2;

    const progress = await run<CostBackfillProgress>(costBackfillWorkflowName, [{ orgId, connectionId, months: 2 }], `cost-backfill-${connectionId}`);

    expect(progress).toMatchObject({ state: 'completed', monthsTotal: 2, monthsDone: 2, pagesDone: 4, rowsSoFar: 8 });
    const [state] = await sql.query('SELECT status, last_error, last_synced_at FROM cost_connections WHERE id = $1', [connectionId]);
    expect(state).toMatchObject({ status: 'active', last_error: null });
    expect(state.last_synced_at).toBeInstanceOf(Date);
    const months = await sql.query(
      "SELECT to_char(period_start AT TIME ZONE 'UTC', 'YYYY-MM') AS month, status, row_count FROM cost_sources WHERE connection_id = $1 ORDER BY period_start DESC",
      [connectionId],
    );
    expect(months).toEqual(progress.periods.map((p) => ({ month: p.period, status: 'loaded', row_count: 4 })));
  });

  it('marks a connection whose credentials AWS refuses as failing, with the reason, and stores nothing', async () => {
    const connectionId = await connection('refused', 'pending');
    explorer.rejectCredentials = true;
    const before = explorer.pageRequests.length;

    const progress = await run<CostBackfillProgress>(costBackfillWorkflowName, [{ orgId, connectionId, months: 3 }], `cost-backfill-${connectionId}`);

    expect(requestsSince(before)).toHaveLength(1);
    expect(progress.state).toBe('failed');
    const [state] = await sql.query('SELECT status, last_error FROM cost_connections WHERE id = $1', [connectionId]);
    expect(state.status).toBe('failing');
    expect(state.last_error).toMatch(/^\d{4}-\d{2}: AWS rejected the access key: The security token included in the request is invalid\.$/);
    expect(state.last_error).not.toContain(AWS_TEST_CREDENTIALS.secretAccessKey);
    expect(await rowsOf(connectionId)).toEqual([]);
    expect(await sql.query('SELECT status FROM cost_sources WHERE connection_id = $1', [connectionId])).toEqual([{ status: 'failed' }]);
  });

  it('stores nothing for a connection disconnected while it was being ingested', async () => {
    const connectionId = await connection('gone');
    const ref = { orgId, connectionId, sourceId: '2c8e5d4f-3b2a-4c1d-8e9f-0a1b2c3d4e5f' };
    const { beginCostSource, stageCostPage, replaceCostPeriod } = activities.activities();
    await beginCostSource({ ...ref, period });
    await stageCostPage({ ...ref, period, pageNumber: 1, pageToken: null, refresh: false });
    await sql.query("UPDATE cost_connections SET status = 'disconnected', credentials_ciphertext = NULL WHERE id = $1", [connectionId]);

    await expect(stageCostPage({ ...ref, period, pageNumber: 2, pageToken: 'page-2-g1', refresh: false })).rejects.toMatchObject({ type: 'CostConnectionGone' });
    expect(await replaceCostPeriod({ ...ref, period, pages: 1 })).toEqual({ outcome: 'connection_gone', rowCount: 0, replacedSources: 0 });
    expect(await rowsOf(connectionId)).toEqual([]);
  });
});
