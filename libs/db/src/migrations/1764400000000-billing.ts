import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Billing: Apex holds the truth about each organisation's plan, Stripe holds the money.
 *
 * - `organizations` gains its Stripe customer, its trial dates and a summary of its payment method with the
 *   event it came from (billing is per organisation).
 * - `subscriptions` and `invoices` mirror Stripe objects as last seen through webhooks. Each row keeps the
 *   version it was written from (`last_event_created`, `last_event_id`): an event older than that changes
 *   nothing, so late or out-of-order deliveries converge on the same state.
 * - `stripe_events` stores every verified webhook event once, by its id, with the workflow starts and signals
 *   it decided (`effects`); `processed_at` is set once they were delivered, so a redelivery after a failed
 *   delivery retries them.
 * - `trials` (one per organisation, ever), `dunning_cases` (one per failed invoice) and
 *   `billing_period_charges` (one spend-based charge per subscription period) are the records the billing
 *   workflows keep.
 */
export class Billing1764400000000 implements MigrationInterface {
  name = 'Billing1764400000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE organizations
        ADD COLUMN stripe_customer_id text UNIQUE,
        ADD COLUMN trial_started_at timestamptz,
        ADD COLUMN trial_ends_at timestamptz,
        ADD COLUMN has_payment_method boolean NOT NULL DEFAULT false,
        ADD COLUMN payment_method_id text,
        ADD COLUMN payment_method_brand text,
        ADD COLUMN payment_method_last4 text,
        ADD COLUMN payment_method_event_created timestamptz,
        ADD COLUMN payment_method_event_id text`);

    await db.query(`
      CREATE TABLE subscriptions (
        id text PRIMARY KEY,
        org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        customer_id text NOT NULL,
        tier text NOT NULL REFERENCES plans (tier),
        price_id text,
        status text NOT NULL CHECK (status IN (
          'incomplete', 'incomplete_expired', 'trialing', 'active', 'past_due', 'canceled', 'unpaid', 'paused')),
        current_period_start timestamptz,
        current_period_end timestamptz,
        cancel_at_period_end boolean NOT NULL DEFAULT false,
        canceled_at timestamptz,
        ended_at timestamptz,
        trial_end timestamptz,
        last_event_created timestamptz NOT NULL,
        last_event_id text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query('CREATE INDEX subscriptions_org_idx ON subscriptions (org_id, created_at)');

    await db.query(`
      CREATE TABLE invoices (
        id text PRIMARY KEY,
        org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        subscription_id text,
        number text,
        status text NOT NULL CHECK (status IN ('draft', 'open', 'paid', 'uncollectible', 'void')),
        amount_due_cents bigint NOT NULL CHECK (amount_due_cents >= 0),
        amount_paid_cents bigint NOT NULL CHECK (amount_paid_cents >= 0),
        currency text NOT NULL,
        hosted_invoice_url text,
        period_start timestamptz,
        period_end timestamptz,
        attempt_count integer NOT NULL DEFAULT 0 CHECK (attempt_count >= 0),
        last_payment_failed_at timestamptz,
        paid_at timestamptz,
        last_event_created timestamptz NOT NULL,
        last_event_id text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query('CREATE INDEX invoices_org_idx ON invoices (org_id, created_at)');

    await db.query(`
      CREATE TABLE stripe_events (
        id text PRIMARY KEY,
        type text NOT NULL,
        created timestamptz NOT NULL,
        livemode boolean NOT NULL,
        payload jsonb NOT NULL,
        org_id uuid REFERENCES organizations (id) ON DELETE SET NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        effects jsonb NOT NULL DEFAULT '[]',
        processed_at timestamptz,
        outcome text CHECK (outcome IN ('applied', 'stale', 'unmatched', 'unhandled'))
      )`);
    await db.query('CREATE INDEX stripe_events_org_idx ON stripe_events (org_id, created)');

    await db.query(`
      CREATE TABLE trials (
        org_id uuid PRIMARY KEY REFERENCES organizations (id) ON DELETE CASCADE,
        tier text NOT NULL REFERENCES plans (tier),
        subscription_id text,
        status text NOT NULL CHECK (status IN ('active', 'converted', 'downgraded', 'cancelled')),
        started_by uuid REFERENCES users (id) ON DELETE SET NULL,
        started_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL CHECK (ends_at > started_at),
        ended_at timestamptz
      )`);

    await db.query(`
      CREATE TABLE dunning_cases (
        invoice_id text PRIMARY KEY,
        org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        subscription_id text,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'recovered', 'downgraded')),
        attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        opened_at timestamptz NOT NULL DEFAULT now(),
        closed_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query('CREATE INDEX dunning_cases_org_idx ON dunning_cases (org_id, opened_at)');

    await db.query(`
      CREATE TABLE billing_period_charges (
        subscription_id text NOT NULL,
        period_start timestamptz NOT NULL,
        period_end timestamptz NOT NULL CHECK (period_end > period_start),
        org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        tier text NOT NULL REFERENCES plans (tier),
        rule text NOT NULL,
        measured_spend numeric NOT NULL CHECK (measured_spend >= 0),
        spend_currency text NOT NULL DEFAULT 'USD',
        spend_row_count integer NOT NULL CHECK (spend_row_count >= 0),
        flat_cents integer CHECK (flat_cents >= 0),
        percent numeric(5, 2) CHECK (percent >= 0),
        minimum_cents integer CHECK (minimum_cents >= 0),
        charge_cents bigint NOT NULL CHECK (charge_cents >= 0),
        description text NOT NULL,
        stripe_invoice_item_id text,
        computed_at timestamptz NOT NULL DEFAULT now(),
        applied_at timestamptz,
        PRIMARY KEY (subscription_id, period_start)
      )`);
    await db.query('CREATE INDEX billing_period_charges_org_idx ON billing_period_charges (org_id, period_start)');
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['billing_period_charges', 'dunning_cases', 'trials', 'stripe_events', 'invoices', 'subscriptions']) {
      await db.query(`DROP TABLE ${table}`);
    }
    await db.query(`
      ALTER TABLE organizations
        DROP COLUMN payment_method_event_id,
        DROP COLUMN payment_method_event_created,
        DROP COLUMN payment_method_last4,
        DROP COLUMN payment_method_brand,
        DROP COLUMN payment_method_id,
        DROP COLUMN has_payment_method,
        DROP COLUMN trial_ends_at,
        DROP COLUMN trial_started_at,
        DROP COLUMN stripe_customer_id`);
  }
}
