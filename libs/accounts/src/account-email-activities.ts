import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  AccountEmailActivities,
  AccountEmailResult,
  invitationEmailKey,
  passwordResetEmailKey,
} from '@apex/contracts';
import { AppConfig } from '@apex/config';
import { EmailActivitiesService } from '@apex/email';
import { emailLinkToken } from './email-link-tokens';

const skipped = (reason: string): AccountEmailResult => ({ status: 'skipped', reason });

const minutesUntil = (date: Date) => Math.max(1, Math.round((date.getTime() - Date.now()) / 60_000));

/**
 * Emails with a secret link. Each activity derives the link's token from the row id (see
 * emailLinkToken) and sends through the idempotent `sendEmail` outbox, so a retry sends nothing twice
 * and the token never appears in workflow history.
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
    };
  }
}
