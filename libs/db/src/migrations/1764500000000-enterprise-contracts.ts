import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An Enterprise contract's Stripe subscription (the $0 Enterprise price whose invoices carry each period's
 * contract charge), remembered with the contract's terms so that setting the terms again never opens a second one.
 */
export class EnterpriseContracts1764500000000 implements MigrationInterface {
  name = 'EnterpriseContracts1764500000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE organization_plan_overrides ADD COLUMN contract_subscription_id text UNIQUE');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE organization_plan_overrides DROP COLUMN contract_subscription_id');
  }
}
