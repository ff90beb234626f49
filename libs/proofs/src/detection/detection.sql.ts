import { COST_ROWS_FROM, ROW_DAY } from '@apex/costs';
import { SERVICE_TIER_SQL } from '@apex/optimizer';

/*
 * The detectors' one aggregate: a row per UTC charge day and model spelling of the organisation's AI rows, with the
 * batch-tier part beside the whole. Nothing leaves Postgres but these sums.
 */

/**
 * $1 org, $2 currency, $3 from, $4 to (timestamptz, to excluded), $5 service or null, $6 resource or null. A row is
 * batch-priced when its provider's billing words name the Batch tier (the data agent's SERVICE_TIER_SQL).
 */
export const DAILY_MODEL_USAGE_SQL = `
  SELECT to_char(${ROW_DAY}, 'YYYY-MM-DD') AS day,
         r.provider_name,
         NULLIF(r.model, '') AS model,
         coalesce(sum(r.input_tokens), 0)::text AS input_tokens,
         coalesce(sum(r.cached_tokens), 0)::text AS cached_tokens,
         coalesce(sum(r.output_tokens), 0)::text AS output_tokens,
         coalesce(sum(r.requests), 0)::text AS requests,
         coalesce(sum(coalesce(r.input_tokens, 0) + coalesce(r.output_tokens, 0)) FILTER (WHERE ${SERVICE_TIER_SQL} = 'batch'), 0)::text AS batch_tokens,
         coalesce(sum(r.requests) FILTER (WHERE ${SERVICE_TIER_SQL} = 'batch'), 0)::text AS batch_requests
  ${COST_ROWS_FROM}
  WHERE r.org_id = $1 AND r.is_ai AND r.billing_currency = $2 AND r.charge_period_start >= $3 AND r.charge_period_start < $4
    AND NULLIF(r.model, '') IS NOT NULL
    AND ($5::text IS NULL OR r.service_name = $5)
    AND ($6::text IS NULL OR r.resource_id = $6)
  GROUP BY 1, 2, 3
  ORDER BY 1`;
