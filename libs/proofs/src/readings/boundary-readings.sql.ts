import { COST_ROWS_FROM, ROW_DAY } from '@apex/costs';

/*
 * The boundary's aggregates: nothing leaves Postgres but one row per model spelling, and one per day.
 */

/**
 * The provider and model names the organisation's AI rows spell in a window, in one currency, optionally of one
 * service and resource. $1 org, $2 currency, $3 from, $4 to (timestamptz), $5 service or null, $6 resource or null.
 */
export const SPELLINGS_SQL = `
  SELECT r.provider_name, NULLIF(r.model, '') AS model
  ${COST_ROWS_FROM}
  WHERE r.org_id = $1 AND r.is_ai AND r.billing_currency = $2 AND r.charge_period_start >= $3 AND r.charge_period_start < $4
    AND NULLIF(r.model, '') IS NOT NULL
    AND ($5::text IS NULL OR r.service_name = $5)
    AND ($6::text IS NULL OR r.resource_id = $6)
  GROUP BY 1, 2`;

/** One reading a UTC charge day of the rows `where` selects: EffectiveCost and the token columns. */
export const dailyReadingsSql = (where: string) => `
  SELECT to_char(${ROW_DAY}, 'YYYY-MM-DD') AS day,
         count(*)::text AS row_count,
         coalesce(trim_scale(sum(r.effective_cost)), 0)::text AS cost,
         coalesce(sum(r.input_tokens), 0)::text AS input_tokens,
         coalesce(sum(r.cached_tokens), 0)::text AS cached_tokens,
         coalesce(sum(r.output_tokens), 0)::text AS output_tokens,
         coalesce(sum(r.requests), 0)::text AS requests
  ${COST_ROWS_FROM}
  WHERE ${where}
  GROUP BY 1
  ORDER BY 1`;
