import { COST_ROWS_FROM, PRICING_CLASS } from '@apex/costs';

/*
 * The cloud agent's aggregates, over the organisation's non-AI Usage rows of the recent window (AI spend is the LLM
 * agents', priced by model, so that no dollar is claimed by both). Nothing leaves Postgres but sums.
 */

const DAY = "to_char((r.charge_period_start AT TIME ZONE 'UTC')::date, 'YYYY-MM-DD')";
const CLOUD_USAGE = "r.org_id = $1 AND r.charge_period_start >= $2 AND r.charge_period_start < $3 AND NOT r.is_ai AND r.charge_category = 'Usage'";

/** Each service's Usage rows by UTC day and pricing class. $1 org, $2 from, $3 to (timestamptz). */
export const SERVICE_DAYS_SQL = `
  SELECT r.billing_currency AS currency,
         r.provider_name,
         NULLIF(r.service_name, '') AS service,
         ${DAY} AS day,
         ${PRICING_CLASS} AS pricing,
         count(*)::text AS row_count,
         trim_scale(sum(r.effective_cost))::text AS effective_cost,
         trim_scale(sum(r.list_cost))::text AS list_cost,
         trim_scale(sum(r.effective_cost) FILTER (WHERE r.list_cost IS NOT NULL))::text AS listed_effective_cost
  ${COST_ROWS_FROM}
  WHERE ${CLOUD_USAGE}
  GROUP BY 1, 2, 3, 4, 5`;

/** Each service's unused commitments by CommitmentDiscountId, largest first. $1 org, $2 from, $3 to. */
export const UNUSED_COMMITMENTS_SQL = `
  SELECT r.billing_currency AS currency,
         r.provider_name,
         NULLIF(r.service_name, '') AS service,
         NULLIF(r.commitment_discount_id, '') AS commitment,
         max(NULLIF(r.commitment_discount_type, '')) AS commitment_type,
         count(*)::text AS row_count,
         trim_scale(sum(r.effective_cost))::text AS amount
  ${COST_ROWS_FROM}
  WHERE ${CLOUD_USAGE} AND (${PRICING_CLASS}) = 'unused_commitment'
  GROUP BY 1, 2, 3, 4
  ORDER BY sum(r.effective_cost) DESC, 4`;

/**
 * Resources idle up to the last charge day: the run of consecutive UTC days ending on that day on which the
 * resource's Usage rows cost something and every one of them reported a ConsumedQuantity of exactly 0 (a null
 * quantity is unknown, never taken as idle), when it is at least $4 days long. Its service is the one most of its
 * rows name. $1 org, $2 from, $3 to (timestamptz), $4 days, $5 the last charge day (YYYY-MM-DD).
 */
export const IDLE_RESOURCES_SQL = `
  WITH days AS (
    SELECT r.billing_currency AS currency,
           r.provider_name,
           r.resource_id AS resource,
           (r.charge_period_start AT TIME ZONE 'UTC')::date AS day,
           mode() WITHIN GROUP (ORDER BY NULLIF(r.service_name, '')) AS service,
           count(*) AS row_count,
           count(*) FILTER (WHERE r.consumed_quantity IS DISTINCT FROM 0) AS consuming_rows,
           sum(r.effective_cost) AS amount
    ${COST_ROWS_FROM}
    WHERE ${CLOUD_USAGE} AND NULLIF(r.resource_id, '') IS NOT NULL
    GROUP BY 1, 2, 3, 4
  ), idle AS (
    SELECT *, day - (row_number() OVER (PARTITION BY currency, provider_name, resource ORDER BY day))::int AS island
    FROM days
    WHERE consuming_rows = 0 AND amount > 0
  ), runs AS (
    SELECT currency, provider_name, resource,
           mode() WITHIN GROUP (ORDER BY service) AS service,
           min(day) AS first_day, max(day) AS last_day, count(*) AS days,
           sum(row_count) AS row_count, sum(amount) AS amount
    FROM idle
    GROUP BY currency, provider_name, resource, island
  )
  SELECT currency, provider_name, resource, service,
         to_char(first_day, 'YYYY-MM-DD') AS first_day,
         to_char(last_day, 'YYYY-MM-DD') AS last_day,
         days::int AS days,
         row_count::text AS row_count,
         trim_scale(amount)::text AS amount
  FROM runs
  WHERE days >= $4 AND last_day = $5::date
  ORDER BY amount DESC, resource`;
