import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '@apex/config';
import { emailLinkToken } from './email-link-tokens';
import { InvalidLinkTokenError } from './errors';
import { sha256 } from './opaque-secrets';
import { hashPassword } from './password-hasher';
import { SessionsService } from './sessions.service';

export const PASSWORD_RESET_TTL_MINUTES = 60;
/** More requests than this in an hour are answered as usual but send nothing, so nobody floods an inbox. */
export const PASSWORD_RESETS_PER_HOUR = 5;

@Injectable()
export class PasswordResetService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly sessions: SessionsService,
    private readonly config: AppConfig,
  ) {}

  /** Records a single-use reset for the account with this email, if there is one; returns its id to email. */
  async request(email: string): Promise<{ resetId: string } | null> {
    const [user] = await this.db.query('SELECT id FROM users WHERE lower(email) = lower($1) AND removed_at IS NULL', [email.trim()]);
    if (!user) return null;
    const resetId = randomUUID();
    const token = emailLinkToken(this.config.auth.jwtSecret, 'password-reset', resetId);
    const inserted = await this.db.query(
      `INSERT INTO password_resets (id, user_id, token_hash, expires_at)
       SELECT $1, $2, $3, now() + make_interval(mins => $4)
        WHERE (SELECT count(*) FROM password_resets WHERE user_id = $2 AND created_at > now() - interval '1 hour') < $5
       RETURNING id`,
      [resetId, user.id, sha256(token), PASSWORD_RESET_TTL_MINUTES, PASSWORD_RESETS_PER_HOUR],
    );
    return inserted.length ? { resetId } : null;
  }

  /** Sets the new password, uses up every open reset of the account and ends all its sessions; answers whose password it was. */
  async confirm(token: string, password: string): Promise<{ userId: string }> {
    const passwordHash = await hashPassword(password);
    return this.db.transaction(async (tx) => {
      // An UPDATE answers [rows, count].
      const [[reset]] = await tx.query(
        `UPDATE password_resets r SET used_at = now()
           FROM users u
          WHERE r.token_hash = $1 AND r.used_at IS NULL AND r.expires_at > now()
            AND u.id = r.user_id AND u.removed_at IS NULL
         RETURNING r.user_id`,
        [sha256(token)],
      );
      if (!reset) throw new InvalidLinkTokenError('This password-reset link is not valid: it is unknown, was already used or has expired. Ask for a new one.');
      await tx.query('UPDATE users SET password_hash = $2, password_changed_at = now() WHERE id = $1', [reset.user_id, passwordHash]);
      await tx.query('UPDATE password_resets SET used_at = now() WHERE user_id = $1 AND used_at IS NULL', [reset.user_id]);
      await this.sessions.revokeAll(reset.user_id, tx);
      return { userId: reset.user_id as string };
    });
  }
}
