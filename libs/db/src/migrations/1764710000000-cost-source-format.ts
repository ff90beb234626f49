import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * cost_sources.source_format: the provider export an uploaded file was converted to FOCUS from (the format's
 * stable id, e.g. `aws-cur-legacy`); null for a FOCUS file and for every source that is no file. Nullable
 * without a default: adding it rewrites no row.
 */
export class CostSourceFormat1764710000000 implements MigrationInterface {
  name = 'CostSourceFormat1764710000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE cost_sources ADD COLUMN source_format text');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE cost_sources DROP COLUMN source_format');
  }
}
