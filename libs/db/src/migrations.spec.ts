import { DataSource } from 'typeorm';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { dataSourceOptions } from './data-source-options';
import { runMigrations } from './run-migrations';

interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A fresh database on the test server (libs/testing has the general helper, but it depends on this library). */
async function createTestDatabase(): Promise<TestDatabase> {
  const admin = process.env['APEX_TEST_DATABASE_URL']!;
  const name = `apex_migrations_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const run = async (sql: string) => {
    const client = new Client({ connectionString: admin });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await run(`CREATE DATABASE ${name}`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

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
