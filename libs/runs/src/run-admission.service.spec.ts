import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AppConfig } from '@apex/config';
import { dataSourceOptions } from '@apex/db';
import { EntitlementsService, FeatureFlagsService } from '@apex/entitlements';
import { createMigratedDataSource } from '@apex/testing';
import { Admission, RunAdmissionService, RunRequester } from './run-admission.service';
import { RunsService } from './runs.service';

const FIVE_HOURS_MS = 5 * 3600 * 1000;

describe('RunAdmissionService against PostgreSQL', () => {
  let db: Awaited<ReturnType<typeof createMigratedDataSource>>;
  /** A second pool on the same database: admissions from "another API process". */
  let otherProcess: DataSource;
  let admissions: RunAdmissionService[];

  beforeAll(async () => {
    db = await createMigratedDataSource();
    otherProcess = await new DataSource(dataSourceOptions(db.database.url, 4)).initialize();
    const config = AppConfig.fromEnv({
      DATABASE_URL: db.database.url,
      TEMPORAL_ADDRESS: '127.0.0.1:7233',
      SMTP_URL: 'smtp://127.0.0.1:1025',
      JWT_SECRET: 'x'.repeat(32),
    });
    admissions = [db.dataSource, otherProcess].map(
      (ds) => new RunAdmissionService(ds, new EntitlementsService(ds), new FeatureFlagsService(ds, config)),
    );
  });
  afterAll(async () => {
    await otherProcess?.destroy();
    await db?.close();
  });

  async function newUser(tier = 'free'): Promise<RunRequester> {
    const [org] = await db.dataSource.query('INSERT INTO organizations (name, tier) VALUES ($1, $2) RETURNING id', ['Org', tier]);
    const [user] = await db.dataSource.query(
      "INSERT INTO users (org_id, email, name, password_hash, role) VALUES ($1, $2, 'U', 'x', 'owner') RETURNING id",
      [org.id, `${randomUUID()}@example.com`],
    );
    return { orgId: org.id, userId: user.id };
  }

  const admit = (who: RunRequester, i = 0, key: string | null = null) => admissions[i % 2].admit(who, key);
  const outcomes = (results: Admission[]) => results.map((r) => r.outcome).sort();
  const shift = (sql: string, params: unknown[]) => db.dataSource.query(sql, params);

  it('admits exactly the limit out of many simultaneous requests from two pools', async () => {
    const ada = await newUser();
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => admit(ada, i)));
    expect(outcomes(results).filter((o) => o === 'admitted')).toHaveLength(3);
    expect(outcomes(results).filter((o) => o === 'limit_reached')).toHaveLength(37);
    const [{ count }] = await db.dataSource.query('SELECT count(*)::int AS count FROM runs WHERE user_id = $1', [ada.userId]);
    expect(count).toBe(3);
  });

  it('reports limit, used and when the oldest run frees its slot', async () => {
    const ada = await newUser();
    const admitted = [];
    for (let i = 0; i < 3; i++) admitted.push(await admit(ada));
    const oldest = (admitted[0] as Extract<Admission, { outcome: 'admitted' }>).run.admitted_at;
    const rejected = await admit(ada);
    expect(rejected).toEqual({
      outcome: 'limit_reached',
      limit: 3,
      used: 3,
      windowSeconds: 18000,
      resetAt: new Date(oldest.getTime() + FIVE_HOURS_MS),
      admissibleAt: new Date(oldest.getTime() + FIVE_HOURS_MS),
    });
  });

  it('frees a slot exactly when the oldest admitted run is five hours old', async () => {
    const ada = await newUser();
    for (let i = 0; i < 3; i++) await admit(ada);
    const oldestId = async () => (await shift('SELECT id FROM runs WHERE user_id = $1 ORDER BY admitted_at LIMIT 1', [ada.userId]))[0].id;
    const id = await oldestId();

    await shift("UPDATE runs SET admitted_at = clock_timestamp() - interval '5 hours' + interval '2 seconds' WHERE id = $1", [id]);
    const [{ admitted_at: movedTo }] = await shift('SELECT admitted_at FROM runs WHERE id = $1', [id]);
    const stillFull = await admit(ada);
    expect(stillFull).toMatchObject({ outcome: 'limit_reached', used: 3, resetAt: new Date(movedTo.getTime() + FIVE_HOURS_MS) });

    await shift("UPDATE runs SET admitted_at = clock_timestamp() - interval '5 hours' - interval '1 millisecond' WHERE id = $1", [id]);
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => admit(ada, i)));
    expect(outcomes(results).filter((o) => o === 'admitted')).toHaveLength(1);
  });

  it('does not count a run that failed to start', async () => {
    const ada = await newUser();
    for (let i = 0; i < 3; i++) await admit(ada);
    await shift("UPDATE runs SET status = 'failed_to_start' WHERE id = (SELECT id FROM runs WHERE user_id = $1 LIMIT 1)", [ada.userId]);
    expect((await admit(ada)).outcome).toBe('admitted');
    expect((await admit(ada)).outcome).toBe('limit_reached');
  });

  it('returns the same run for a repeated Idempotency-Key, even when the window is full', async () => {
    const ada = await newUser();
    const concurrent = await Promise.all(Array.from({ length: 10 }, (_, i) => admit(ada, i, 'key-1')));
    const ids = new Set(concurrent.map((r) => (r.outcome === 'limit_reached' ? null : r.run.id)));
    expect(ids.size).toBe(1);
    expect(outcomes(concurrent)).toEqual(['admitted', ...Array(9).fill('replayed')]);
    await admit(ada, 0, 'key-2');
    await admit(ada, 0, 'key-3');
    expect((await admit(ada, 0, 'key-4')).outcome).toBe('limit_reached');
    const replay = await admit(ada, 1, 'key-1');
    expect(replay).toMatchObject({ outcome: 'replayed', run: { id: [...ids][0] } });
  });

  it('lets a key whose run was given back admit again, as a new run', async () => {
    const ada = await newUser();
    const first = await admit(ada, 0, 'retry-me');
    if (first.outcome !== 'admitted') throw new Error('expected an admission');
    await new RunsService(db.dataSource).giveBack(first.run.id, 'Temporal was unreachable');
    const retry = await admit(ada, 1, 'retry-me');
    expect(retry).toMatchObject({ outcome: 'admitted', run: { idempotency_key: 'retry-me' } });
    expect(retry.outcome === 'admitted' && retry.run.id).not.toBe(first.run.id);
  });

  it('scopes Idempotency-Keys to the organisation', async () => {
    const [ada, grace] = [await newUser(), await newUser()];
    const a = await admit(ada, 0, 'same-key');
    const g = await admit(grace, 0, 'same-key');
    expect([a.outcome, g.outcome]).toEqual(['admitted', 'admitted']);
  });

  it('applies the next tier and per-organisation overrides from the entitlements', async () => {
    const early = await newUser('early');
    const results = await Promise.all(Array.from({ length: 110 }, (_, i) => admit(early, i)));
    expect(outcomes(results).filter((o) => o === 'admitted')).toHaveLength(100);

    const contracted = await newUser('enterprise');
    await shift('INSERT INTO organization_plan_overrides (org_id, run_limit) VALUES ($1, 2)', [contracted.orgId]);
    expect(outcomes(await Promise.all([0, 1, 2, 3].map((i) => admit(contracted, i))))).toEqual([
      'admitted', 'admitted', 'limit_reached', 'limit_reached',
    ]);
  });

  it('names the slot that admits this request when more than the limit are in use', async () => {
    const lowered = await newUser('early');
    for (let i = 0; i < 5; i++) await admit(lowered);
    await shift('INSERT INTO organization_plan_overrides (org_id, run_limit) VALUES ($1, 3)', [lowered.orgId]);
    const admittedAt: Date[] = (await shift('SELECT admitted_at FROM runs WHERE user_id = $1 ORDER BY admitted_at', [lowered.userId])).map(
      (r: { admitted_at: Date }) => r.admitted_at,
    );
    expect(await admit(lowered)).toMatchObject({
      outcome: 'limit_reached',
      limit: 3,
      used: 5,
      resetAt: new Date(admittedAt[0].getTime() + FIVE_HOURS_MS),
      admissibleAt: new Date(admittedAt[2].getTime() + FIVE_HOURS_MS),
    });
  });

  it('admits past the limit while usage_limits_enforced is off', async () => {
    const ada = await newUser();
    await shift("INSERT INTO feature_flag_overrides (flag, enabled) VALUES ('usage_limits_enforced', false)", []);
    try {
      const results = await Promise.all(Array.from({ length: 5 }, (_, i) => admit(ada, i)));
      expect(outcomes(results)).toEqual(Array(5).fill('admitted'));
    } finally {
      await shift("DELETE FROM feature_flag_overrides WHERE flag = 'usage_limits_enforced'", []);
    }
    expect((await admit(ada)).outcome).toBe('limit_reached');
  });
});
