import { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * Per-organisation rollups of cost_rows, kept exact by statement-level triggers: every INSERT, COPY, UPDATE,
 * DELETE and TRUNCATE on cost_rows (a load, a replacement, a connection's cascade) adds or takes away the sums of the rows it
 * touched, in the same transaction. A figure read from a rollup therefore equals the same figure summed from the
 * rows, to the last digit; rollup rows whose count returns to zero are removed.
 *
 * cost_daily_rollups: the UTC day a row's charge period starts on × currency × AI flag × provider × ServiceCategory ×
 * service × model × ChargeCategory × pricing class × service tier × whether it counts tokens. ListCost keeps the
 * rows that carry one (listed_rows), so that a sum over rows without any stays NULL as it does on the rows.
 *
 * cost_hourly_ai_rollups: AI rows whose charge period is an hour or less, by the hour they start in and currency,
 * for the hour-of-day and weekday shape of a run's profile.
 */

const SERVICE_TIER = `CASE
    WHEN concat_ws(' ', r.charge_description, r.sku_id, r.sku_price_id) ~* '\\mbatch' THEN 'batch'
    WHEN concat_ws(' ', r.charge_description, r.sku_id, r.sku_price_id) ~* '\\mpriority' THEN 'priority'
    WHEN concat_ws(' ', r.charge_description, r.sku_id, r.sku_price_id) ~* '\\mflex' THEN 'flex'
    WHEN concat_ws(' ', r.charge_description, r.sku_id, r.sku_price_id) ~* 'long[ _-]?context|(>|above|over)[ _]?[0-9]+k' THEN 'long_context'
    ELSE 'standard' END`;

const PRICING_CLASS = `CASE
    WHEN r.charge_category <> 'Usage' THEN NULL
    WHEN r.commitment_discount_status = 'Unused' THEN 'unused_commitment'
    WHEN r.pricing_category = 'Committed' OR NULLIF(r.commitment_discount_id, '') IS NOT NULL THEN 'committed'
    WHEN r.pricing_category = 'Standard' THEN 'on_demand'
    END`;

const DAILY_KEY = [
  'org_id',
  'day',
  'billing_currency',
  'is_ai',
  'provider_name',
  'service_category',
  'service_name',
  'model',
  'charge_category',
  'pricing_class',
  'service_tier',
  'has_tokens',
];

const DAILY_KEY_OF_ROW = [
  'r.org_id',
  "(r.charge_period_start AT TIME ZONE 'UTC')::date",
  'r.billing_currency::text',
  'r.is_ai',
  'r.provider_name',
  "NULLIF(r.service_category, '')",
  "NULLIF(r.service_name, '')",
  "NULLIF(r.model, '')",
  'r.charge_category',
  PRICING_CLASS,
  SERVICE_TIER,
  '(COALESCE(r.input_tokens, 0) + COALESCE(r.output_tokens, 0)) > 0',
];

/** The INSERT … ON CONFLICT that adds (sign 1) or takes away (sign -1) the rows of a transition table. */
function applyDaily(table: string, sign: 1 | -1): string {
  const s = sign === 1 ? '' : '-';
  return `
    INSERT INTO cost_daily_rollups (${DAILY_KEY.join(', ')}, row_count, billed_cost, effective_cost, list_cost, listed_rows,
                                    listed_effective_cost, input_tokens, cached_tokens, output_tokens, requests)
    SELECT ${DAILY_KEY_OF_ROW.join(', ')},
           ${s}count(*), ${s}sum(r.billed_cost), ${s}sum(r.effective_cost), ${s}sum(r.list_cost), ${s}count(r.list_cost),
           ${s}sum(r.effective_cost) FILTER (WHERE r.list_cost IS NOT NULL),
           ${s}coalesce(sum(r.input_tokens), 0), ${s}coalesce(sum(r.cached_tokens), 0), ${s}coalesce(sum(r.output_tokens), 0),
           ${s}coalesce(sum(r.requests), 0)
      FROM ${table} r
     GROUP BY ${DAILY_KEY_OF_ROW.map((_, i) => i + 1).join(', ')}
     ORDER BY ${DAILY_KEY_OF_ROW.map((_, i) => i + 1).join(', ')}
    ON CONFLICT (${DAILY_KEY.join(', ')}) DO UPDATE SET
      row_count = cost_daily_rollups.row_count + EXCLUDED.row_count,
      billed_cost = cost_daily_rollups.billed_cost + EXCLUDED.billed_cost,
      effective_cost = cost_daily_rollups.effective_cost + EXCLUDED.effective_cost,
      list_cost = CASE WHEN cost_daily_rollups.listed_rows + EXCLUDED.listed_rows = 0 THEN NULL
                       ELSE COALESCE(cost_daily_rollups.list_cost, 0) + COALESCE(EXCLUDED.list_cost, 0) END,
      listed_rows = cost_daily_rollups.listed_rows + EXCLUDED.listed_rows,
      listed_effective_cost = CASE WHEN cost_daily_rollups.listed_rows + EXCLUDED.listed_rows = 0 THEN NULL
                       ELSE COALESCE(cost_daily_rollups.listed_effective_cost, 0) + COALESCE(EXCLUDED.listed_effective_cost, 0) END,
      input_tokens = cost_daily_rollups.input_tokens + EXCLUDED.input_tokens,
      cached_tokens = cost_daily_rollups.cached_tokens + EXCLUDED.cached_tokens,
      output_tokens = cost_daily_rollups.output_tokens + EXCLUDED.output_tokens,
      requests = cost_daily_rollups.requests + EXCLUDED.requests;`;
}

function applyHourly(table: string, sign: 1 | -1): string {
  const s = sign === 1 ? '' : '-';
  return `
    INSERT INTO cost_hourly_ai_rollups (org_id, hour, billing_currency, row_count, effective_cost)
    SELECT r.org_id, date_trunc('hour', r.charge_period_start AT TIME ZONE 'UTC'), r.billing_currency::text, ${s}count(*), ${s}sum(r.effective_cost)
      FROM ${table} r
     WHERE r.is_ai AND r.charge_period_end - r.charge_period_start <= interval '1 hour'
     GROUP BY 1, 2, 3
     ORDER BY 1, 2, 3
    ON CONFLICT (org_id, hour, billing_currency) DO UPDATE SET
      row_count = cost_hourly_ai_rollups.row_count + EXCLUDED.row_count,
      effective_cost = cost_hourly_ai_rollups.effective_cost + EXCLUDED.effective_cost;`;
}

const EMPTIED = `
    DELETE FROM cost_daily_rollups WHERE org_id IN (SELECT DISTINCT org_id FROM old_rows) AND row_count = 0;
    DELETE FROM cost_hourly_ai_rollups WHERE org_id IN (SELECT DISTINCT org_id FROM old_rows) AND row_count = 0;`;

export class CostRollups1764670000000 implements MigrationInterface {
  name = 'CostRollups1764670000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE cost_daily_rollups (
        org_id uuid NOT NULL,
        day date NOT NULL,
        billing_currency text NOT NULL,
        is_ai boolean NOT NULL,
        provider_name text NOT NULL,
        service_category text,
        service_name text,
        model text,
        charge_category text NOT NULL,
        pricing_class text,
        service_tier text NOT NULL,
        has_tokens boolean NOT NULL,
        row_count bigint NOT NULL,
        billed_cost numeric NOT NULL,
        effective_cost numeric NOT NULL,
        list_cost numeric,
        listed_rows bigint NOT NULL,
        listed_effective_cost numeric,
        input_tokens numeric NOT NULL,
        cached_tokens numeric NOT NULL,
        output_tokens numeric NOT NULL,
        requests numeric NOT NULL,
        CONSTRAINT cost_daily_rollups_key UNIQUE NULLS NOT DISTINCT (${DAILY_KEY.join(', ')})
      )`);
    await db.query(`
      CREATE TABLE cost_hourly_ai_rollups (
        org_id uuid NOT NULL,
        hour timestamp NOT NULL,
        billing_currency text NOT NULL,
        row_count bigint NOT NULL,
        effective_cost numeric NOT NULL,
        CONSTRAINT cost_hourly_ai_rollups_key UNIQUE (org_id, hour, billing_currency)
      )`);
    await db.query(`
      CREATE FUNCTION cost_rollups_apply() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        IF TG_OP IN ('DELETE', 'UPDATE') THEN
          ${applyDaily('old_rows', -1)}
          ${applyHourly('old_rows', -1)}
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
          ${applyDaily('new_rows', 1)}
          ${applyHourly('new_rows', 1)}
        END IF;
        IF TG_OP IN ('DELETE', 'UPDATE') THEN
          ${EMPTIED}
        END IF;
        RETURN NULL;
      END
      $fn$`);
    await db.query(
      'CREATE TRIGGER cost_rows_rollups_insert AFTER INSERT ON cost_rows REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION cost_rollups_apply()',
    );
    await db.query(
      'CREATE TRIGGER cost_rows_rollups_update AFTER UPDATE ON cost_rows REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION cost_rollups_apply()',
    );
    await db.query(
      'CREATE TRIGGER cost_rows_rollups_delete AFTER DELETE ON cost_rows REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION cost_rollups_apply()',
    );
    // TRUNCATE fires no DELETE trigger: emptying cost_rows empties its rollups.
    await db.query(`
      CREATE FUNCTION cost_rollups_truncate() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        TRUNCATE cost_daily_rollups, cost_hourly_ai_rollups;
        RETURN NULL;
      END
      $fn$`);
    await db.query('CREATE TRIGGER cost_rows_rollups_truncate AFTER TRUNCATE ON cost_rows FOR EACH STATEMENT EXECUTE FUNCTION cost_rollups_truncate()');
    // Rows loaded before the rollups existed.
    await db.query(`${applyDaily('cost_rows', 1)}`);
    await db.query(`${applyHourly('cost_rows', 1)}`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TRIGGER cost_rows_rollups_truncate ON cost_rows');
    await db.query('DROP FUNCTION cost_rollups_truncate()');
    await db.query('DROP TRIGGER cost_rows_rollups_delete ON cost_rows');
    await db.query('DROP TRIGGER cost_rows_rollups_update ON cost_rows');
    await db.query('DROP TRIGGER cost_rows_rollups_insert ON cost_rows');
    await db.query('DROP FUNCTION cost_rollups_apply()');
    await db.query('DROP TABLE cost_hourly_ai_rollups');
    await db.query('DROP TABLE cost_daily_rollups');
  }
}
