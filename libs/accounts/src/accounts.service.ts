import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { MeView, SessionTokens, SignUpRequest, Role, Tier } from '@apex/contracts';
import { AccountNoticesService } from './account-notices.service';
import { EmailVerificationService } from './email-verification.service';
import { DUMMY_PASSWORD_HASH, hashPassword, verifyPassword } from './password-hasher';
import { InvalidCredentialsError } from './errors';
import { SessionsService } from './sessions.service';

/**
 * What a sign-up did, for the caller to email about; never for the person signing up to see, since the answer to them
 * must not tell whether the email had an account already.
 */
export type SignUpOutcome =
  | { kind: 'created'; userId: string; verificationId: string | null }
  | { kind: 'email-taken'; noticeId: string | null };

class EmailTaken extends Error {}

@Injectable()
export class AccountsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly sessions: SessionsService,
    private readonly verifications: EmailVerificationService,
    private readonly notices: AccountNoticesService,
  ) {}

  /**
   * Creates an organisation on the Free plan with the new user as its owner, email not yet verified. When the email
   * has an account already, nothing is created and its owner is to be told someone tried; the password is hashed
   * either way, so both take as long.
   */
  async signUp(request: SignUpRequest): Promise<SignUpOutcome> {
    const passwordHash = await hashPassword(request.password);
    try {
      return await this.db.transaction(async (tx) => {
        const [org] = await tx.query('INSERT INTO organizations (name) VALUES ($1) RETURNING id', [request.organizationName.trim()]);
        const inserted = await tx.query(
          `INSERT INTO users (org_id, email, name, password_hash, role) VALUES ($1, $2, $3, $4, 'owner')
           ON CONFLICT ((lower(email))) WHERE removed_at IS NULL DO NOTHING RETURNING id`,
          [org.id, request.email.trim(), request.name.trim(), passwordHash],
        );
        if (inserted.length === 0) throw new EmailTaken();
        const userId = inserted[0].id as string;
        const verification = await this.verifications.create(userId, tx);
        return { kind: 'created' as const, userId, verificationId: verification?.verificationId ?? null };
      });
    } catch (error) {
      if (!(error instanceof EmailTaken)) throw error;
      return this.emailTaken(request.email);
    }
  }

  /** The sign-up found the email taken: its owner is told, at most once a day. */
  async emailTaken(email: string): Promise<SignUpOutcome> {
    const [owner] = await this.db.query('SELECT id FROM users WHERE lower(email) = lower($1) AND removed_at IS NULL', [email.trim()]);
    return { kind: 'email-taken', noticeId: owner ? await this.notices.signUpAttempted(owner.id) : null };
  }

  /** Signs in; answers whose session it is, for the caller to act on, and the session to hand over. */
  async logIn(email: string, password: string): Promise<{ userId: string; session: SessionTokens }> {
    const [user] = await this.db.query('SELECT id, password_hash FROM users WHERE lower(email) = lower($1) AND removed_at IS NULL', [email.trim()]);
    const ok = await verifyPassword(password, user?.password_hash ?? DUMMY_PASSWORD_HASH);
    if (!user || !ok) throw new InvalidCredentialsError('The email or password is not correct');
    return { userId: user.id, session: await this.issueSession(user.id) };
  }

  async issueSession(userId: string): Promise<SessionTokens> {
    const { refreshTokenId: _id, ...session } = await this.sessions.issue(userId);
    return session;
  }

  async me(userId: string): Promise<MeView> {
    const [row] = await this.db.query(
      `SELECT u.id, u.email, u.name, u.is_operator, u.role, u.email_verified_at IS NOT NULL AS email_verified, o.id AS org_id, o.name AS org_name, o.tier
         FROM users u JOIN organizations o ON o.id = u.org_id WHERE u.id = $1`,
      [userId],
    );
    return {
      user: { id: row.id, email: row.email, name: row.name, isOperator: row.is_operator, emailVerified: row.email_verified },
      organization: { id: row.org_id, name: row.org_name, tier: row.tier as Tier },
      role: row.role as Role,
    };
  }
}
