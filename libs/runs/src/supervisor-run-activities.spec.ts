import { randomUUID } from 'node:crypto';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import type { RunBookkeepingActivities } from '@apex/contracts';
import { EntitlementsService } from '@apex/entitlements';
import { UsageTracker } from '@apex/metering';
import { createMigratedDataSource } from '@apex/testing';
import { RunUsageService } from './run-usage.service';
import { RunsService } from './runs.service';
import { SupervisorRunActivitiesService } from './supervisor-run-activities';

describe('supervisor run activities against PostgreSQL', () => {
  let db: Awaited<ReturnType<typeof createMigratedDataSource>>;
  let runs: RunsService;
  let activities: RunBookkeepingActivities;
  let orgId: string;
  let userId: string;

  beforeAll(async () => {
    db = await createMigratedDataSource();
    runs = new RunsService(db.dataSource);
    const usage = new RunUsageService(runs, new UsageTracker(db.dataSource, new EntitlementsService(db.dataSource)));
    activities = new SupervisorRunActivitiesService(runs, usage).activities();
    const [org] = await db.dataSource.query("INSERT INTO organizations (name) VALUES ('Engines Ltd') RETURNING id");
    const [user] = await db.dataSource.query(
      "INSERT INTO users (org_id, email, name, password_hash, role) VALUES ($1, 'ada@example.com', 'Ada', 'x', 'owner') RETURNING id",
      [org.id],
    );
    [orgId, userId] = [org.id, user.id];
  });
  afterAll(() => db?.close());

  /** Activities run as Temporal would run them, with an activity context (failures are expected, not logged). */
  const act = <K extends keyof RunBookkeepingActivities>(name: K, ...args: Parameters<RunBookkeepingActivities[K]>) => {
    const activity = activities[name] as (...a: Parameters<RunBookkeepingActivities[K]>) => ReturnType<RunBookkeepingActivities[K]>;
    return new MockActivityEnvironment({}, { logger: new DefaultLogger('ERROR') }).run(activity, ...args) as ReturnType<RunBookkeepingActivities[K]>;
  };

  async function admitted(): Promise<string> {
    const [row] = await db.dataSource.query(
      "INSERT INTO runs (org_id, user_id, status, admitted_at) VALUES ($1, $2, 'admitted', clock_timestamp()) RETURNING id",
      [orgId, userId],
    );
    return row.id;
  }
  const row = async (id: string) => (await db.dataSource.query('SELECT * FROM runs WHERE id = $1', [id]))[0];
  const usageEvents = (id: string) =>
    db.dataSource.query("SELECT user_id, tokens, cost_saved::text FROM usage_events WHERE kind = 'agent_run' AND idempotency_key = $1", [`run:${id}`]);

  it('takes a run from admitted to succeeded and meters the tokens its agents used once', async () => {
    const id = await admitted();
    expect(await act('markRunRunning', id)).toBe('running');
    expect(await act('markRunRunning', id)).toBe('running');
    const startedAt = (await row(id)).started_at;

    const outcome = { tokensUsed: 412, costSaved: '0' };
    await act('finishRun', id, { status: 'succeeded', outcome });
    await act('finishRun', id, { status: 'failed', failure: 'a late retry' });
    await act('recordRunUsage', id);
    await act('recordRunUsage', id);

    expect(await row(id)).toMatchObject({ status: 'succeeded', started_at: startedAt, finished_at: expect.any(Date), tokens_used: '412', failure: null });
    expect(await usageEvents(id)).toEqual([{ user_id: userId, tokens: '412', cost_saved: '0.000000' }]);
  });

  it('records a failure with its reason', async () => {
    const id = await admitted();
    await act('markRunRunning', id);
    await act('finishRun', id, { status: 'failed', failure: 'the model provider refused the key' });
    await act('recordRunUsage', id);
    expect(await row(id)).toMatchObject({ status: 'failed', failure: 'the model provider refused the key', finished_at: expect.any(Date) });
    expect(await usageEvents(id)).toHaveLength(1);
  });

  it('cancels a run that has not started yet', async () => {
    const id = await admitted();
    await act('finishRun', id, { status: 'cancelled' });
    expect(await act('markRunRunning', id)).toBe('cancelled');
    await act('recordRunUsage', id);
    expect(await row(id)).toMatchObject({ status: 'cancelled', started_at: null });
    expect(await usageEvents(id)).toHaveLength(1);
  });

  it('leaves a run whose slot was given back alone, and meters nothing for it', async () => {
    const id = await admitted();
    expect((await runs.giveBack(id, 'Temporal was unreachable')).status).toBe('failed_to_start');
    expect(await act('markRunRunning', id)).toBe('failed_to_start');
    await act('recordRunUsage', id);
    expect(await usageEvents(id)).toEqual([]);
  });

  it('does not give back a run its workflow already started', async () => {
    const id = await admitted();
    await act('markRunRunning', id);
    expect(await runs.giveBack(id, 'the start looked like it failed')).toMatchObject({ status: 'running', failure: null });
  });

  it('refuses to meter a run that has not ended', async () => {
    const id = await admitted();
    await expect(act('recordRunUsage', id)).rejects.toThrow('has not ended');
  });

  it('lists an organisation’s runs newest first, page by page, and no one else’s', async () => {
    const [other] = await db.dataSource.query("INSERT INTO organizations (name) VALUES ('Other') RETURNING id");
    const all = (await runs.list(orgId, { limit: 100 })).rows;
    const first = await runs.list(orgId, { limit: 4 });
    const second = await runs.list(orgId, { limit: 4, before: first.rows[3].id });
    expect(first.more).toBe(true);
    expect([...first.rows, ...second.rows].map((r) => r.id)).toEqual(all.slice(0, 8).map((r) => r.id));
    expect(all.map((r) => r.admitted_at.getTime())).toEqual([...all.map((r) => r.admitted_at.getTime())].sort((a, b) => b - a));
    expect((await runs.list(other.id, { limit: 10 })).rows).toEqual([]);
    expect(await runs.find(other.id, all[0].id)).toBeNull();
    expect(await runs.find(orgId, randomUUID())).toBeNull();
    expect(await runs.find(orgId, 'not-a-uuid')).toBeNull();
  });
});
