import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  AccountEmailActivities,
  accountLockedEmailKey,
  AccountEmailResult,
  accountNoticeEmailKey,
  AccountNoticeKind,
  emailVerificationEmailKey,
  invitationEmailKey,
  passwordResetEmailKey,
} from '@apex/contracts';
import { AppConfig } from '@apex/config';
import { EmailActivitiesService } from '@apex/email';
import { emailLinkToken } from './email-link-tokens';

const skipped = (reason: string): AccountEmailResult => ({ status: 'skipped', reason });

const minutesUntil = (date: Date) => Math.max(1, Math.round((date.getTime() - Date.now()) / 60_000));

const inUtc = (date: Date) => date.toISOString().slice(0, 16).replace('T', ' ');


/**
 * Account emails. Those with a secret link derive its token from the row id (see emailLinkToken), so
 * the token never appears in workflow history; all send through the idempotent `sendEmail` outbox, so
 * a retry sends nothing twice.
 */
@Injectable()
export class AccountEmailActivitiesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly email: EmailActivitiesService,
    private readonly config: AppConfig,
  ) {}

  activities(): AccountEmailActivities {
    const { sendEmail } = this.email.activities();
    const link = (path: string, token: string) => `${this.config.http.appUrl}/${path}?token=${encodeURIComponent(token)}`;
    return {
      sendPasswordResetEmail: async ({ id }) => {
        const [reset] = await this.db.query(
          `SELECT u.email, u.name, r.expires_at, r.used_at IS NOT NULL AS used, r.expires_at <= now() AS expired
             FROM password_resets r JOIN users u ON u.id = r.user_id AND u.removed_at IS NULL WHERE r.id = $1`,
          [id],
        );
        if (!reset) return skipped('no such password reset');
        if (reset.used) return skipped('the reset was already used');
        if (reset.expired) return skipped('the reset expired before it could be sent');
        return sendEmail({
          idempotencyKey: passwordResetEmailKey(id),
          template: 'password-reset',
          to: reset.email,
          vars: {
            name: reset.name,
            resetUrl: link('reset-password', emailLinkToken(this.config.auth.jwtSecret, 'password-reset', id)),
            validMinutes: minutesUntil(reset.expires_at),
          },
        });
      },
      sendInvitationEmail: async ({ id }) => {
        const [invitation] = await this.db.query(
          `SELECT i.email, i.role, i.expires_at, o.name AS org_name, u.name AS inviter,
                  i.accepted_at IS NOT NULL OR i.revoked_at IS NOT NULL AS closed, i.expires_at <= now() AS expired
             FROM invitations i JOIN organizations o ON o.id = i.org_id JOIN users u ON u.id = i.invited_by
            WHERE i.id = $1`,
          [id],
        );
        if (!invitation) return skipped('no such invitation');
        if (invitation.closed) return skipped('the invitation was accepted or revoked');
        if (invitation.expired) return skipped('the invitation expired before it could be sent');
        return sendEmail({
          idempotencyKey: invitationEmailKey(id),
          template: 'invitation',
          to: invitation.email,
          vars: {
            inviter: invitation.inviter,
            organizationName: invitation.org_name,
            role: invitation.role,
            acceptUrl: link('accept-invitation', emailLinkToken(this.config.auth.jwtSecret, 'invitation', id)),
            expiresOn: (invitation.expires_at as Date).toISOString().slice(0, 10),
          },
        });
      },
      sendAccountLockedEmail: async ({ id }) => {
        const [lock] = await this.db.query(
          `SELECT u.email, u.name, l.locked_until FROM login_lockouts l JOIN users u ON u.id = l.user_id AND u.removed_at IS NULL
            WHERE l.lock_id = $1`,
          [id],
        );
        if (!lock) return skipped('the lock was ended or replaced by a later one');
        return sendEmail({
          idempotencyKey: accountLockedEmailKey(id),
          template: 'account-locked',
          to: lock.email,
          vars: {
            name: lock.name,
            lockedUntil: inUtc(lock.locked_until as Date),
            resetUrl: `${this.config.http.appUrl}/forgot-password`,
          },
        });
      },
      sendEmailVerificationEmail: async ({ id }) => {
        const [verification] = await this.db.query(
          `SELECT u.email, u.name, v.expires_at, v.used_at IS NOT NULL OR u.email_verified_at IS NOT NULL AS done, v.expires_at <= now() AS expired
             FROM email_verifications v JOIN users u ON u.id = v.user_id AND u.removed_at IS NULL WHERE v.id = $1`,
          [id],
        );
        if (!verification) return skipped('no such email verification');
        if (verification.done) return skipped('the email was verified already');
        if (verification.expired) return skipped('the verification expired before it could be sent');
        return sendEmail({
          idempotencyKey: emailVerificationEmailKey(id),
          template: 'email-verification',
          to: verification.email,
          vars: {
            name: verification.name,
            verifyUrl: link('verify-email', emailLinkToken(this.config.auth.jwtSecret, 'email-verification', id)),
            validUntil: inUtc(verification.expires_at as Date),
          },
        });
      },
      sendAccountNoticeEmail: async ({ id }) => {
        const [notice] = await this.db.query(
          `SELECT n.kind, n.created_at, u.email, u.name FROM account_notices n JOIN users u ON u.id = n.user_id AND u.removed_at IS NULL
            WHERE n.id = $1`,
          [id],
        );
        if (!notice) return skipped('no such account notice');
        return sendEmail({
          idempotencyKey: accountNoticeEmailKey(id),
          // Each kind of notice has the email template of its name.
          template: notice.kind as AccountNoticeKind,
          to: notice.email,
          vars: {
            name: notice.name,
            email: notice.email,
            at: inUtc(notice.created_at as Date),
            resetUrl: `${this.config.http.appUrl}/forgot-password`,
            logInUrl: `${this.config.http.appUrl}/login`,
          },
        });
      },
    };
  }
}
