import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions, runMigrations } from '@apex/db';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

function adminUrl(): string {
  const url = process.env['APEX_TEST_DATABASE_URL'];
  if (!url) throw new Error('APEX_TEST_DATABASE_URL is not set: run tests through jest (its global setup starts Postgres)');
  return url;
}

async function withAdmin<T>(run: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** A fresh, empty database on the test Postgres server, for one test file. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `apex_test_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  await withAdmin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => withAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

/** A connected DataSource on a fresh database with every migration applied. */
export async function createMigratedDataSource(): Promise<{ dataSource: DataSource; database: TestDatabase; close(): Promise<void> }> {
  const database = await createTestDatabase();
  const dataSource = await new DataSource(dataSourceOptions(database.url, 4)).initialize();
  await runMigrations(dataSource);
  return {
    dataSource,
    database,
    async close() {
      await dataSource.destroy();
      await database.drop();
    },
  };
}
