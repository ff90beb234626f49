import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { SessionTokens } from '@apex/contracts';
import { AppConfig } from '@apex/config';
import { issueAccessToken } from './access-tokens';
import { InvalidRefreshTokenError, RefreshTokenReusedError } from './errors';
import { randomSecret, sha256 } from './opaque-secrets';
import { Queryable } from './queryable';
import { openSuccessor, sealSuccessor } from './refresh-successor';

interface RefreshRow {
  id: string;
  user_id: string;
  revoked_at: Date | null;
  replaced_by: string | null;
  successor_sealed: string | null;
  in_grace: boolean;
  expired: boolean;
}

/**
 * Sessions are a short-lived access token plus an opaque refresh token stored as a hash. Each
 * refresh rotates the refresh token; presenting one that was already rotated revokes every
 * session of the user, since either the user or a thief holds a copy. Within a short grace
 * window after the rotation (REFRESH_REUSE_GRACE_SECONDS) it is taken for a retry after a lost
 * answer instead: it gets the same new session, as long as that one is still unused.
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
        `SELECT t.id, t.user_id, t.revoked_at, t.replaced_by, t.successor_sealed, t.expires_at <= now() AS expired,
                t.revoked_at > now() - make_interval(secs => $2) AS in_grace
           FROM refresh_tokens t JOIN users u ON u.id = t.user_id AND u.removed_at IS NULL
          WHERE t.token_hash = $1 FOR UPDATE OF t`,
        [sha256(refreshToken), this.config.auth.refreshReuseGraceSeconds],
      )) as RefreshRow[];
      if (!row) throw new InvalidRefreshTokenError('The refresh token is not valid');
      if (row.revoked_at) {
        if (!row.replaced_by) throw new InvalidRefreshTokenError('The refresh token has been revoked');
        const retried = row.in_grace ? await this.unusedSuccessor(row, refreshToken, tx) : null;
        if (retried) return retried;
        await this.revokeAll(row.user_id, tx);
        return 'reused' as const;
      }
      if (row.expired) throw new InvalidRefreshTokenError('The refresh token has expired');
      const { refreshTokenId, ...session } = await this.issue(row.user_id, tx);
      await tx.query('UPDATE refresh_tokens SET revoked_at = now(), replaced_by = $2, successor_sealed = $3 WHERE id = $1', [
        row.id,
        refreshTokenId,
        sealSuccessor(refreshToken, session.refreshToken),
      ]);
      return session;
    });
    // Thrown after the commit, so the revocation stands.
    if (outcome === 'reused') {
      throw new RefreshTokenReusedError('This refresh token was already used; every session of this account has been ended. Log in again.');
    }
    return outcome;
  }

  /** The session that replaced this token, with a fresh access token, while nobody has refreshed or ended it yet. */
  private async unusedSuccessor(row: RefreshRow, refreshToken: string, tx: Queryable): Promise<SessionTokens | null> {
    const successor = row.successor_sealed ? openSuccessor(refreshToken, row.successor_sealed) : null;
    if (!successor) return null;
    const [live] = await tx.query(
      'SELECT 1 FROM refresh_tokens WHERE id = $1 AND token_hash = $2 AND revoked_at IS NULL AND expires_at > now() FOR UPDATE',
      [row.replaced_by, sha256(successor)],
    );
    if (!live) return null;
    const ttl = this.config.auth.accessTokenTtlSeconds;
    return { accessToken: issueAccessToken(row.user_id, this.config.auth.jwtSecret, ttl), expiresIn: ttl, refreshToken: successor };
  }

  /** Ends the session; an unknown or already revoked token changes nothing. */
  async logout(refreshToken: string): Promise<void> {
    await this.db.query('UPDATE refresh_tokens SET revoked_at = now() WHERE token_hash = $1 AND revoked_at IS NULL', [sha256(refreshToken)]);
  }

  async revokeAll(userId: string, db: Queryable = this.db): Promise<void> {
    await db.query('UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL', [userId]);
  }
}
