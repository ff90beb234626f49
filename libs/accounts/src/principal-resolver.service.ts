import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal, Role } from '@apex/contracts';
import { AppConfig } from '@apex/config';
import { AccessClaims, InvalidTokenError, verifyAccessToken } from './access-tokens';
import { parseApiKey, sameHash, sha256 } from './opaque-secrets';
import { Throttle } from './throttling/throttle.service';

export class UnauthenticatedError extends Error {
  override name = 'UnauthenticatedError';
}

interface UserRow {
  id: string;
  org_id: string;
  role: Role;
  is_operator: boolean;
}

interface ApiKeyRow extends UserRow {
  key_id: string;
  secret_hash: string;
  revoked_at: Date | null;
}

/** Turns an `Authorization: Bearer …` or `X-Api-Key` credential into the caller it stands for. */
@Injectable()
export class PrincipalResolver {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
    private readonly throttle: Throttle,
  ) {}

  /**
   * With the client's address, a failed API key also counts against the limits on API-key failures (per prefix and
   * per address): the failure beyond them is a ThrottledError instead of an UnauthenticatedError.
   */
  async resolve(headers: { authorization?: string; 'x-api-key'?: string | string[] }, clientAddress?: string): Promise<Principal | null> {
    const apiKey = typeof headers['x-api-key'] === 'string' ? headers['x-api-key'] : undefined;
    const bearer = headers.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
    if (!apiKey && !bearer) {
      if (headers.authorization) throw new UnauthenticatedError('The Authorization header must be "Bearer <token>"');
      return null;
    }
    const credential = (apiKey ?? bearer)!;
    if (!credential.startsWith('apx_')) return this.fromAccessToken(credential);
    try {
      return await this.fromApiKey(credential);
    } catch (error) {
      if (error instanceof UnauthenticatedError && clientAddress !== undefined) await this.apiKeyFailed(credential, clientAddress);
      throw error;
    }
  }

  /**
   * Counted after the key was looked up rather than before: the count costs what the lookup costs, and a valid key is
   * never refused because someone else guessed at its prefix (its 256-bit secret cannot be guessed).
   */
  private async apiKeyFailed(key: string, clientAddress: string): Promise<void> {
    const { apiKeyFailuresPerPrefix, apiKeyFailuresPerAddress } = this.config.throttling;
    const prefix = parseApiKey(key)?.prefix;
    await this.throttle.failed([
      ...(prefix ? [{ rule: 'api-key-prefix', what: 'failed attempts with this API key', limit: apiKeyFailuresPerPrefix, subject: [prefix] }] : []),
      { rule: 'api-key-address', what: 'failed API-key attempts from this address', limit: apiKeyFailuresPerAddress, subject: [clientAddress] },
    ]);
  }

  private async fromAccessToken(token: string): Promise<Principal> {
    let claims: AccessClaims;
    try {
      claims = verifyAccessToken(token, this.config.auth.jwtSecret);
    } catch (error) {
      if (error instanceof InvalidTokenError) throw new UnauthenticatedError(`The access token is invalid: ${error.message}`);
      throw error;
    }
    const [user] = (await this.db.query(
      `SELECT id, org_id, role, is_operator, floor(extract(epoch FROM password_changed_at)) AS password_changed_at
         FROM users WHERE id = $1 AND removed_at IS NULL`,
      [claims.sub],
    )) as (UserRow & { password_changed_at: string | null })[];
    if (!user) throw new UnauthenticatedError('The access token names an account that no longer exists');
    if (user.password_changed_at !== null && claims.iat < Number(user.password_changed_at)) {
      throw new UnauthenticatedError('The password was changed after this access token was issued; log in again');
    }
    return { userId: user.id, orgId: user.org_id, role: user.role, isOperator: user.is_operator, via: 'session' };
  }

  private async fromApiKey(key: string): Promise<Principal> {
    const parsed = parseApiKey(key);
    if (!parsed) throw new UnauthenticatedError('The API key is malformed');
    const [row] = (await this.db.query(
      `SELECT k.id AS key_id, k.secret_hash, k.revoked_at, u.id, u.org_id, u.role, u.is_operator
         FROM api_keys k JOIN users u ON u.id = k.created_by AND u.org_id = k.org_id AND u.removed_at IS NULL
        WHERE k.prefix = $1`,
      [parsed.prefix],
    )) as ApiKeyRow[];
    // Compare even when there is no row, so a wrong prefix and a wrong secret take as long.
    const matches = sameHash(sha256(parsed.secret), row?.secret_hash ?? sha256('')) && !!row;
    if (!matches) throw new UnauthenticatedError('The API key is not valid');
    if (row.revoked_at) throw new UnauthenticatedError('The API key has been revoked');
    void this.db.query('UPDATE api_keys SET last_used_at = now() WHERE id = $1', [row.key_id]).catch(() => undefined);
    return { userId: row.id, orgId: row.org_id, role: row.role, isOperator: false, via: 'api_key', apiKeyId: row.key_id };
  }
}
