import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker, WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { Client as Pg } from 'pg';
import type { RunDetail, RunView } from '@apex/contracts';
import { OptimizerActivitiesService } from '@apex/optimizer';
import { freePort } from '@apex/devstack';
import { SupervisorRunActivitiesService } from '@apex/runs';
import { workflowBundleOptions } from '@apex/temporal';
import { createLocalEnv, createTestDatabase, TestDatabase, waitFor, workspaceRoot } from '@apex/testing';
import { ApiUnderTest, startApiUnderTest } from '../testing/api-under-test';
import { signUpSession } from '../testing/signed-up-session';

// Response bodies are checked field by field below.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const readJson = (response: Response): Promise<any> => response.json();

describe('Runs API with PostgreSQL and Temporal', () => {
  let database: TestDatabase;
  let temporal: TestWorkflowEnvironment;
  let api: ApiUnderTest;
  let pg: Pg;
  let bundle: WorkflowBundleWithSourceMap;
  let ada: string;
  let grace: string;

  beforeAll(async () => {
    [database, temporal, bundle] = await Promise.all([createTestDatabase(), createLocalEnv(), bundleWorkflowCode(workflowBundleOptions(workspaceRoot))]);
    api = await startApiUnderTest({ DATABASE_URL: database.url, TEMPORAL_ADDRESS: temporal.connection.options.address as string });
    pg = new Pg({ connectionString: database.url });
    await pg.connect();
    const signUp = async (email: string) => (await signUpSession(api, email)).token;
    [ada, grace] = [await signUp('ada@example.com'), await signUp('grace@example.com')];
  });
  afterAll(async () => {
    await pg?.end();
    await api?.close();
    await temporal?.teardown();
    await database?.drop();
  });

  /** The worker, with the real workflows and the real activities, until `body` is done. */
  async function withWorker<T>(body: () => Promise<T>): Promise<T> {
    const worker = await Worker.create({
      connection: temporal.nativeConnection,
      taskQueue: 'apex-main',
      workflowBundle: bundle,
      activities: { ...api.app.get(SupervisorRunActivitiesService).activities(), ...api.app.get(OptimizerActivitiesService).activities() },
    });
    return worker.runUntil(body());
  }

  const startRun = (token: string, headers: Record<string, string> = {}) => api.call('POST', '/runs', { token, body: {}, headers });
  const getRun = async (token: string, id: string): Promise<RunView> => readJson(await api.call('GET', `/runs/${id}`, { token }));
  const until = (token: string, id: string, status: string) =>
    waitFor(() => getRun(token, id), (run) => run.status === status, { timeoutMs: 30_000, what: `run ${id} ${status}` });
  /** The run's usage event; the workflow records it after ending the run. */
  const metered = (id: string) =>
    waitFor(
      async () => (await pg.query("SELECT tokens, cost_saved::text AS saved FROM usage_events WHERE kind = 'agent_run' AND idempotency_key = $1", [`run:${id}`])).rows,
      (rows) => rows.length > 0,
      { timeoutMs: 30_000, what: `usage of run ${id}` },
    );

  it('admits a run, starts run-<id> and ends it honestly: no data to analyse, nothing saved, metered once', async () => {
    const response = await startRun(ada);
    expect(response.status).toBe(202);
    const run = await readJson(response);
    expect(run).toMatchObject({ status: 'admitted', workflowId: `run-${run.id}`, tokensUsed: 0, costSaved: '0', startedAt: null, failure: null });
    expect(response.headers.get('location')).toBe(`/api/v1/runs/${run.id}`);

    const [done, usage] = await withWorker(async () => [await until(ada, run.id, 'succeeded'), await metered(run.id)] as const);
    expect(done).toMatchObject({ tokensUsed: 0, costSaved: '0', startedAt: expect.any(String), finishedAt: expect.any(String) });
    expect(usage).toEqual([{ tokens: '0', saved: '0.000000' }]);
    const detail = (await getRun(ada, run.id)) as RunDetail;
    expect(detail).toMatchObject({ progress: null, report: { status: 'no_data', findings: [], summary: expect.stringContaining('no cost data') } });
  });

  it('refuses the fourth run in five hours with a 429 problem naming the limit, the reset and the upgrade', async () => {
    expect((await startRun(ada)).status).toBe(202);
    expect((await startRun(ada)).status).toBe(202);
    const response = await startRun(ada);
    expect(response.status).toBe(429);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = await readJson(response);
    const [{ oldest }] = (await pg.query("SELECT min(admitted_at) AS oldest FROM runs r JOIN users u ON u.id = r.user_id WHERE u.email = 'ada@example.com'")).rows;
    const resetAt = new Date(oldest.getTime() + 5 * 3600_000);
    expect(problem).toMatchObject({
      type: 'https://apex.dev/problems/limit-reached',
      status: 429,
      limit: 3,
      used: 3,
      resetAt: resetAt.toISOString(),
      upgrade: { tier: 'early', runLimit: 100, pricing: { rule: 'flat_or_percent', flatMonthlyCents: 9900, percentOfSpend: '2.00' } },
    });
    const retryAfter = Number(response.headers.get('retry-after'));
    expect(Math.abs(retryAfter - (resetAt.getTime() - Date.now()) / 1000)).toBeLessThan(5);
  });

  it('returns the same run for a repeated Idempotency-Key without admitting another', async () => {
    const first = await startRun(grace, { 'idempotency-key': 'grace-run-1' });
    const again = await startRun(grace, { 'idempotency-key': 'grace-run-1' });
    expect([first.status, again.status]).toEqual([202, 202]);
    const [a, b] = [await readJson(first), await readJson(again)];
    expect(b.id).toBe(a.id);
    expect(again.headers.get('idempotent-replayed')).toBe('true');

    // Stored responses expire; the run itself keeps the key, so even then nothing new is admitted.
    await pg.query("DELETE FROM idempotency_records WHERE key = 'grace-run-1'");
    const late = await startRun(grace, { 'idempotency-key': 'grace-run-1' });
    expect(late.status).toBe(202);
    expect((await readJson(late)).id).toBe(a.id);
    expect(late.headers.get('idempotent-replayed')).toBe('true');
    expect((await pg.query('SELECT count(*)::int AS n FROM runs WHERE idempotency_key = $1', ['grace-run-1'])).rows[0].n).toBe(1);
  });

  it('rejects body fields and malformed Idempotency-Keys with a 400 problem', async () => {
    const field = await readJson(await api.call('POST', '/runs', { token: grace, body: { model: 'gpt-4o' } }));
    expect(field).toMatchObject({ status: 400, errors: [{ field: 'model' }] });
    const key = await readJson(await startRun(grace, { 'idempotency-key': 'x'.repeat(256) }));
    expect(key).toMatchObject({ status: 400, errors: [{ field: 'Idempotency-Key' }] });
    expect((await api.call('POST', '/runs', { body: {} })).status).toBe(401);
  });

  it("lists the organisation's runs newest first, page by page, and hides other organisations' runs", async () => {
    const all = await readJson(await api.call('GET', '/runs?limit=100', { token: ada }));
    expect(all.items).toHaveLength(3);
    expect(all.next).toBeNull();
    const first = await readJson(await api.call('GET', '/runs?limit=2', { token: ada }));
    const second = await readJson(await api.call('GET', `/runs?limit=2&before=${first.next}`, { token: ada }));
    expect([...first.items, ...second.items].map((r: RunView) => r.id)).toEqual(all.items.map((r: RunView) => r.id));
    expect(second.next).toBeNull();
    expect(all.items.map((r: RunView) => r.admittedAt)).toEqual([...all.items.map((r: RunView) => r.admittedAt)].sort().reverse());

    const adas = all.items[0].id;
    expect((await api.call('GET', `/runs/${adas}`, { token: grace })).status).toBe(404);
    expect((await api.call('POST', `/runs/${adas}/cancel`, { token: grace })).status).toBe(404);
    expect((await api.call('GET', '/runs/not-a-run', { token: ada })).status).toBe(404);
    expect((await api.call('GET', '/runs?limit=1000', { token: ada })).status).toBe(400);
  });

  it('cancels a run through its workflow, and refuses to cancel it again', async () => {
    const run = await readJson(await startRun(grace));
    // No worker is polling yet: the cancellation is waiting for the workflow when it first runs.
    const cancel = await api.call('POST', `/runs/${run.id}/cancel`, { token: grace });
    expect(cancel.status).toBe(202);
    const [cancelled, usage] = await withWorker(async () => [await until(grace, run.id, 'cancelled'), await metered(run.id)] as const);
    expect(cancelled).toMatchObject({ startedAt: null, finishedAt: expect.any(String) });
    expect(usage).toHaveLength(1);

    const again = await api.call('POST', `/runs/${run.id}/cancel`, { token: grace });
    expect(again.status).toBe(409);
    expect((await readJson(again)).type).toBe('https://apex.dev/problems/conflict');
  });

  it('cancels directly a run whose workflow never started', async () => {
    const [{ id }] = (
      await pg.query(
        `INSERT INTO runs (org_id, user_id, status, admitted_at)
         SELECT org_id, id, 'admitted', clock_timestamp() FROM users WHERE email = 'grace@example.com' RETURNING id`,
      )
    ).rows;
    const response = await api.call('POST', `/runs/${id}/cancel`, { token: grace });
    expect(response.status).toBe(202);
    expect(await readJson(response)).toMatchObject({ id, status: 'cancelled' });
  });

  it('gives the slot back and answers 503 when the workflow cannot be started', async () => {
    const hopper = (await signUpSession(api, 'hopper@example.com')).token;
    const cutOff = await startApiUnderTest({ DATABASE_URL: database.url, TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}` });
    try {
      const response = await cutOff.call('POST', '/runs', { token: hopper, body: {}, headers: { 'idempotency-key': 'hopper-1' } });
      expect(response.status).toBe(503);
      expect((await readJson(response)).type).toBe('https://apex.dev/problems/service-unavailable');
    } finally {
      await cutOff.close();
    }
    const failed = (await pg.query("SELECT status, failure FROM runs WHERE status = 'failed_to_start'")).rows;
    expect(failed).toEqual([{ status: 'failed_to_start', failure: expect.stringContaining('does not count against your limit') }]);
    // A failed request is not kept under its key: retrying it tries again, and gets a new run.
    const retried = await startRun(hopper, { 'idempotency-key': 'hopper-1' });
    expect(retried.status).toBe(202);
    expect(retried.headers.get('idempotent-replayed')).toBeNull();
    // The failed start took no slot: two more runs fit in the window, then the next is refused.
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await startRun(hopper)).status);
    expect(statuses).toEqual([202, 202, 429]);
  });
});
