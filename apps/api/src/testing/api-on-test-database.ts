import { freePort } from '@apex/devstack';
import { createTestDatabase, TestDatabase } from '@apex/testing';
import { ApiUnderTest, ApiUnderTestOptions, startApiUnderTest } from './api-under-test';

export interface ApiOnTestDatabase {
  database: TestDatabase;
  api: ApiUnderTest;
  stop(): Promise<void>;
}

/** The API on a fresh migrated database, with Temporal pointed at a port nothing listens on. */
export async function startApiOnTestDatabase(env: Record<string, string> = {}, options: ApiUnderTestOptions = {}): Promise<ApiOnTestDatabase> {
  const database = await createTestDatabase();
  let api: ApiUnderTest;
  try {
    api = await startApiUnderTest({ DATABASE_URL: database.url, TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}`, ...env }, options);
  } catch (error) {
    await database.drop();
    throw error;
  }
  return {
    database,
    api,
    async stop() {
      await api.close();
      await database.drop();
    },
  };
}
