import { DataSource, Migration } from 'typeorm';

/** Any constant works; it only has to be the same for every process that migrates. */
const MIGRATION_LOCK_KEY = 7_246_019_311;

/**
 * Applies pending migrations under a Postgres advisory lock, so an API and a
 * worker starting together do not race each other.
 */
export async function runMigrations(dataSource: DataSource): Promise<Migration[]> {
  const lock = dataSource.createQueryRunner();
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    return await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await lock.release();
  }
}
