import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The cloud agent reads only an organisation's non-AI rows of a window. Without an index of its own it walks every
 * AI row of that window as well, which in an organisation of AI rows alone is all of them, for nothing.
 */
export class CostRowsCloudIndex1764640000000 implements MigrationInterface {
  name = 'CostRowsCloudIndex1764640000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('CREATE INDEX cost_rows_org_cloud_period_idx ON cost_rows (org_id, charge_period_start) WHERE NOT is_ai');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP INDEX cost_rows_org_cloud_period_idx');
  }
}
