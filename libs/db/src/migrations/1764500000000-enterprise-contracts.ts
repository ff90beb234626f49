import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An Enterprise contract's Stripe subscription (the $0 Enterprise price), remembered with the contract's terms so
 * that setting the terms again never opens a second one; and the invoice of its own that each contract period's
 * charge is sent on, remembered as soon as it exists so that a retry, even days later, sends no second invoice.
 */
export class EnterpriseContracts1764500000000 implements MigrationInterface {
  name = 'EnterpriseContracts1764500000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE organization_plan_overrides ADD COLUMN contract_subscription_id text UNIQUE');
    await db.query('ALTER TABLE billing_period_charges ADD COLUMN stripe_invoice_id text');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE billing_period_charges DROP COLUMN stripe_invoice_id');
    await db.query('ALTER TABLE organization_plan_overrides DROP COLUMN contract_subscription_id');
  }
}
