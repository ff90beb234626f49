import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** How long a key is remembered. */
export const KEY_LIFETIME = '24 hours';
/** A request that has not finished by then is taken to have died; its key can be used again. */
export const ABANDONED_AFTER = '5 minutes';

export type Claim =
  | { state: 'claimed' }
  | { state: 'replay'; statusCode: number; body: unknown }
  | { state: 'in_progress' }
  | { state: 'mismatch' };

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((key) => [key, canonical((value as Record<string, unknown>)[key])]));
  }
  return value;
}

/** Method, path and body, with object keys in a fixed order so that `{a,b}` and `{b,a}` are the same request. */
export const requestHash = (method: string, path: string, body: unknown) =>
  createHash('sha256').update(JSON.stringify([method, path, canonical(body ?? null)])).digest('hex');

/**
 * Whose keys these are: the organisation and, within it, the caller, a person's session or one API key. Two callers
 * choosing the same key never see each other's answers.
 */
export interface IdempotencyScope {
  orgId: string;
  caller: string;
}

export const callerOf = (principal: { userId: string; via: 'session' | 'api_key'; apiKeyId?: string }): string =>
  principal.via === 'api_key' ? `api-key:${principal.apiKeyId}` : `user:${principal.userId}`;

/** `idempotency_records`: one row per (organisation, caller, key), holding the first response. */
@Injectable()
export class IdempotencyStore {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Takes the key for this request, or says what became of the request that took it first. */
  async claim(scope: IdempotencyScope, key: string, method: string, path: string, hash: string): Promise<Claim> {
    const claimed = await this.db.query(
      `INSERT INTO idempotency_records (org_id, caller, key, method, path, request_hash) VALUES ($1, $6, $2, $3, $4, $5)
       ON CONFLICT (org_id, caller, key) DO UPDATE
         SET method = EXCLUDED.method, path = EXCLUDED.path, request_hash = EXCLUDED.request_hash,
             status_code = NULL, response_body = NULL, created_at = now()
       WHERE idempotency_records.created_at < now() - interval '${KEY_LIFETIME}'
          OR (idempotency_records.status_code IS NULL AND idempotency_records.created_at < now() - interval '${ABANDONED_AFTER}')
       RETURNING 1`,
      [scope.orgId, key, method, path, hash, scope.caller],
    );
    if (claimed.length === 1) return { state: 'claimed' };
    const [row] = await this.db.query(
      'SELECT request_hash, status_code, response_body FROM idempotency_records WHERE org_id = $1 AND caller = $2 AND key = $3',
      [scope.orgId, scope.caller, key],
    );
    // Released between the two statements: the other request failed, so this one may go ahead.
    if (!row) return this.claim(scope, key, method, path, hash);
    if (row.request_hash !== hash) return { state: 'mismatch' };
    if (row.status_code === null) return { state: 'in_progress' };
    return { state: 'replay', statusCode: row.status_code, body: row.response_body };
  }

  async complete(scope: IdempotencyScope, key: string, statusCode: number, body: unknown): Promise<void> {
    await this.db.query(
      'UPDATE idempotency_records SET status_code = $4, response_body = $5 WHERE org_id = $1 AND caller = $2 AND key = $3',
      [scope.orgId, scope.caller, key, statusCode, body === undefined ? null : JSON.stringify(body)],
    );
  }

  /** The request failed: forget the key, so that a retry runs it again. */
  async release(scope: IdempotencyScope, key: string): Promise<void> {
    await this.db.query('DELETE FROM idempotency_records WHERE org_id = $1 AND caller = $2 AND key = $3 AND status_code IS NULL', [
      scope.orgId,
      scope.caller,
      key,
    ]);
  }
}
