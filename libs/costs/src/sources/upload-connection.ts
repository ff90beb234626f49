import type { SqlClient } from './sql-client';

export const UPLOAD_CONNECTION_NAME = 'FOCUS file uploads';

/**
 * The organisation's `focus_upload` connection, which every uploaded file belongs to; created (active) inside the
 * caller's transaction the first time, so a refused first upload leaves nothing behind. Concurrent first uploads
 * of one organisation wait for each other on an advisory lock and end up with the same connection.
 */
export async function uploadConnectionFor(client: SqlClient, orgId: string, userId: string | null): Promise<string> {
  const find = async () =>
    (
      await client.query<{ id: string }>(
        `SELECT id FROM cost_connections WHERE org_id = $1 AND provider = 'focus_upload' AND status <> 'disconnected'
          ORDER BY created_at LIMIT 1`,
        [orgId],
      )
    ).rows[0]?.id;
  const existing = await find();
  if (existing) return existing;

  await client.query(`SELECT pg_advisory_xact_lock(hashtextextended('cost-upload-connection:' || $1::text, 0))`, [orgId]);
  const created = await find();
  if (created) return created;
  const taken = new Set(
    (
      await client.query<{ name: string }>(
        `SELECT name FROM cost_connections WHERE org_id = $1 AND name LIKE $2 || '%' AND status <> 'disconnected'`,
        [orgId, UPLOAD_CONNECTION_NAME],
      )
    ).rows.map((row) => row.name),
  );
  let name = UPLOAD_CONNECTION_NAME;
  for (let n = 2; taken.has(name); n++) name = `${UPLOAD_CONNECTION_NAME} ${n}`;
  const { rows } = await client.query<{ id: string }>(
    `INSERT INTO cost_connections (org_id, provider, name, status, created_by) VALUES ($1, 'focus_upload', $2, 'active', $3) RETURNING id`,
    [orgId, name, userId],
  );
  return rows[0].id;
}
