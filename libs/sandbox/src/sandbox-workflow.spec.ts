import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { DataSource } from 'typeorm';
import { sandboxClaimedSignal, sandboxWorkflowId, sandboxWorkflowName } from '@apex/contracts';
import { AppConfig } from '@apex/config';
import { FocusFileLoader } from '@apex/costs';
import { workflowBundleOptions } from '@apex/temporal';
import { createMigratedDataSource, createTimeSkippingEnv, workspaceRoot } from '@apex/testing';
import { SandboxActivitiesService } from './sandbox-activities';
import { OpenedSandbox, SandboxesService } from './sandboxes.service';

const SAMPLE = readFileSync(join(workspaceRoot, 'libs/costs/fixtures/focus/samples/focus-1.2-ai-spend.csv'));
const HOUR_MS = 3_600_000;

/*
 * sandbox-<id> on the time-skipping test server, with a worker running the real deletion activity over a migrated
 * PostgreSQL: a sandbox with a loaded FOCUS file and a run, left alone for 24 hours of skipped time, and two claimed ones.
 */
describe('sandboxWorkflow over the real activity and PostgreSQL', () => {
  let env: TestWorkflowEnvironment;
  let db: Awaited<ReturnType<typeof createMigratedDataSource>>;
  let ds: DataSource;
  let code: string;
  let sandboxes: SandboxesService;
  let loader: FocusFileLoader;

  beforeAll(async () => {
    const { workflowsPath, webpackConfigHook } = workflowBundleOptions(workspaceRoot);
    [env, db, { code }] = await Promise.all([createTimeSkippingEnv(), createMigratedDataSource(), bundleWorkflowCode({ workflowsPath, webpackConfigHook })]);
    ds = db.dataSource;
    const config = AppConfig.fromEnv({
      DATABASE_URL: 'postgres://unused@127.0.0.1:1/unused',
      TEMPORAL_ADDRESS: '127.0.0.1:7233',
      SMTP_URL: 'smtp://127.0.0.1:1025',
      JWT_SECRET: 'sandbox-test-secret-'.padEnd(40, 'x'),
      SANDBOX_RATE_LIMIT_PER_HOUR: '100',
    });
    sandboxes = new SandboxesService(ds, config);
    loader = new FocusFileLoader(ds, config);
  }, 120_000);
  afterAll(async () => {
    await env?.teardown();
    await db?.close();
  });

  /** A sandbox as an upload leaves it: the FOCUS sample loaded into its organisation, and a run of it. */
  async function sandboxWithData(): Promise<OpenedSandbox> {
    const sandbox = await sandboxes.open('203.0.113.7', 'sample.csv');
    const file = await loader.load({ orgId: sandbox.orgId, userId: null, fileName: 'sample.csv', body: Readable.from([SAMPLE]), gzip: false });
    const [run] = await ds.query("INSERT INTO runs (org_id, user_id, status, admitted_at) VALUES ($1, $2, 'succeeded', now()) RETURNING id", [sandbox.orgId, sandbox.userId]);
    await sandboxes.attach(sandbox.sandboxId, { costSourceId: file.sourceId, runId: run.id });
    return sandbox;
  }

  /** Rows of the organisation in every table that has an org_id column, by table; tables without any are left out. */
  async function rowsOf(orgId: string): Promise<Record<string, number>> {
    const tables = (await ds.query(
      "SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'org_id' ORDER BY table_name",
    )) as Array<{ table_name: string }>;
    const counts: Record<string, number> = {};
    for (const { table_name } of tables) {
      const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM ${table_name} WHERE org_id = $1`, [orgId]);
      if (n > 0) counts[table_name] = n;
    }
    const [{ n }] = await ds.query('SELECT count(*)::int AS n FROM organizations WHERE id = $1', [orgId]);
    if (n > 0) counts['organizations'] = n;
    return counts;
  }

  const worker = () => Worker.create({ connection: env.nativeConnection, taskQueue: 'sandboxes', activities: new SandboxActivitiesService(sandboxes).activities(), workflowBundle: { code } });

  /** Starts sandbox-<id> expiring `hours` after the test server's clock. */
  async function start(sandbox: OpenedSandbox, hours = 24) {
    const expiresAt = new Date((await env.currentTimeMs()) + hours * HOUR_MS).toISOString();
    return env.client.workflow.start(sandboxWorkflowName, { args: [{ sandboxId: sandbox.sandboxId, expiresAt }], workflowId: sandboxWorkflowId(sandbox.sandboxId), taskQueue: 'sandboxes' });
  }

  it('deletes the sandbox organisation and every row of it once 24 hours have passed', async () => {
    const sandbox = await sandboxWithData();
    expect(await rowsOf(sandbox.orgId)).toEqual({ organizations: 1, users: 1, sandboxes: 1, runs: 1, cost_connections: 1, cost_sources: 1, cost_rows: 10, cost_daily_rollups: 8 });
    const before = await env.currentTimeMs();

    const ending = await (await worker()).runUntil(async () => (await start(sandbox)).result());

    expect(ending).toBe('deleted');
    expect((await env.currentTimeMs()) - before).toBeGreaterThanOrEqual(24 * HOUR_MS);
    expect(await rowsOf(sandbox.orgId)).toEqual({});
    await expect(sandboxes.byToken(sandbox.token)).rejects.toThrow('does not exist or has expired');
  });

  it('ends at once without deleting anything when signalled that an account claimed the sandbox', async () => {
    const sandbox = await sandboxWithData();
    const before = await env.currentTimeMs();
    await sandboxes.claim(sandbox.token, { email: 'ada@claimed.example', password: 'correct horse battery', name: 'Ada', organizationName: 'Claimed Ltd' });
    // The signal goes with the start so that the test server's clock cannot skip to the expiry before it arrives.
    const expiresAt = new Date(before + 24 * HOUR_MS).toISOString();
    const ending = await (await worker()).runUntil(async () =>
      (
        await env.client.workflow.signalWithStart(sandboxWorkflowName, {
          args: [{ sandboxId: sandbox.sandboxId, expiresAt }],
          workflowId: sandboxWorkflowId(sandbox.sandboxId),
          taskQueue: 'sandboxes',
          signal: sandboxClaimedSignal,
        })
      ).result(),
    );

    expect(ending).toBe('claimed');
    expect((await env.currentTimeMs()) - before).toBeLessThan(24 * HOUR_MS);
    expect(await rowsOf(sandbox.orgId)).toEqual({ organizations: 1, users: 1, sandboxes: 1, runs: 1, cost_connections: 1, cost_sources: 1, cost_rows: 10, cost_daily_rollups: 8 });
    const [org] = await ds.query('SELECT o.name, s.expires_at, s.claimed_at FROM organizations o JOIN sandboxes s ON s.org_id = o.id WHERE o.id = $1', [sandbox.orgId]);
    expect(org).toEqual({ name: 'Claimed Ltd', expires_at: null, claimed_at: expect.any(Date) });
  });

  it('keeps a claimed sandbox whose signal never arrived: the deletion finds the claim itself', async () => {
    const sandbox = await sandboxWithData();
    const ending = await (await worker()).runUntil(async () => {
      const handle = await start(sandbox);
      await sandboxes.claim(sandbox.token, { email: 'grace@claimed.example', password: 'correct horse battery', name: 'Grace', organizationName: 'Quiet Claim Ltd' });
      return handle.result();
    });

    expect(ending).toBe('claimed');
    expect(await rowsOf(sandbox.orgId)).toMatchObject({ organizations: 1, users: 1, cost_rows: 10, runs: 1 });
  });
});
