import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { MeView, SessionTokens, SignUpRequest, Role, Tier } from '@apex/contracts';
import { DUMMY_PASSWORD_HASH, hashPassword, verifyPassword } from './password-hasher';
import { EmailTakenError, InvalidCredentialsError } from './errors';
import { SessionsService } from './sessions.service';

@Injectable()
export class AccountsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly sessions: SessionsService,
  ) {}

  /** Creates an organisation on the Free plan with the new user as its owner, and signs them in. */
  async signUp(request: SignUpRequest): Promise<SessionTokens> {
    const passwordHash = await hashPassword(request.password);
    const userId = await this.db.transaction(async (tx) => {
      const [org] = await tx.query('INSERT INTO organizations (name) VALUES ($1) RETURNING id', [request.organizationName.trim()]);
      const inserted = await tx.query(
        `INSERT INTO users (org_id, email, name, password_hash, role) VALUES ($1, $2, $3, $4, 'owner')
         ON CONFLICT ((lower(email))) WHERE removed_at IS NULL DO NOTHING RETURNING id`,
        [org.id, request.email.trim(), request.name.trim(), passwordHash],
      );
      if (inserted.length === 0) throw new EmailTakenError('An account with this email already exists. Log in instead, or reset your password.');
      return inserted[0].id as string;
    });
    return this.issueSession(userId);
  }

  async logIn(email: string, password: string): Promise<SessionTokens> {
    const [user] = await this.db.query('SELECT id, password_hash FROM users WHERE lower(email) = lower($1) AND removed_at IS NULL', [email.trim()]);
    const ok = await verifyPassword(password, user?.password_hash ?? DUMMY_PASSWORD_HASH);
    if (!user || !ok) throw new InvalidCredentialsError('The email or password is not correct');
    return this.issueSession(user.id);
  }

  async issueSession(userId: string): Promise<SessionTokens> {
    const { refreshTokenId: _id, ...session } = await this.sessions.issue(userId);
    return session;
  }

  async me(userId: string): Promise<MeView> {
    const [row] = await this.db.query(
      `SELECT u.id, u.email, u.name, u.is_operator, u.role, o.id AS org_id, o.name AS org_name, o.tier
         FROM users u JOIN organizations o ON o.id = u.org_id WHERE u.id = $1`,
      [userId],
    );
    return {
      user: { id: row.id, email: row.email, name: row.name, isOperator: row.is_operator },
      organization: { id: row.org_id, name: row.org_name, tier: row.tier as Tier },
      role: row.role as Role,
    };
  }
}
