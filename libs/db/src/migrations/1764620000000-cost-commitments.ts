import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The FOCUS pricing and commitment columns of cost rows (owned by libs/costs), which commitment coverage, unused
 * commitments and the Effective Savings Rate are computed from. ListCost, ConsumedQuantity and ResourceId were
 * already kept. Nullable: sources that do not carry them leave them empty, and earlier rows stay as they were.
 * The allowed-value columns hold only FOCUS's spellings (the loader and the connectors store null otherwise).
 */
export class CostCommitments1764620000000 implements MigrationInterface {
  name = 'CostCommitments1764620000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE cost_rows
        ADD COLUMN pricing_category text CHECK (pricing_category IN ('Standard', 'Dynamic', 'Committed', 'Other')),
        ADD COLUMN commitment_discount_id text,
        ADD COLUMN commitment_discount_type text,
        ADD COLUMN commitment_discount_category text CHECK (commitment_discount_category IN ('Spend', 'Usage')),
        ADD COLUMN commitment_discount_status text CHECK (commitment_discount_status IN ('Used', 'Unused'))`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE cost_rows
        DROP COLUMN commitment_discount_status,
        DROP COLUMN commitment_discount_category,
        DROP COLUMN commitment_discount_type,
        DROP COLUMN commitment_discount_id,
        DROP COLUMN pricing_category`);
  }
}
