import { Logger } from '@nestjs/common';
import { ScheduleNotFoundError } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { DataSource } from 'typeorm';
import type { CostConnectionView } from '@apex/contracts';
import { costBackfillWorkflowId, costSyncScheduleId } from '@apex/contracts';
import { CostConnectorFactory, CostIngestionActivitiesService, CostIngestionStore, CredentialsCipher } from '@apex/costs';
import { workflowBundleOptions } from '@apex/temporal';
import { AWS_TEST_CREDENTIALS, createLocalEnv, createTestDatabase, LocalCostExplorer, TestDatabase, waitFor, workspaceRoot } from '@apex/testing';
import { addMember, expectProblem, readJson, signUp, TestAccount } from '../auth/testing/account-fixtures';
import { ApiUnderTest, startApiUnderTest } from '../testing/api-under-test';

const SECRET = AWS_TEST_CREDENTIALS.secretAccessKey;
const REJECTED_SECRET = 'rejected/SECRET/wJalrXUtnFEMIK7MDENGbPxRfiCY';
const connect = (name: string, secretAccessKey = SECRET) => ({
  provider: 'aws',
  name,
  credentials: { ...AWS_TEST_CREDENTIALS, secretAccessKey },
  settings: { region: 'us-east-1' },
});

describe('Cost connections API with PostgreSQL, a real Temporal server, the worker and a local Cost Explorer', () => {
  let database: TestDatabase;
  let temporal: TestWorkflowEnvironment;
  let api: ApiUnderTest;
  let db: DataSource;
  let explorer: LocalCostExplorer;
  let worker: Worker;
  let working: Promise<void>;
  let owner: TestAccount;
  let member: TestAccount;
  /** Everything the API's code logged through Nest's Logger. */
  const logged: string[] = [];

  beforeAll(async () => {
    let bundle;
    [database, temporal, explorer, bundle] = await Promise.all([
      createTestDatabase(),
      createLocalEnv(),
      LocalCostExplorer.start(),
      bundleWorkflowCode(workflowBundleOptions(workspaceRoot)),
    ]);
    api = await startApiUnderTest({ DATABASE_URL: database.url, TEMPORAL_ADDRESS: temporal.connection.options.address as string, COST_BACKFILL_MONTHS: '2' });
    db = api.app.get(DataSource);
    // Cost Explorer is this local one, for the API's credential checks and for the worker's ingestion alike.
    const cipher = api.app.get(CredentialsCipher);
    const local = new CostConnectorFactory(cipher, { awsCostExplorer: explorer.url, awsSts: explorer.url, requestTimeoutMs: 5_000 });
    jest.spyOn(api.app.get(CostConnectorFactory), 'connectorFor').mockImplementation((...args) => local.connectorFor(...args));
    for (const level of ['log', 'warn', 'error', 'debug', 'verbose'] as const) {
      jest.spyOn(Logger.prototype, level).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(' ')));
    }
    worker = await Worker.create({
      connection: temporal.nativeConnection,
      taskQueue: 'apex-main',
      workflowBundle: bundle,
      activities: new CostIngestionActivitiesService(new CostIngestionStore(db), local, cipher).activities(),
    });
    working = worker.run();
    owner = await signUp(api, 'finops@costly.example', 'Costly Ltd');
    member = await addMember(api, owner.orgId, 'viewer@costly.example', 'member');
  }, 120_000);
  afterAll(async () => {
    jest.restoreAllMocks();
    worker?.shutdown();
    await working;
    await api?.close();
    await explorer?.close();
    await temporal?.teardown();
    await database?.drop();
  });
  beforeEach(() => {
    Object.assign(explorer, { pages: 2, rowsPerPage: 2, rejectCredentials: false, holdPage: null });
  });

  const list = async (token = owner.accessToken): Promise<CostConnectionView[]> => readJson(await api.call('GET', '/cost-connections', { token }));
  const viewOf = async (id: string) => (await list()).find((c) => c.id === id)!;
  const scheduleIds = async () => {
    const ids: string[] = [];
    for await (const schedule of temporal.client.schedule.list()) ids.push(schedule.scheduleId);
    return ids;
  };
  /** Every value in every table, as text: where a plaintext secret would show. */
  const wholeDatabase = async () => {
    const tables: { table_name: string }[] = await db.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'");
    const dumps = await Promise.all(tables.map(async ({ table_name }) => JSON.stringify(await db.query(`SELECT t::text FROM "${table_name}" t`))));
    return dumps.join('\n');
  };

  it('connects an account: 201 without the credentials, a live backfill in the list, one schedule, then active with a last sync', async () => {
    explorer.holdPage = 2;
    const response = await api.call('POST', '/cost-connections', { token: owner.accessToken, body: connect('AWS production') });
    const text = await response.text();
    expect(response.status).toBe(201);
    expect(text).not.toContain(SECRET);
    const created = JSON.parse(text) as CostConnectionView;
    expect(created).not.toHaveProperty('credentials');
    expect(created).toMatchObject({ provider: 'aws', name: 'AWS production', settings: { region: 'us-east-1' }, syncEvery: '1d', lastSyncedAt: null, lastError: null });
    expect(response.headers.get('location')).toBe(`/api/v1/cost-connections/${created.id}`);

    // The first month waits on its second page: the list shows how far the backfill got.
    const during = await waitFor(() => viewOf(created.id), (c) => c.backfill?.pagesDone === 1, { what: 'the first page stored' });
    expect(during.status).toBe('backfilling');
    expect(during.backfill).toMatchObject({ state: 'running', monthsTotal: 2, monthsDone: 0, pagesDone: 1, rowsSoFar: 2, currentPeriod: expect.stringMatching(/^\d{4}-\d{2}$/) });
    expect((await scheduleIds()).filter((id) => id === costSyncScheduleId(created.id))).toHaveLength(1);
    const schedule = await temporal.client.schedule.getHandle(costSyncScheduleId(created.id)).describe();
    expect(schedule.spec.intervals).toMatchObject([{ every: 86_400_000 }]);

    explorer.release();
    const done = await waitFor(() => viewOf(created.id), (c) => c.status === 'active', { timeoutMs: 30_000, what: 'the backfill done' });
    expect(done).toMatchObject({ backfill: null, lastError: null, lastSyncedAt: expect.any(String) });
    const [{ rows }] = await db.query('SELECT count(*)::int AS rows FROM cost_rows WHERE connection_id = $1', [created.id]);
    expect(rows).toBe(8);
    expect(await wholeDatabase()).not.toContain(SECRET);
    expect(logged.join('\n')).not.toContain(SECRET);
  });

  it('refuses credentials AWS rejects with a 422 naming the reason, and saves nothing', async () => {
    explorer.rejectCredentials = true;
    const [before, schedulesBefore] = [await list(), await scheduleIds()];
    const response = await api.call('POST', '/cost-connections', { token: owner.accessToken, body: connect('AWS rejected', REJECTED_SECRET) });
    const text = await response.clone().text();
    const problem = await expectProblem(response, 422, 'cost-credentials-rejected');
    expect(problem.detail).toMatch(/^AWS rejected the access key: The security token included in the request is invalid\. Nothing was saved\.$/);
    expect(text).not.toContain(REJECTED_SECRET);
    expect(await list()).toEqual(before);
    expect(await scheduleIds()).toEqual(schedulesBefore);
    expect(await db.query("SELECT count(*)::int AS n FROM cost_connections WHERE name = 'AWS rejected'")).toEqual([{ n: 0 }]);
    expect(await wholeDatabase()).not.toContain(REJECTED_SECRET);
    expect(logged.join('\n')).not.toContain(REJECTED_SECRET);
  });

  it('names malformed credentials by field without repeating them, and refuses a name in use', async () => {
    const malformed = await api.call('POST', '/cost-connections', {
      token: owner.accessToken,
      body: { provider: 'openai', name: 'OpenAI', credentials: { adminKey: 'not-a-key-but-secret' } },
    });
    const text = await malformed.clone().text();
    const problem = await expectProblem(malformed, 400, 'validation');
    expect(problem.errors).toEqual([{ field: 'credentials.adminKey', message: expect.stringContaining('admin key') }]);
    expect(text).not.toContain('not-a-key-but-secret');
    await expectProblem(await api.call('POST', '/cost-connections', { token: owner.accessToken, body: connect('AWS production') }), 409, 'conflict');
    await expectProblem(await api.call('GET', '/cost-connections/8d0f7a1e-5b2c-4d3e-9f4a-1b2c3d4e5f60', { token: owner.accessToken }), 404, 'not-found');
  });

  it('lets members read the connections but not change them', async () => {
    const [connection] = await list(member.accessToken);
    expect(connection).toMatchObject({ name: 'AWS production', status: 'active' });
    await expectProblem(await api.call('POST', '/cost-connections', { token: member.accessToken, body: connect('AWS by a member') }), 403, 'forbidden');
    await expectProblem(await api.call('POST', `/cost-connections/${connection.id}/sync`, { token: member.accessToken }), 403, 'forbidden');
    await expectProblem(await api.call('DELETE', `/cost-connections/${connection.id}`, { token: member.accessToken }), 403, 'forbidden');
    expect((await api.call('GET', `/cost-connections/${connection.id}`, { token: member.accessToken })).status).toBe(200);
  });

  it('syncs now through the schedule: a new ingestion replaces the recent months and moves the last sync on', async () => {
    const [connection] = await list();
    explorer.rowsPerPage = 3;
    const response = await api.call('POST', `/cost-connections/${connection.id}/sync`, { token: owner.accessToken });
    expect(response.status).toBe(202);
    const synced = await waitFor(() => viewOf(connection.id), (c) => c.lastSyncedAt! > connection.lastSyncedAt!, { timeoutMs: 30_000, what: 'a sync' });
    expect(synced.status).toBe('active');
    expect((await scheduleIds()).filter((id) => id === costSyncScheduleId(connection.id))).toHaveLength(1);
    // Both backfilled months were ingested again, each replacing its rows once: 2 pages of 3 rows a month.
    await waitFor(
      async () => (await db.query("SELECT count(*)::int AS n FROM cost_rows WHERE connection_id = $1", [connection.id]))[0].n,
      (n) => n === 12,
      { what: 'both months replaced', timeoutMs: 30_000 },
    );
    const sources = await db.query('SELECT status, count(*)::int AS n FROM cost_sources WHERE connection_id = $1 GROUP BY status ORDER BY status', [connection.id]);
    expect(sources).toEqual([
      { status: 'loaded', n: 2 },
      { status: 'replaced', n: 2 },
    ]);
  });

  it('disconnects: deletes the schedule, erases the credentials, keeps the rows, frees the name', async () => {
    const [connection] = await list();
    const response = await api.call('DELETE', `/cost-connections/${connection.id}`, { token: owner.accessToken });
    expect(response.status).toBe(200);
    expect(await readJson(response)).toMatchObject({ id: connection.id, status: 'disconnected', syncEvery: null });
    await expect(temporal.client.schedule.getHandle(costSyncScheduleId(connection.id)).describe()).rejects.toBeInstanceOf(ScheduleNotFoundError);
    const [row] = await db.query('SELECT credentials_ciphertext, status FROM cost_connections WHERE id = $1', [connection.id]);
    expect(row).toEqual({ credentials_ciphertext: null, status: 'disconnected' });
    expect(await db.query('SELECT count(*)::int AS n FROM cost_rows WHERE connection_id = $1', [connection.id])).toEqual([{ n: 12 }]);
    await expectProblem(await api.call('POST', `/cost-connections/${connection.id}/sync`, { token: owner.accessToken }), 409, 'conflict');
    expect((await api.call('DELETE', `/cost-connections/${connection.id}`, { token: owner.accessToken })).status).toBe(200);

    const again = await api.call('POST', '/cost-connections', { token: owner.accessToken, body: connect('AWS production') });
    expect(again.status).toBe(201);
    const reconnected = await readJson(again);
    await waitFor(() => viewOf(reconnected.id), (c) => c.status === 'active', { timeoutMs: 30_000, what: 'the new backfill' });
    expect((await list()).map((c) => [c.name, c.status])).toEqual([
      ['AWS production', 'disconnected'],
      ['AWS production', 'active'],
    ]);
    // The backfill marks the connection active in its last activity, a moment before the workflow completes.
    const backfill = temporal.client.workflow.getHandle(costBackfillWorkflowId(reconnected.id));
    await backfill.result();
    expect(await backfill.describe()).toMatchObject({ status: { name: 'COMPLETED' } });
  });

  it('answers 403 while cloud_billing_integration is off', async () => {
    await db.query("INSERT INTO feature_flag_overrides (flag, enabled) VALUES ('cloud_billing_integration', false)");
    try {
      const problem = await expectProblem(await api.call('GET', '/cost-connections', { token: owner.accessToken }), 403, 'cloud-billing-disabled');
      expect(problem.flag).toBe('cloud_billing_integration');
    } finally {
      await db.query("DELETE FROM feature_flag_overrides WHERE flag = 'cloud_billing_integration'");
    }
  });

  it('answers a clear 503 when no credentials key is configured, before calling the provider', async () => {
    const keyless = await startApiUnderTest({ DATABASE_URL: database.url, TEMPORAL_ADDRESS: temporal.connection.options.address as string, CREDENTIALS_KEY: '' });
    try {
      const calls = explorer.bodies.length;
      const problem = await expectProblem(
        await keyless.call('POST', '/cost-connections', { token: owner.accessToken, body: connect('AWS without a key') }),
        503,
        'cost-credentials-key-missing',
      );
      expect(problem.detail).toContain('CREDENTIALS_KEY');
      expect(explorer.bodies.length).toBe(calls);
      expect(await db.query("SELECT count(*)::int AS n FROM cost_connections WHERE name = 'AWS without a key'")).toEqual([{ n: 0 }]);
    } finally {
      await keyless.close();
    }
  });
});
