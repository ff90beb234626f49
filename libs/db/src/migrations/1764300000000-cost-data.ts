import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Where an organisation's cost data comes from (connections, each upload or API pull as a source) and the
 * canonical cost rows: FOCUS columns in snake case (BilledCost → billed_cost), AI fields, money as numeric in
 * its source precision with its currency, and provenance (source, API page, source row) on every row.
 */
export class CostData1764300000000 implements MigrationInterface {
  name = 'CostData1764300000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE cost_connections (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        provider text NOT NULL CHECK (provider IN ('aws', 'azure', 'gcp', 'openai', 'focus_upload')),
        name text NOT NULL,
        credentials_ciphertext bytea,
        settings jsonb NOT NULL DEFAULT '{}',
        status text NOT NULL DEFAULT 'pending'
          CHECK (status IN ('pending', 'backfilling', 'active', 'failing', 'disconnected')),
        last_synced_at timestamptz,
        last_error text,
        created_by uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (org_id, name)
      )`);
    await db.query('CREATE INDEX cost_connections_org_idx ON cost_connections (org_id, created_at)');

    await db.query(`
      CREATE TABLE cost_sources (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        connection_id uuid NOT NULL REFERENCES cost_connections (id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('file', 'api')),
        file_name text,
        file_sha256 text,
        focus_version text,
        period_start timestamptz NOT NULL,
        period_end timestamptz NOT NULL CHECK (period_end > period_start),
        row_count integer NOT NULL DEFAULT 0 CHECK (row_count >= 0),
        status text NOT NULL DEFAULT 'loading' CHECK (status IN ('loading', 'loaded', 'failed', 'replaced')),
        failure jsonb,
        created_by uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        loaded_at timestamptz
      )`);
    await db.query('CREATE INDEX cost_sources_connection_idx ON cost_sources (connection_id, period_start)');
    await db.query('CREATE INDEX cost_sources_org_idx ON cost_sources (org_id, created_at)');

    await db.query(`
      CREATE TABLE cost_rows (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        connection_id uuid NOT NULL REFERENCES cost_connections (id) ON DELETE CASCADE,
        source_id uuid NOT NULL REFERENCES cost_sources (id) ON DELETE CASCADE,
        source_page text,
        source_row integer NOT NULL CHECK (source_row >= 1),

        billing_account_id text,
        billing_account_name text,
        sub_account_id text,
        sub_account_name text,
        billing_period_start timestamptz,
        billing_period_end timestamptz,
        charge_period_start timestamptz NOT NULL,
        charge_period_end timestamptz NOT NULL,
        charge_category text NOT NULL,
        charge_class text,
        charge_description text,
        charge_frequency text,
        billed_cost numeric NOT NULL,
        effective_cost numeric NOT NULL,
        list_cost numeric,
        contracted_cost numeric,
        billing_currency char(3) NOT NULL,
        provider_name text NOT NULL,
        publisher_name text,
        invoice_issuer_name text,
        service_name text,
        service_category text,
        region_id text,
        region_name text,
        resource_id text,
        resource_name text,
        resource_type text,
        sku_id text,
        sku_price_id text,
        pricing_quantity numeric,
        pricing_unit text,
        consumed_quantity numeric,
        consumed_unit text,
        tags jsonb,

        is_ai boolean NOT NULL DEFAULT false,
        model text,
        input_tokens bigint CHECK (input_tokens >= 0),
        output_tokens bigint CHECK (output_tokens >= 0),
        cached_tokens bigint CHECK (cached_tokens >= 0),
        requests bigint CHECK (requests >= 0)
      )`);
    await db.query('CREATE INDEX cost_rows_org_period_idx ON cost_rows (org_id, charge_period_start)');
    await db.query('CREATE INDEX cost_rows_connection_period_idx ON cost_rows (connection_id, charge_period_start)');
    await db.query('CREATE INDEX cost_rows_source_idx ON cost_rows (source_id, source_row)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE cost_rows');
    await db.query('DROP TABLE cost_sources');
    await db.query('DROP TABLE cost_connections');
  }
}
