import { DataSource } from 'typeorm';
import { EntitlementsService, OrganizationPlansService } from '@apex/entitlements';
import { createMigratedDataSource } from '@apex/testing';
import { UsageTracker } from './usage-tracker';

describe('UsageTracker: usage events with a balanced double-entry ledger', () => {
  let db: { dataSource: DataSource; close(): Promise<void> };
  let tracker: UsageTracker;
  let plans: OrganizationPlansService;

  async function newUser(tier = 'free'): Promise<{ orgId: string; userId: string }> {
    const [org] = await db.dataSource.query('INSERT INTO organizations (name, tier) VALUES ($1, $2) RETURNING id', ['Org', tier]);
    const [user] = await db.dataSource.query(
      "INSERT INTO users (org_id, email, name, password_hash, role) VALUES ($1, $2, 'U', 'x', 'owner') RETURNING id",
      [org.id, `${org.id}@example.com`],
    );
    return { orgId: org.id, userId: user.id };
  }

  const call = (orgId: string, userId: string, key: string, statusCode = 200) => ({
    orgId, userId, apiKeyId: null, idempotencyKey: key, endpoint: '/api/v1/usage/me', method: 'GET', statusCode, rejected: statusCode >= 400, tokens: 0,
  });

  const entriesOf = (orgId: string) =>
    db.dataSource.query(
      `SELECT l.account, l.unit, l.amount::text AS amount FROM ledger_entries l JOIN usage_events e ON e.id = l.event_id
        WHERE e.org_id = $1 ORDER BY l.id`,
      [orgId],
    );

  const balance = async (account: string, unit: string) =>
    (await db.dataSource.query('SELECT coalesce(sum(amount), 0)::text AS total FROM ledger_entries WHERE account = $1 AND unit = $2', [account, unit]))[0].total;

  async function admitRun(orgId: string, userId: string, hoursAgo: number, status = 'succeeded') {
    await db.dataSource.query(
      "INSERT INTO runs (org_id, user_id, status, admitted_at) VALUES ($1, $2, $3, now() - make_interval(secs => $4))",
      [orgId, userId, status, hoursAgo * 3600],
    );
  }

  beforeAll(async () => {
    db = await createMigratedDataSource();
    const entitlements = new EntitlementsService(db.dataSource);
    tracker = new UsageTracker(db.dataSource, entitlements);
    plans = new OrganizationPlansService(db.dataSource, entitlements);
  });
  afterAll(() => db?.close());

  it('records an API call as one event with +1 on the organisation and -1 on Apex', async () => {
    const { orgId, userId } = await newUser();
    expect(await tracker.recordApiCall(call(orgId, userId, 'request:a'))).toBe(true);
    expect(await entriesOf(orgId)).toEqual([
      { account: `org:${orgId}:api_calls`, unit: 'api_calls', amount: '1.000000' },
      { account: 'apex:api_calls_served', unit: 'api_calls', amount: '-1.000000' },
    ]);
  });

  it('meters a repeated idempotency key once, even when the repeats race each other', async () => {
    const { orgId, userId } = await newUser();
    const results = await Promise.all(Array.from({ length: 8 }, () => tracker.recordApiCall(call(orgId, userId, 'idem:same'))));
    expect(results.filter(Boolean)).toHaveLength(1);
    await tracker.trackApiCall(call(orgId, userId, 'idem:same'));
    expect(await db.dataSource.query('SELECT count(*)::int AS n FROM usage_events WHERE org_id = $1', [orgId])).toEqual([{ n: 1 }]);
    expect(await balance(`org:${orgId}:api_calls`, 'api_calls')).toBe('1.000000');
  });

  it('records a batch of calls from several organisations in one statement, each key once', async () => {
    const a = await newUser();
    const b = await newUser();
    await tracker.recordApiCall(call(a.orgId, a.userId, 'request:seen'));
    const batch = [
      call(a.orgId, a.userId, 'request:seen'),
      call(a.orgId, a.userId, 'request:new'),
      call(a.orgId, a.userId, 'request:new'),
      { ...call(b.orgId, b.userId, 'request:new', 500), tokens: 42 },
    ];
    expect((await tracker.recordApiCalls(batch)).sort()).toEqual(['request:new', 'request:new']);
    expect(await balance(`org:${a.orgId}:api_calls`, 'api_calls')).toBe('2.000000');
    expect(await balance(`org:${b.orgId}:api_calls`, 'api_calls')).toBe('1.000000');
    expect(await balance(`org:${b.orgId}:tokens`, 'tokens')).toBe('42.000000');
    expect(await entriesOf(b.orgId)).toHaveLength(4);
    expect(await tracker.recordApiCalls([])).toEqual([]);
  });

  it('meters a finished run once with its run, tokens and cost saved, balanced per unit', async () => {
    const { orgId, userId } = await newUser();
    const run = { orgId, userId, runId: '1b0c5d8e-4a5b-4c6d-8e9f-0a1b2c3d4e5f', tokensUsed: 1200, costSaved: '12.345678' };
    await tracker.trackOptimizationRun(run);
    await tracker.trackOptimizationRun(run);
    expect(await balance(`org:${orgId}:agent_runs`, 'agent_runs')).toBe('1.000000');
    expect(await balance(`org:${orgId}:tokens`, 'tokens')).toBe('1200.000000');
    expect(await balance(`org:${orgId}:cost_saved`, 'cost_saved')).toBe('12.345678');
    const sums = await db.dataSource.query(
      `SELECT l.unit, sum(l.amount)::text AS total FROM ledger_entries l JOIN usage_events e ON e.id = l.event_id
        WHERE e.org_id = $1 GROUP BY l.unit ORDER BY l.unit`,
      [orgId],
    );
    expect(sums).toEqual([
      { unit: 'agent_runs', total: '0.000000' },
      { unit: 'cost_saved', total: '0.000000' },
      { unit: 'tokens', total: '0.000000' },
    ]);
  });

  it('refuses a cost saved that is not a decimal string', async () => {
    const { orgId, userId } = await newUser();
    await expect(tracker.trackOptimizationRun({ orgId, userId, runId: 'r', tokensUsed: 0, costSaved: '1e3' })).rejects.toThrow(RangeError);
  });

  it('leaves the books untouched when the database rejects unbalanced entries', async () => {
    const { orgId, userId } = await newUser();
    await tracker.recordApiCall(call(orgId, userId, 'request:b'));
    const [event] = await db.dataSource.query('SELECT id FROM usage_events WHERE org_id = $1', [orgId]);
    await expect(
      db.dataSource.query("INSERT INTO ledger_entries (event_id, account, unit, amount) VALUES ($1, 'apex:api_calls_served', 'api_calls', 1)", [event.id]),
    ).rejects.toThrow(/do not balance/);
    expect(await entriesOf(orgId)).toHaveLength(2);
  });

  describe('checkTierLimits', () => {
    it("counts the user's admissions in the rolling window against the organisation's limit", async () => {
      const { orgId, userId } = await newUser();
      const other = await newUser();
      await admitRun(orgId, userId, 6);
      await admitRun(orgId, userId, 4);
      await admitRun(orgId, userId, 2, 'failed_to_start');
      await admitRun(other.orgId, other.userId, 1);
      let check = await tracker.checkTierLimits(userId);
      expect(check).toMatchObject({ tier: 'free', limit: 3, used: 1, remaining: 2, windowSeconds: 18000, allowed: true, upgrade: null });

      await admitRun(orgId, userId, 3);
      await admitRun(orgId, userId, 1);
      check = await tracker.checkTierLimits(userId);
      expect(check).toMatchObject({ used: 3, remaining: 0, allowed: false, upgrade: { tier: 'early', runLimit: 100 } });
      // The oldest admission in the window (4 h ago) frees its slot one hour from now.
      expect(Math.abs(new Date(check.resetAt!).getTime() - (Date.now() + 3600_000))).toBeLessThan(10_000);
    });

    it('follows the contract terms of the organisation', async () => {
      const { orgId, userId } = await newUser('enterprise');
      await plans.setTerms(orgId, { runLimit: 1, windowSeconds: 60 }, userId);
      await admitRun(orgId, userId, 0.01);
      expect(await tracker.checkTierLimits(userId)).toMatchObject({ tier: 'enterprise', limit: 1, used: 1, allowed: false, upgrade: null });
    });
  });

  describe('getUsageSummary', () => {
    it("sums a user's and the organisation's usage in the rolling window and in the calendar month", async () => {
      const ada = await newUser('early');
      const [grace] = await db.dataSource.query(
        "INSERT INTO users (org_id, email, name, password_hash, role) VALUES ($1, $2, 'Grace', 'x', 'member') RETURNING id",
        [ada.orgId, `grace-${ada.orgId}@example.com`],
      );
      await tracker.recordApiCall(call(ada.orgId, ada.userId, 'request:1'));
      await tracker.recordApiCall(call(ada.orgId, ada.userId, 'request:2', 429));
      await tracker.recordApiCall(call(ada.orgId, grace.id, 'request:3'));
      await tracker.recordOptimizationRun({ orgId: ada.orgId, userId: ada.userId, runId: 'run-1', tokensUsed: 500, costSaved: '10.25' });
      await tracker.recordOptimizationRun({ orgId: ada.orgId, userId: grace.id, runId: 'run-2', tokensUsed: 250, costSaved: '2.25' });
      // An older call, outside the 5 h window but (unless the month has just begun) inside this month.
      await tracker.recordApiCall(call(ada.orgId, ada.userId, 'request:old'));
      await db.dataSource.query("UPDATE usage_events SET occurred_at = now() - interval '6 hours' WHERE idempotency_key = 'request:old'");
      const [{ in_month: oldInMonth }] = await db.dataSource.query(
        "SELECT now() - interval '6 hours' >= date_trunc('month', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS in_month",
      );
      await admitRun(ada.orgId, ada.userId, 1);
      await admitRun(ada.orgId, grace.id, 1);

      const mine = await tracker.getUsageSummary({ userId: ada.userId });
      expect(mine).toMatchObject({
        scope: 'user',
        tier: 'early',
        runs: { limit: 100, used: 1, remaining: 99, windowSeconds: 18000 },
        window: { apiCalls: 2, rejectedApiCalls: 1, agentRuns: 1, tokens: 500, costSaved: '10.250000' },
        period: { apiCalls: oldInMonth ? 3 : 2, rejectedApiCalls: 1, agentRuns: 1, tokens: 500, costSaved: '10.250000' },
      });
      const start = new Date(mine.period.start);
      expect(start.getUTCDate()).toBe(1);
      expect(start.getUTCHours()).toBe(0);
      expect(new Date(mine.period.end).getUTCMonth()).toBe((start.getUTCMonth() + 1) % 12);

      const org = await tracker.getUsageSummary({ orgId: ada.orgId });
      expect(org).toMatchObject({
        scope: 'organization',
        runs: { limit: 100, used: 2, remaining: 98 },
        window: { apiCalls: 3, rejectedApiCalls: 1, agentRuns: 2, tokens: 750, costSaved: '12.500000' },
      });
    });

    it('reports zeros, not nulls, for an organisation without usage', async () => {
      const { userId } = await newUser();
      const summary = await tracker.getUsageSummary({ userId });
      expect(summary.window).toEqual({ apiCalls: 0, rejectedApiCalls: 0, agentRuns: 0, tokens: 0, costSaved: '0.000000' });
      expect(summary.runs).toEqual({ limit: 3, used: 0, remaining: 3, windowSeconds: 18000, resetAt: null });
    });
  });
});
