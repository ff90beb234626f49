import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { EmailVerified } from '@apex/contracts';
import { AppConfig } from '@apex/config';
import { emailLinkToken } from './email-link-tokens';
import { EmailAlreadyVerifiedError, InvalidLinkTokenError } from './errors';
import { sha256 } from './opaque-secrets';
import { Queryable } from './queryable';

/** More verification emails than this in an hour are not sent, so nobody floods an inbox by asking again and again. */
export const EMAIL_VERIFICATIONS_PER_HOUR = 5;

/**
 * Verifying an account's email: each emailed link carries a single-use, expiring token (derived from the row's id,
 * stored as a hash only). Until one is used the account can sign in but not invite, connect cost accounts or start
 * a trial.
 */
@Injectable()
export class EmailVerificationService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
  ) {}

  /** Records a verification to email to the user; null when the hourly limit of emails is reached. */
  async create(userId: string, db: Queryable = this.db): Promise<{ verificationId: string } | null> {
    const verificationId = randomUUID();
    const token = emailLinkToken(this.config.auth.jwtSecret, 'email-verification', verificationId);
    const inserted = await db.query(
      `INSERT INTO email_verifications (id, user_id, token_hash, expires_at)
       SELECT $1, $2, $3, now() + make_interval(hours => $4)
        WHERE (SELECT count(*) FROM email_verifications WHERE user_id = $2 AND created_at > now() - interval '1 hour') < $5
       RETURNING id`,
      [verificationId, userId, sha256(token), this.config.auth.emailVerificationTtlHours, EMAIL_VERIFICATIONS_PER_HOUR],
    );
    return inserted.length ? { verificationId } : null;
  }

  /** A new link for a signed-in user who has not verified yet (the earlier links keep working until they expire). */
  async resend(userId: string): Promise<{ verificationId: string } | null> {
    if (await this.isVerified(userId)) throw alreadyVerified();
    return this.create(userId);
  }

  /** Marks the email verified and uses up every open link of the account. */
  async confirm(token: string): Promise<EmailVerified & { userId: string }> {
    return this.db.transaction(async (tx) => {
      const [link] = await tx.query(
        `SELECT v.id, v.user_id, v.used_at IS NOT NULL AS used, v.expires_at <= now() AS expired, u.email, u.email_verified_at
           FROM email_verifications v JOIN users u ON u.id = v.user_id AND u.removed_at IS NULL
          WHERE v.token_hash = $1 FOR UPDATE OF v, u`,
        [sha256(token)],
      );
      if (!link) throw new InvalidLinkTokenError('This verification link is not valid. Open the latest link we emailed you, or ask for a new one.');
      if (link.used || link.email_verified_at) throw alreadyVerified();
      if (link.expired) throw new InvalidLinkTokenError('This verification link has expired. Sign in and ask for a new one.');
      const [[user]] = await tx.query('UPDATE users SET email_verified_at = now() WHERE id = $1 RETURNING email, email_verified_at', [link.user_id]);
      await tx.query('UPDATE email_verifications SET used_at = now() WHERE user_id = $1 AND used_at IS NULL', [link.user_id]);
      return { userId: link.user_id as string, email: user.email as string, verifiedAt: (user.email_verified_at as Date).toISOString() };
    });
  }

  async isVerified(userId: string): Promise<boolean> {
    const [user] = await this.db.query('SELECT email_verified_at IS NOT NULL AS verified FROM users WHERE id = $1', [userId]);
    return user?.verified === true;
  }
}

const alreadyVerified = () => new EmailAlreadyVerifiedError('This email is already verified: there is nothing more to do.');
