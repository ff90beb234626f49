import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ApiKeyView, CreatedApiKey, Principal } from '@apex/contracts';
import { NotInOrganizationError, RoleNotAllowedError } from './errors';
import { newApiKey } from './opaque-secrets';

interface ApiKeyRow {
  id: string;
  name: string;
  prefix: string;
  created_by: string;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

const toView = (row: ApiKeyRow): ApiKeyView => ({
  id: row.id,
  name: row.name,
  prefix: row.prefix,
  createdAt: row.created_at.toISOString(),
  lastUsedAt: row.last_used_at?.toISOString() ?? null,
  revokedAt: row.revoked_at?.toISOString() ?? null,
});

const KEY_COLUMNS = 'id, name, prefix, created_by, created_at, last_used_at, revoked_at';

/** API keys act for their organisation with the rights of the person who created them. */
@Injectable()
export class ApiKeysService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The full key is in the answer only; the database keeps its SHA-256. */
  async create(actor: Principal, name: string): Promise<CreatedApiKey> {
    const { key, prefix, secretHash } = newApiKey();
    const [row] = await this.db.query(
      `INSERT INTO api_keys (org_id, created_by, name, prefix, secret_hash) VALUES ($1, $2, $3, $4, $5) RETURNING ${KEY_COLUMNS}`,
      [actor.orgId, actor.userId, name.trim(), prefix, secretHash],
    );
    return { ...toView(row), key };
  }

  async list(orgId: string): Promise<ApiKeyView[]> {
    const rows = await this.db.query(`SELECT ${KEY_COLUMNS} FROM api_keys WHERE org_id = $1 ORDER BY created_at DESC, id`, [orgId]);
    return (rows as ApiKeyRow[]).map(toView);
  }

  /** Owners and admins revoke any key of the organisation, members their own; revoking twice changes nothing. */
  async revoke(actor: Principal, keyId: string): Promise<void> {
    const [row] = (await this.db.query(`SELECT ${KEY_COLUMNS} FROM api_keys WHERE id = $1 AND org_id = $2`, [keyId, actor.orgId])) as ApiKeyRow[];
    if (!row) throw new NotInOrganizationError('API key', keyId);
    if (actor.role === 'member' && row.created_by !== actor.userId) {
      throw new RoleNotAllowedError('Members can revoke only the API keys they created');
    }
    await this.db.query('UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND org_id = $2 AND revoked_at IS NULL', [keyId, actor.orgId]);
  }
}
