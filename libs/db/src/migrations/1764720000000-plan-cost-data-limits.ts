import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * How much cost data each plan lets an organisation hold and send, as data on `plans`:
 * - cost_rows_limit: the cost rows an organisation may hold (every source: uploads and connections);
 * - cost_bytes_limit: the bytes of uploaded FOCUS files (decompressed CSV) whose rows it still holds;
 * - upload_rows_limit: the rows one upload may carry;
 * - uploads_per_hour: the uploads one organisation may start in an hour.
 *
 * | tier       | rows held   | bytes held | rows per upload | uploads per hour |
 * |------------|-------------|------------|-----------------|------------------|
 * | free       | 250,000     | 256 MiB    | 100,000         | 10               |
 * | early      | 5,000,000   | 5 GiB      | 2,000,000       | 30               |
 * | mid        | 50,000,000  | 50 GiB     | 10,000,000      | 60               |
 * | enterprise | 500,000,000 | 500 GiB    | 50,000,000      | 120              |
 *
 * `cost_sources.file_bytes` keeps the decompressed size of each uploaded file, which the bytes held are summed from.
 */
export class PlanCostDataLimits1764720000000 implements MigrationInterface {
  name = 'PlanCostDataLimits1764720000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE plans
        ADD COLUMN cost_rows_limit bigint CHECK (cost_rows_limit >= 0),
        ADD COLUMN cost_bytes_limit bigint CHECK (cost_bytes_limit >= 0),
        ADD COLUMN upload_rows_limit integer CHECK (upload_rows_limit >= 0),
        ADD COLUMN uploads_per_hour integer CHECK (uploads_per_hour >= 0)`);
    await db.query(`
      UPDATE plans p SET cost_rows_limit = v.rows_held, cost_bytes_limit = v.bytes_held, upload_rows_limit = v.upload_rows, uploads_per_hour = v.per_hour
        FROM (VALUES
          ('free', 250000::bigint, 268435456::bigint, 100000, 10),
          ('early', 5000000, 5368709120, 2000000, 30),
          ('mid', 50000000, 53687091200, 10000000, 60),
          ('enterprise', 500000000, 536870912000, 50000000, 120)
        ) AS v (tier, rows_held, bytes_held, upload_rows, per_hour)
       WHERE p.tier = v.tier`);
    // A plan added later without limits gets the free plan's.
    await db.query(`
      UPDATE plans SET cost_rows_limit = 250000, cost_bytes_limit = 268435456, upload_rows_limit = 100000, uploads_per_hour = 10
       WHERE cost_rows_limit IS NULL`);
    await db.query(`
      ALTER TABLE plans
        ALTER COLUMN cost_rows_limit SET NOT NULL,
        ALTER COLUMN cost_bytes_limit SET NOT NULL,
        ALTER COLUMN upload_rows_limit SET NOT NULL,
        ALTER COLUMN uploads_per_hour SET NOT NULL`);
    await db.query('ALTER TABLE cost_sources ADD COLUMN file_bytes bigint CHECK (file_bytes >= 0)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE cost_sources DROP COLUMN file_bytes');
    await db.query('ALTER TABLE plans DROP COLUMN cost_rows_limit, DROP COLUMN cost_bytes_limit, DROP COLUMN upload_rows_limit, DROP COLUMN uploads_per_hour');
  }
}
