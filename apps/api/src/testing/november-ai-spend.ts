import { Client as Pg } from 'pg';

/**
 * An organisation's uploaded AI spend of November 2026: on each of 30 days 35 USD on OpenAI's gpt-4o-2024-08-06 (at
 * list), 10M uncached input tokens, 1M output and 2,000 requests; $1,050.00 over 30 rows of one loaded source.
 */
export async function seedNovemberAiSpend(pg: Pg, orgId: string): Promise<void> {
  const {
    rows: [connection],
  } = await pg.query("INSERT INTO cost_connections (org_id, provider, name, status) VALUES ($1, 'focus_upload', 'uploads', 'active') RETURNING id", [orgId]);
  const {
    rows: [source],
  } = await pg.query(
    "INSERT INTO cost_sources (org_id, connection_id, kind, file_name, period_start, period_end, row_count, status) VALUES ($1, $2, 'file', 'openai.csv', '2026-11-01', '2026-12-01', 30, 'loaded') RETURNING id",
    [orgId, connection.id],
  );
  await pg.query(
    `INSERT INTO cost_rows (org_id, connection_id, source_id, source_row, charge_period_start, charge_period_end, charge_category, billed_cost, effective_cost, list_cost,
                            billing_currency, provider_name, service_name, is_ai, model, input_tokens, output_tokens, cached_tokens, requests)
     SELECT $1, $2, $3, d, timestamptz '2026-11-01' + (d - 1) * interval '1 day', timestamptz '2026-11-01' + d * interval '1 day', 'Usage', 35, 35, 35,
            'USD', 'OpenAI', 'OpenAI API', true, 'gpt-4o-2024-08-06', 10000000, 1000000, 0, 2000
     FROM generate_series(1, 30) d`,
    [orgId, connection.id, source.id],
  );
}
