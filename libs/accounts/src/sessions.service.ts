import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { SessionTokens } from '@apex/contracts';
import { AppConfig } from '@apex/config';
import { issueAccessToken } from './access-tokens';
import { InvalidRefreshTokenError, RefreshTokenReusedError } from './errors';
import { randomSecret, sha256 } from './opaque-secrets';
import { Queryable } from './queryable';

interface RefreshRow {
  id: string;
  user_id: string;
  revoked_at: Date | null;
  replaced_by: string | null;
  expired: boolean;
}

/**
 * Sessions are a short-lived access token plus an opaque refresh token stored as a hash. Each
 * refresh rotates the refresh token; presenting one that was already rotated revokes every
 * session of the user, since either the user or a thief holds a copy.
 */
@Injectable()
export class SessionsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
  ) {}

  async issue(userId: string, db: Queryable = this.db): Promise<SessionTokens & { refreshTokenId: string }> {
    const refreshToken = randomSecret();
    const [row] = await db.query(
      `INSERT INTO refresh_tokens (user_id, token_hash, expires_at) VALUES ($1, $2, now() + make_interval(days => $3)) RETURNING id`,
      [userId, sha256(refreshToken), this.config.auth.refreshTokenTtlDays],
    );
    const ttl = this.config.auth.accessTokenTtlSeconds;
    return {
      accessToken: issueAccessToken(userId, this.config.auth.jwtSecret, ttl),
      expiresIn: ttl,
      refreshToken,
      refreshTokenId: row.id,
    };
  }

  async refresh(refreshToken: string): Promise<SessionTokens> {
    const outcome = await this.db.transaction(async (tx) => {
      const [row] = (await tx.query(
        `SELECT t.id, t.user_id, t.revoked_at, t.replaced_by, t.expires_at <= now() AS expired
           FROM refresh_tokens t JOIN users u ON u.id = t.user_id AND u.removed_at IS NULL
          WHERE t.token_hash = $1 FOR UPDATE OF t`,
        [sha256(refreshToken)],
      )) as RefreshRow[];
      if (!row) throw new InvalidRefreshTokenError('The refresh token is not valid');
      if (row.revoked_at) {
        if (!row.replaced_by) throw new InvalidRefreshTokenError('The refresh token has been revoked');
        await this.revokeAll(row.user_id, tx);
        return 'reused' as const;
      }
      if (row.expired) throw new InvalidRefreshTokenError('The refresh token has expired');
      const { refreshTokenId, ...session } = await this.issue(row.user_id, tx);
      await tx.query('UPDATE refresh_tokens SET revoked_at = now(), replaced_by = $2 WHERE id = $1', [row.id, refreshTokenId]);
      return session;
    });
    // Thrown after the commit, so the revocation stands.
    if (outcome === 'reused') {
      throw new RefreshTokenReusedError('This refresh token was already used; every session of this account has been ended. Log in again.');
    }
    return outcome;
  }

  /** Ends the session; an unknown or already revoked token changes nothing. */
  async logout(refreshToken: string): Promise<void> {
    await this.db.query('UPDATE refresh_tokens SET revoked_at = now() WHERE token_hash = $1 AND revoked_at IS NULL', [sha256(refreshToken)]);
  }

  async revokeAll(userId: string, db: Queryable = this.db): Promise<void> {
    await db.query('UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL', [userId]);
  }
}
