import { MigrationInterface, QueryRunner } from 'typeorm';

/** Organisations, people, API keys, plans as data, runtime feature flags, usage events and their ledger, runs. */
export class AccountsPlansUsage1764100000000 implements MigrationInterface {
  name = 'AccountsPlansUsage1764100000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE plans (
        tier text PRIMARY KEY,
        name text NOT NULL,
        rank integer NOT NULL UNIQUE,
        run_limit integer NOT NULL CHECK (run_limit >= 0),
        window_seconds integer NOT NULL CHECK (window_seconds > 0),
        features text[] NOT NULL,
        pricing_rule text NOT NULL CHECK (pricing_rule IN ('free', 'flat_or_percent', 'contract')),
        flat_monthly_cents integer CHECK (flat_monthly_cents >= 0),
        percent_of_spend numeric(5, 2) CHECK (percent_of_spend >= 0),
        contract_percent_min numeric(5, 2),
        contract_percent_max numeric(5, 2)
      )`);
    await db.query(`
      INSERT INTO plans (tier, name, rank, run_limit, window_seconds, features, pricing_rule, flat_monthly_cents, percent_of_spend, contract_percent_min, contract_percent_max) VALUES
      ('free', 'Free', 0, 3, 18000, ARRAY['basic_chat', 'simple_optimization'], 'free', 0, NULL, NULL, NULL),
      ('early', 'Early', 1, 100, 18000, ARRAY['basic_chat', 'simple_optimization', 'advanced_optimization', 'basic_analytics', 'api_access'], 'flat_or_percent', 9900, 2.00, NULL, NULL),
      ('mid', 'Mid', 2, 1000, 18000, ARRAY['basic_chat', 'simple_optimization', 'advanced_optimization', 'basic_analytics', 'api_access', 'all_agents', 'team_collaboration', 'advanced_analytics'], 'flat_or_percent', 49900, 5.00, NULL, NULL),
      ('enterprise', 'Enterprise', 3, 1000, 18000, ARRAY['basic_chat', 'simple_optimization', 'advanced_optimization', 'basic_analytics', 'api_access', 'all_agents', 'team_collaboration', 'advanced_analytics', 'white_label', 'custom_models', 'dedicated_support'], 'contract', NULL, NULL, 8.00, 15.00)`);

    await db.query(`
      CREATE TABLE organizations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        tier text NOT NULL DEFAULT 'free' REFERENCES plans (tier),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE organization_plan_overrides (
        org_id uuid PRIMARY KEY REFERENCES organizations (id) ON DELETE CASCADE,
        run_limit integer CHECK (run_limit >= 0),
        window_seconds integer CHECK (window_seconds > 0),
        extra_features text[] NOT NULL DEFAULT '{}',
        contract_percent numeric(5, 2) CHECK (contract_percent BETWEEN 8 AND 15),
        contract_minimum_cents integer CHECK (contract_minimum_cents >= 0),
        updated_by uuid,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        email text NOT NULL,
        name text NOT NULL,
        password_hash text NOT NULL,
        role text NOT NULL CHECK (role IN ('owner', 'admin', 'member')),
        is_operator boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query('CREATE UNIQUE INDEX users_email_key ON users (lower(email))');
    await db.query('CREATE INDEX users_org_idx ON users (org_id)');
    await db.query(`
      CREATE TABLE refresh_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        token_hash text NOT NULL UNIQUE,
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        replaced_by uuid,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE password_resets (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        token_hash text NOT NULL UNIQUE,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE invitations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        email text NOT NULL,
        role text NOT NULL CHECK (role IN ('admin', 'member')),
        token_hash text NOT NULL UNIQUE,
        invited_by uuid NOT NULL REFERENCES users (id),
        expires_at timestamptz NOT NULL,
        accepted_at timestamptz,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE api_keys (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        created_by uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        name text NOT NULL,
        prefix text NOT NULL UNIQUE,
        secret_hash text NOT NULL,
        last_used_at timestamptz,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query('CREATE INDEX api_keys_org_idx ON api_keys (org_id)');
    await db.query(`
      CREATE TABLE feature_flag_overrides (
        flag text PRIMARY KEY CHECK (flag IN ('payments_enabled', 'trial_enabled', 'usage_limits_enforced', 'cloud_billing_integration')),
        enabled boolean NOT NULL,
        updated_by uuid REFERENCES users (id) ON DELETE SET NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await db.query(`
      CREATE TABLE idempotency_records (
        org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        key text NOT NULL,
        method text NOT NULL,
        path text NOT NULL,
        request_hash text NOT NULL,
        status_code integer,
        response_body jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (org_id, key)
      )`);
    await db.query(`
      CREATE TABLE usage_events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        user_id uuid REFERENCES users (id) ON DELETE SET NULL,
        api_key_id uuid REFERENCES api_keys (id) ON DELETE SET NULL,
        kind text NOT NULL CHECK (kind IN ('api_call', 'agent_run')),
        idempotency_key text NOT NULL,
        endpoint text,
        method text,
        status_code integer,
        rejected boolean NOT NULL DEFAULT false,
        tokens bigint NOT NULL DEFAULT 0 CHECK (tokens >= 0),
        cost_saved numeric(20, 6) NOT NULL DEFAULT 0,
        occurred_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (org_id, kind, idempotency_key)
      )`);
    await db.query('CREATE INDEX usage_events_org_time_idx ON usage_events (org_id, occurred_at)');
    await db.query('CREATE INDEX usage_events_user_time_idx ON usage_events (user_id, occurred_at)');
    await db.query(`
      CREATE TABLE ledger_entries (
        id bigserial PRIMARY KEY,
        event_id uuid NOT NULL REFERENCES usage_events (id) ON DELETE CASCADE,
        account text NOT NULL,
        unit text NOT NULL CHECK (unit IN ('api_calls', 'agent_runs', 'tokens', 'cost_saved')),
        amount numeric(20, 6) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query('CREATE INDEX ledger_entries_event_idx ON ledger_entries (event_id)');
    await db.query('CREATE INDEX ledger_entries_account_idx ON ledger_entries (account, unit)');
    // The books balance by construction: at commit, every event's entries sum to zero in each unit.
    await db.query(`
      CREATE FUNCTION ledger_event_balances() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        unbalanced record;
      BEGIN
        SELECT unit, sum(amount) AS total INTO unbalanced
          FROM ledger_entries WHERE event_id = NEW.event_id
          GROUP BY unit HAVING sum(amount) <> 0 LIMIT 1;
        IF FOUND THEN
          RAISE EXCEPTION 'ledger entries of event % do not balance in %: %', NEW.event_id, unbalanced.unit, unbalanced.total
            USING ERRCODE = 'check_violation';
        END IF;
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE CONSTRAINT TRIGGER ledger_entries_balance
        AFTER INSERT OR UPDATE ON ledger_entries DEFERRABLE INITIALLY DEFERRED
        FOR EACH ROW EXECUTE FUNCTION ledger_event_balances()`);
    await db.query(`
      CREATE FUNCTION ledger_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'ledger entries are append-only' USING ERRCODE = 'restrict_violation';
      END $$`);
    await db.query(`
      CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ledger_entries
        FOR EACH ROW WHEN (pg_trigger_depth() = 0) EXECUTE FUNCTION ledger_is_append_only()`);
    await db.query(`
      CREATE TABLE usage_drift (
        id bigserial PRIMARY KEY,
        checked_at timestamptz NOT NULL DEFAULT now(),
        kind text NOT NULL,
        event_id uuid,
        details jsonb NOT NULL
      )`);

    await db.query(`
      CREATE TABLE runs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        status text NOT NULL CHECK (status IN ('admitted', 'running', 'succeeded', 'failed', 'cancelled', 'failed_to_start')),
        idempotency_key text,
        admitted_at timestamptz NOT NULL,
        started_at timestamptz,
        finished_at timestamptz,
        tokens_used bigint NOT NULL DEFAULT 0 CHECK (tokens_used >= 0),
        cost_saved numeric(20, 6) NOT NULL DEFAULT 0,
        failure text,
        UNIQUE (org_id, idempotency_key)
      )`);
    await db.query(
      "CREATE INDEX runs_user_window_idx ON runs (user_id, admitted_at) WHERE status <> 'failed_to_start'",
    );
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of [
      'runs', 'usage_drift', 'ledger_entries', 'usage_events', 'idempotency_records', 'feature_flag_overrides',
      'api_keys', 'invitations', 'password_resets', 'refresh_tokens', 'users', 'organization_plan_overrides',
      'organizations', 'plans',
    ]) {
      await db.query(`DROP TABLE ${table}`);
    }
    await db.query('DROP FUNCTION ledger_event_balances()');
    await db.query('DROP FUNCTION ledger_is_append_only()');
  }
}
