import type { CostFileWarning } from '@apex/contracts';
import type { SqlClient } from './sql-client';

/** Keeps what a file loaded with warnings about on its source, for the file's page; nothing for a file without. */
export async function recordFileSourceWarnings(client: SqlClient, source: { id: string; orgId: string }, warnings: CostFileWarning[]): Promise<void> {
  if (warnings.length === 0) return;
  await client.query('UPDATE cost_sources SET warnings = $3::jsonb WHERE id = $1 AND org_id = $2', [source.id, source.orgId, JSON.stringify(warnings)]);
}
