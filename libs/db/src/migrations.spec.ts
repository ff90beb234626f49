import { DataSource } from 'typeorm';
import { createTestDatabase, TestDatabase } from '@apex/testing';
import { dataSourceOptions } from './data-source-options';
import { runMigrations } from './run-migrations';

describe('migrations', () => {
  let database: TestDatabase;
  let db: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = await new DataSource(dataSourceOptions(database.url, 4)).initialize();
  });
  afterAll(async () => {
    await db?.destroy();
    await database?.drop();
  });

  it('apply once, even when two processes start together, and then have nothing left to do', async () => {
    const other = await new DataSource(dataSourceOptions(database.url, 2)).initialize();
    try {
      const [a, b] = await Promise.all([runMigrations(db), runMigrations(other)]);
      expect(a.length + b.length).toBe(db.migrations.length);
      expect(await runMigrations(db)).toEqual([]);
    } finally {
      await other.destroy();
    }
  });

  it('seed the four plans with cumulative features', async () => {
    const plans = await db.query('SELECT tier, run_limit, features FROM plans ORDER BY rank');
    expect(plans.map((p: { tier: string; run_limit: number }) => [p.tier, p.run_limit])).toEqual([
      ['free', 3], ['early', 100], ['mid', 1000], ['enterprise', 1000],
    ]);
    for (let i = 1; i < plans.length; i++) {
      expect(plans[i].features).toEqual(expect.arrayContaining(plans[i - 1].features));
    }
  });

  it('refuse to commit ledger entries that do not balance, and to change committed ones', async () => {
    const [org] = await db.query("INSERT INTO organizations (name) VALUES ('Ledger Ltd') RETURNING id");
    const [event] = await db.query(
      "INSERT INTO usage_events (org_id, kind, idempotency_key) VALUES ($1, 'api_call', 'k1') RETURNING id",
      [org.id],
    );
    const post = (amounts: number[]) =>
      db.transaction(async (tx) => {
        for (const amount of amounts) {
          await tx.query("INSERT INTO ledger_entries (event_id, account, unit, amount) VALUES ($1, 'a', 'api_calls', $2)", [event.id, amount]);
        }
      });
    await expect(post([1])).rejects.toThrow(/do not balance/);
    await post([1, -1]);
    await expect(db.query('UPDATE ledger_entries SET amount = 2')).rejects.toThrow(/append-only/);
    await expect(db.query('DELETE FROM ledger_entries')).rejects.toThrow(/append-only/);
  });

  it('revert cleanly', async () => {
    for (let i = 0; i < db.migrations.length; i++) await db.undoLastMigration({ transaction: 'each' });
    const tables = await db.query("SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations'");
    expect(tables[0].n).toBe(0);
  });
});
