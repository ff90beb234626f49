import { Logger } from '@nestjs/common';
import { Client as Pg } from 'pg';
import { issueAccessToken } from '@apex/accounts';
import { freePort } from '@apex/devstack';
import { createTestDatabase, TestDatabase } from '@apex/testing';
import { ApiUnderTest, startApiUnderTest, TEST_JWT_SECRET } from '../testing/api-under-test';
import { signUpSession } from '../testing/signed-up-session';
import { ApiCallMeter } from './api-call-meter';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const readJson = (response: Response): Promise<any> => response.json();

interface EventRow {
  user_id: string | null;
  api_key_id: string | null;
  endpoint: string;
  method: string;
  status_code: number;
  rejected: boolean;
}

describe('Every authenticated API request is metered once, accepted or rejected', () => {
  let database: TestDatabase;
  let api: ApiUnderTest;
  let pg: Pg;
  let meter: ApiCallMeter;
  let ada: { token: string; orgId: string; userId: string };

  const signUp = (email: string) => signUpSession(api, email);

  /** Calls, then waits until the call is metered. */
  async function metered(...args: Parameters<ApiUnderTest['call']>): Promise<Response> {
    const response = await api.call(...args);
    await response.clone().arrayBuffer();
    await meter.flush();
    return response;
  }

  const eventsOf = async (orgId: string): Promise<EventRow[]> =>
    (await pg.query('SELECT user_id, api_key_id, endpoint, method, status_code, rejected FROM usage_events WHERE org_id = $1 ORDER BY occurred_at, id', [orgId])).rows;
  const allEvents = async () => Number((await pg.query('SELECT count(*) FROM usage_events')).rows[0].count);

  beforeAll(async () => {
    database = await createTestDatabase();
    api = await startApiUnderTest({ DATABASE_URL: database.url, TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}` });
    meter = api.app.get(ApiCallMeter);
    pg = new Pg({ connectionString: database.url });
    await pg.connect();
    ada = await signUp('ada@example.com');
    await meter.flush();
  });
  afterAll(async () => {
    await pg?.end();
    await api?.close();
    await database?.drop();
  });

  beforeEach(async () => {
    await meter.flush();
    await pg.query('DELETE FROM usage_events');
  });

  it('records an accepted call with who made it, where and how it ended, and books it +1/-1', async () => {
    expect((await metered('GET', '/usage/me', { token: ada.token })).status).toBe(200);
    expect(await eventsOf(ada.orgId)).toEqual([
      { user_id: ada.userId, api_key_id: null, endpoint: '/api/v1/usage/me', method: 'GET', status_code: 200, rejected: false },
    ]);
    const entries = await pg.query(
      'SELECT account, amount::int FROM ledger_entries l JOIN usage_events e ON e.id = l.event_id WHERE e.org_id = $1 ORDER BY amount DESC',
      [ada.orgId],
    );
    expect(entries.rows).toEqual([
      { account: `org:${ada.orgId}:api_calls`, amount: 1 },
      { account: 'apex:api_calls_served', amount: -1 },
    ]);
  });

  it('records rejected calls too: forbidden, unknown route, malformed body, invalid fields', async () => {
    expect((await metered('GET', '/admin/feature-flags', { token: ada.token })).status).toBe(403);
    expect((await metered('GET', '/no/such/route', { token: ada.token })).status).toBe(404);
    expect((await metered('PUT', '/admin/feature-flags/trial_enabled', { token: ada.token, body: '{"enabled": tru' })).status).toBe(400);
    expect((await metered('POST', '/api-keys', { token: ada.token, body: { name: '' } })).status).toBe(400);
    expect((await eventsOf(ada.orgId)).map((e) => [e.method, e.endpoint, e.status_code, e.rejected])).toEqual([
      ['GET', '/api/v1/admin/feature-flags', 403, true],
      ['GET', '/api/v1/no/such/route', 404, true],
      ['PUT', '/api/v1/admin/feature-flags/trial_enabled', 400, true],
      ['POST', '/api/v1/api-keys', 400, true],
    ]);
  });

  it('names the route rather than the concrete path of a routed request', async () => {
    await metered('PUT', '/admin/organizations/3f0b9a52-8a61-4c1e-9a0e-6c1f2b3d4e5f/plan', { token: ada.token, body: { tier: 'mid' } });
    expect((await eventsOf(ada.orgId))[0].endpoint).toBe('/api/v1/admin/organizations/:orgId/plan');
  });

  it('logs, but does not meter, requests without valid credentials: they belong to no organisation', async () => {
    await metered('GET', '/usage/me');
    await metered('GET', '/usage/me', { token: 'not-a-token' });
    await metered('GET', '/usage/me', { token: issueAccessToken(ada.userId, 'another-secret'.padEnd(40, 'y'), 900) });
    await metered('GET', '/plans');
    expect(await allEvents()).toBe(0);
  });

  it('meters a call retried under the same Idempotency-Key once, and each refused attempt on its own', async () => {
    const headers = { 'idempotency-key': 'poll-7' };
    await metered('GET', '/usage/me', { token: ada.token, headers });
    await metered('GET', '/usage/me', { token: ada.token, headers });
    await metered('GET', '/admin/feature-flags', { token: ada.token, headers });
    await metered('GET', '/admin/feature-flags', { token: ada.token, headers });
    expect((await eventsOf(ada.orgId)).map((e) => e.status_code)).toEqual([200, 403, 403]);
  });

  it('does not let a repeated X-Request-Id hide calls', async () => {
    const headers = { 'x-request-id': 'same-id' };
    await metered('GET', '/usage/me', { token: ada.token, headers });
    await metered('GET', '/usage/me', { token: ada.token, headers });
    expect(await eventsOf(ada.orgId)).toHaveLength(2);
  });

  it("attributes an API key's calls to the key, including those its plan refuses", async () => {
    const grace = await signUp('grace@example.com');
    await pg.query("UPDATE organizations SET tier = 'early' WHERE id = $1", [grace.orgId]);
    const { key, id } = await readJson(await api.call('POST', '/api-keys', { token: grace.token, body: { name: 'CI' } }));
    await metered('GET', '/usage/me', { headers: { 'x-api-key': key } });
    await pg.query("UPDATE organizations SET tier = 'free' WHERE id = $1", [grace.orgId]);
    await metered('GET', '/usage/me', { headers: { 'x-api-key': key } });
    const keyEvents = (await eventsOf(grace.orgId)).filter((e) => e.api_key_id === id);
    expect(keyEvents.map((e) => [e.user_id, e.status_code, e.rejected])).toEqual([
      [grace.userId, 200, false],
      [grace.userId, 403, true],
    ]);
  });

  it("shows the metered calls in the user's and the organisation's usage", async () => {
    const [member] = (
      await pg.query("INSERT INTO users (org_id, email, name, password_hash, role) VALUES ($1, 'lin@example.com', 'Lin', 'x', 'member') RETURNING id", [ada.orgId])
    ).rows;
    const linToken = issueAccessToken(member.id, TEST_JWT_SECRET, 900);
    await metered('GET', '/usage/me', { token: ada.token });
    await metered('GET', '/admin/feature-flags', { token: ada.token });
    await metered('GET', '/usage/me', { token: linToken });

    const mine = await readJson(await metered('GET', '/usage/me', { token: ada.token }));
    expect(mine).toMatchObject({ scope: 'user', tier: 'free', runs: { limit: 3, used: 0, remaining: 3, resetAt: null } });
    // Cost saved is read from verified proofs of the window's runs: none here.
    expect(mine.window).toEqual({ apiCalls: 2, rejectedApiCalls: 1, agentRuns: 0, tokens: 0, costSaved: '0', costSavedByCurrency: [] });
    expect(mine.period).toMatchObject({ apiCalls: 2, rejectedApiCalls: 1 });

    const org = await readJson(await metered('GET', '/usage/organization', { token: linToken }));
    expect(org).toMatchObject({ scope: 'organization', window: { apiCalls: 4, rejectedApiCalls: 1 } });
  });

  it('meters every call of a burst once, whether its write went alone or in a batch', async () => {
    const responses = await Promise.all(Array.from({ length: 40 }, (_, i) => api.call('GET', i % 2 ? '/usage/me' : '/entitlements', { token: ada.token })));
    expect(responses.every((r) => r.status === 200)).toBe(true);
    await Promise.all(responses.map((r) => r.arrayBuffer()));
    await meter.flush();
    expect(await eventsOf(ada.orgId)).toHaveLength(40);
    const unbalanced = await pg.query(
      `SELECT l.event_id FROM ledger_entries l JOIN usage_events e ON e.id = l.event_id WHERE e.org_id = $1
        GROUP BY l.event_id HAVING count(*) <> 2 OR sum(l.amount) <> 0`,
      [ada.orgId],
    );
    expect(unbalanced.rows).toEqual([]);
  });

  it('keeps the other calls of a batch when the database refuses one, and logs the refused one', async () => {
    const errors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    await pg.query("ALTER TABLE usage_events ADD CONSTRAINT refuse_for_test CHECK (endpoint <> '/api/v1/usage/me') NOT VALID");
    try {
      const responses = await Promise.all(Array.from({ length: 20 }, (_, i) => api.call('GET', i % 4 ? '/entitlements' : '/usage/me', { token: ada.token })));
      await Promise.all(responses.map((r) => r.arrayBuffer()));
      await meter.flush();
      expect((await eventsOf(ada.orgId)).map((e) => e.endpoint)).toEqual(Array(15).fill('/api/v1/entitlements'));
      expect(errors).toHaveBeenCalledTimes(5);
    } finally {
      await pg.query('ALTER TABLE usage_events DROP CONSTRAINT refuse_for_test');
      errors.mockRestore();
    }
  });

  it('answers even when the usage cannot be written, and logs the lost record', async () => {
    const errors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    await pg.query("ALTER TABLE usage_events ADD CONSTRAINT refuse_for_test CHECK (endpoint <> '/api/v1/usage/me') NOT VALID");
    try {
      const response = await metered('GET', '/usage/me', { token: ada.token });
      expect(response.status).toBe(200);
      expect(await eventsOf(ada.orgId)).toEqual([]);
      expect(errors).toHaveBeenCalledWith(expect.stringContaining('Could not meter GET /api/v1/usage/me'), expect.stringContaining(ada.orgId));
    } finally {
      await pg.query('ALTER TABLE usage_events DROP CONSTRAINT refuse_for_test');
      errors.mockRestore();
    }
  });
});
