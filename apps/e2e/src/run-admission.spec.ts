import { randomBytes } from 'node:crypto';
import { Client as Pg } from 'pg';
import type { RunView } from '@apex/contracts';
import { freePort, NodeAppHandle, startNodeApp } from '@apex/devstack';
import { startTestStack, TestStack, waitFor, workspaceRoot } from '@apex/testing';

// Response bodies are checked field by field below.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const readJson = (response: Response): Promise<any> => response.json();

const FIVE_HOURS_MS = 5 * 3600_000;
const JWT_SECRET = randomBytes(32).toString('hex');

interface ApiProcess {
  url: string;
  app: NodeAppHandle;
}

/**
 * The rolling-window limit with every process real: two API processes admitting
 * against one database at the same time, the worker running what they admit.
 */
describe('Run admission across two API processes', () => {
  let stack: TestStack;
  let second: ApiProcess;
  let pg: Pg;
  let token: string;

  /** Another API process on the stack's database, its Temporal at `temporalAddress`. */
  async function startApi(name: string, temporalAddress: string): Promise<ApiProcess> {
    const port = await freePort();
    const lines: string[] = [];
    const app = startNodeApp({
      name,
      entry: 'apps/api/src/main.ts',
      cwd: workspaceRoot,
      env: {
        DATABASE_URL: stack.databaseUrl,
        TEMPORAL_ADDRESS: temporalAddress,
        SMTP_URL: stack.smtpUrl,
        PORT: String(port),
        JWT_SECRET,
        LOG_LEVEL: 'warn',
      },
      output: (line) => void lines.push(line),
    });
    const url = `http://127.0.0.1:${port}`;
    // Any answer from /health means it is serving (it answers 503 while its Temporal is unreachable).
    await waitFor(
      () => fetch(`${url}/api/v1/health`).then((r) => r.status, () => (app.child.exitCode === null ? 0 : -1)),
      (status) => status > 0 || status === -1,
      { timeoutMs: 120_000, intervalMs: 250, what: `${name} to serve` },
    ).then((status) => {
      if (status === -1) throw new Error(`${name} exited:\n${lines.join('\n')}`);
    });
    return { url, app };
  }

  const post = (api: { url: string }, path: string, body: unknown = {}, headers: Record<string, string> = {}) =>
    fetch(`${api.url}/api/v1${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
      body: JSON.stringify(body),
    });
  const apis = () => [{ url: stack.apiUrl }, second];
  const sql = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) => (await pg.query(text, params)).rows as T[];
  const counted = () =>
    sql<{ id: string; admitted_at: Date }>("SELECT id, admitted_at FROM runs WHERE status <> 'failed_to_start' ORDER BY admitted_at");

  beforeAll(async () => {
    stack = await startTestStack({ JWT_SECRET });
    second = await startApi('api-2', stack.temporalAddress);
    pg = new Pg({ connectionString: stack.databaseUrl });
    await pg.connect();
    const post = (path: string, body: unknown) =>
      fetch(`${stack.apiUrl}/api/v1${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const ada = { email: 'ada@example.com', password: 'correct horse battery' };
    expect((await post('/auth/signup', { ...ada, name: 'Ada Lovelace', organizationName: 'Engines Ltd' })).status).toBe(202);
    const login = await post('/auth/login', ada);
    expect(login.status).toBe(200);
    token = (await readJson(login)).accessToken;
  }, 300_000);

  afterAll(async () => {
    await pg?.end();
    await second?.app.stop();
    await stack?.stop();
  });

  it('admits exactly 3 of 200 simultaneous requests split over both APIs and refuses 197 with the limit, the reset and the upgrade', async () => {
    const responses = await Promise.all(Array.from({ length: 200 }, (_, i) => post(apis()[i % 2], '/runs')));
    const bodies = await Promise.all(responses.map(readJson));
    const admitted = bodies.filter((_, i) => responses[i].status === 202) as RunView[];
    const refused = responses.map((r, i) => ({ r, body: bodies[i] })).filter(({ r }) => r.status === 429);
    expect(admitted).toHaveLength(3);
    expect(refused).toHaveLength(197);

    const runs = await counted();
    expect(runs.map((r) => r.id).sort()).toEqual(admitted.map((r) => r.id).sort());
    const resetAt = new Date(runs[0].admitted_at.getTime() + FIVE_HOURS_MS).toISOString();
    for (const { r, body } of refused) {
      expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(body).toMatchObject({
        type: 'https://apex.dev/problems/limit-reached',
        status: 429,
        limit: 3,
        used: 3,
        resetAt,
        upgrade: { tier: 'early', runLimit: 100, pricing: { rule: 'flat_or_percent', flatMonthlyCents: 9900, percentOfSpend: '2.00' } },
      });
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(FIVE_HOURS_MS / 1000 - 120);
    }

    // The worker runs what was admitted: each run ends, honestly measuring nothing, and is metered once.
    const ended = await waitFor(
      () => sql<{ status: string; tokens_used: string; cost_saved: string }>('SELECT status, tokens_used, cost_saved::text FROM runs'),
      (rows) => rows.every((row) => row.status === 'succeeded'),
      { timeoutMs: 60_000, what: 'the admitted runs to succeed' },
    );
    expect(ended).toEqual(Array(3).fill({ status: 'succeeded', tokens_used: '0', cost_saved: '0.000000' }));
    const usage = await waitFor(
      () => sql<{ kind: string; rejected: boolean; status_code: number | null; n: number }>(
        `SELECT kind, rejected, status_code, count(*)::int AS n FROM usage_events
          WHERE kind = 'agent_run' OR endpoint = '/api/v1/runs' GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
      ),
      (rows) => rows.reduce((sum, row) => sum + row.n, 0) === 203,
      { timeoutMs: 30_000, what: 'every request and run to be metered' },
    );
    expect(usage).toEqual([
      { kind: 'agent_run', rejected: false, status_code: null, n: 3 },
      { kind: 'api_call', rejected: false, status_code: 202, n: 3 },
      { kind: 'api_call', rejected: true, status_code: 429, n: 197 },
    ]);
  });

  it('frees a slot exactly when the oldest admitted run is five hours old', async () => {
    const [oldest] = await counted();
    const [{ admitted_at: almost }] = await sql<{ admitted_at: Date }>(
      "UPDATE runs SET admitted_at = clock_timestamp() - interval '5 hours' + interval '2 seconds' WHERE id = $1 RETURNING admitted_at",
      [oldest.id],
    );
    const still = await post(second, '/runs');
    expect(still.status).toBe(429);
    expect(await readJson(still)).toMatchObject({ used: 3, resetAt: new Date(almost.getTime() + FIVE_HOURS_MS).toISOString() });
    expect(Number(still.headers.get('retry-after'))).toBeLessThanOrEqual(2);

    await sql("UPDATE runs SET admitted_at = clock_timestamp() - interval '5 hours' - interval '1 millisecond' WHERE id = $1", [oldest.id]);
    const responses = await Promise.all(Array.from({ length: 20 }, (_, i) => post(apis()[i % 2], '/runs')));
    expect(responses.map((r) => r.status).sort()).toEqual([202, ...Array(19).fill(429)]);
    const inWindow = (await counted()).filter((r) => r.id !== oldest.id);
    const refusal = await readJson(responses.find((r) => r.status === 429)!);
    expect(refusal).toMatchObject({ used: 3, resetAt: new Date(inWindow[0].admitted_at.getTime() + FIVE_HOURS_MS).toISOString() });
  });

  it('gives the slot back when the run cannot be started, and admits the next request in its place', async () => {
    // Free one slot, then ask an API process that cannot reach Temporal.
    const [, secondOldest] = await counted();
    await sql("UPDATE runs SET admitted_at = clock_timestamp() - interval '5 hours' - interval '1 second' WHERE id = $1", [secondOldest.id]);
    const cutOff = await startApi('api-cut-off', `127.0.0.1:${await freePort()}`);
    let failedId = '';
    try {
      const response = await post(cutOff, '/runs');
      expect(response.status).toBe(503);
      expect(await readJson(response)).toMatchObject({ type: 'https://apex.dev/problems/service-unavailable', status: 503 });
      const [failed] = await sql<{ id: string; status: string; finished_at: Date | null }>(
        "SELECT id, status, finished_at FROM runs WHERE status = 'failed_to_start'",
      );
      expect(failed).toMatchObject({ status: 'failed_to_start', finished_at: expect.any(Date) });
      failedId = failed.id;
    } finally {
      await cutOff.app.stop();
    }

    const view = await readJson(await fetch(`${stack.apiUrl}/api/v1/runs/${failedId}`, { headers: { authorization: `Bearer ${token}` } }));
    expect(view).toMatchObject({ id: failedId, status: 'failed_to_start', failure: expect.stringContaining('does not count against your limit') });

    const next = await post(second, '/runs');
    expect(next.status).toBe(202);
    const run = (await readJson(next)) as RunView;
    await waitFor(
      async () => (await sql<{ status: string }>('SELECT status FROM runs WHERE id = $1', [run.id]))[0].status,
      (status) => status === 'succeeded',
      { timeoutMs: 30_000, what: 'the replacement run to succeed' },
    );
    expect((await post({ url: stack.apiUrl }, '/runs')).status).toBe(429);
    // Its workflow never ran: the given-back run was never metered.
    expect(await sql("SELECT 1 FROM usage_events WHERE kind = 'agent_run' AND idempotency_key = $1", [`run:${failedId}`])).toEqual([]);
  });
});
