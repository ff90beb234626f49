import { COST_DAILY_ROLLUPS_FROM, COST_HOURLY_AI_ROLLUPS_FROM, COST_ROWS_FROM } from '@apex/costs';
import { DAY_DIGEST_SQL } from '../findings/evidence';

/*
 * The data agent's aggregates. Each scans the organisation's rows of one window once; nothing leaves Postgres but
 * sums. The service tier a row was billed at is read from the words its provider put in ChargeDescription, SkuId
 * and SkuPriceId ("Batch", "Priority", "Flex", "long context" / "> 200k"); a row that names none is standard.
 */

const BILLING_WORDS = "concat_ws(' ', r.charge_description, r.sku_id, r.sku_price_id)";

export const SERVICE_TIER_SQL = `CASE
    WHEN ${BILLING_WORDS} ~* '\\mbatch' THEN 'batch'
    WHEN ${BILLING_WORDS} ~* '\\mpriority' THEN 'priority'
    WHEN ${BILLING_WORDS} ~* '\\mflex' THEN 'flex'
    WHEN ${BILLING_WORDS} ~* 'long[ _-]?context|(>|above|over)[ _]?[0-9]+k' THEN 'long_context'
    ELSE 'standard' END`;

const DAY = "to_char((r.charge_period_start AT TIME ZONE 'UTC')::date, 'YYYY-MM-DD')";

/** The last charge day with rows, and whether there are any. $1 org. */
export const LAST_DAY_SQL = `
  SELECT to_char(max(r.day), 'YYYY-MM-DD') AS last_day
  ${COST_DAILY_ROLLUPS_FROM}
  WHERE r.org_id = $1`;

/** $1 org, $2 first day, $3 day after the last (dates). Read from the daily rollups. */
export const USAGE_GROUPS_SQL = `
  SELECT to_char(r.day, 'YYYY-MM-DD') AS day,
         r.billing_currency AS currency,
         r.is_ai,
         r.provider_name,
         r.service_name AS service,
         r.model,
         r.service_tier AS tier,
         sum(r.row_count)::text AS row_count,
         trim_scale(sum(r.effective_cost))::text AS effective_cost,
         trim_scale(sum(r.billed_cost))::text AS billed_cost,
         trim_scale(sum(r.list_cost))::text AS list_cost,
         sum(r.input_tokens)::text AS input_tokens,
         sum(r.cached_tokens)::text AS cached_tokens,
         sum(r.output_tokens)::text AS output_tokens,
         sum(r.requests)::text AS requests
  ${COST_DAILY_ROLLUPS_FROM}
  WHERE r.org_id = $1 AND r.day >= $2::date AND r.day < $3::date
  GROUP BY 1, 2, 3, 4, 5, 6, 7`;

/** The recent window's AI rows by currency, provider, model spelling and day, with day digests. $1 org, $2 from, $3 to. */
export const EVIDENCE_DAYS_SQL = `
  SELECT r.billing_currency AS currency,
         r.provider_name,
         NULLIF(r.model, '') AS model,
         ${DAY} AS day,
         count(*)::text AS row_count,
         trim_scale(sum(r.effective_cost))::text AS amount,
         ${DAY_DIGEST_SQL} AS digest
  ${COST_ROWS_FROM}
  WHERE r.org_id = $1 AND r.is_ai AND r.charge_period_start >= $2 AND r.charge_period_start < $3
  GROUP BY 1, 2, 3, 4`;

/** AI spend of hourly rows by currency, UTC hour of day and weekday (0 = Sunday). $1 org, $2 first day, $3 day after the last. */
export const HOURLY_SHAPE_SQL = `
  SELECT r.billing_currency AS currency,
         extract(hour FROM r.hour)::int AS hour,
         extract(dow FROM r.hour)::int AS weekday,
         trim_scale(sum(r.effective_cost))::text AS amount
  ${COST_HOURLY_AI_ROLLUPS_FROM}
  WHERE r.org_id = $1 AND r.hour >= $2::date AND r.hour < $3::date
  GROUP BY 1, 2, 3`;
