import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AcceptInvitation, CreateInvitation, InvitationPreview, InvitationView, Principal, Role } from '@apex/contracts';
import { AppConfig } from '@apex/config';
import { emailLinkToken } from './email-link-tokens';
import { AlreadyMemberError, EmailTakenError, InvalidLinkTokenError, NotInOrganizationError, RoleNotAllowedError } from './errors';
import { sha256 } from './opaque-secrets';
import { hashPassword } from './password-hasher';

export const INVITATION_TTL_DAYS = 7;

type InvitedRole = Exclude<Role, 'owner'>;

interface InvitationRow {
  id: string;
  email: string;
  role: InvitedRole;
  expires_at: Date;
  accepted_at: Date | null;
}

const toView = (row: InvitationRow): InvitationView => ({
  id: row.id,
  email: row.email,
  role: row.role,
  expiresAt: row.expires_at.toISOString(),
  acceptedAt: row.accepted_at?.toISOString() ?? null,
});

const INVITATION_COLUMNS = 'id, email, role, expires_at, accepted_at';

/** An invitation that can still be accepted, with what the accept page shows. */
export interface PendingInvitation extends InvitationPreview {
  id: string;
  orgId: string;
}

@Injectable()
export class InvitationsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
  ) {}

  /** Owners and admins. A new invitation to the same email replaces the one still pending. */
  async create(actor: Principal, request: CreateInvitation): Promise<InvitationView> {
    if (actor.role === 'member') throw new RoleNotAllowedError('Only an owner or an admin can invite people');
    const email = request.email.trim();
    const id = randomUUID();
    const tokenHash = sha256(emailLinkToken(this.config.auth.jwtSecret, 'invitation', id));
    return this.db.transaction(async (tx) => {
      await tx.query('SELECT id FROM organizations WHERE id = $1 FOR UPDATE', [actor.orgId]);
      const members = await tx.query('SELECT 1 FROM users WHERE org_id = $1 AND lower(email) = lower($2) AND removed_at IS NULL', [
        actor.orgId,
        email,
      ]);
      if (members.length) throw new AlreadyMemberError(`${email} is already a member of your organisation`);
      await tx.query(
        `UPDATE invitations SET revoked_at = now()
          WHERE org_id = $1 AND lower(email) = lower($2) AND accepted_at IS NULL AND revoked_at IS NULL`,
        [actor.orgId, email],
      );
      const [row] = await tx.query(
        `INSERT INTO invitations (id, org_id, email, role, token_hash, invited_by, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, now() + make_interval(days => $7)) RETURNING ${INVITATION_COLUMNS}`,
        [id, actor.orgId, email, request.role, tokenHash, actor.userId, INVITATION_TTL_DAYS],
      );
      return toView(row);
    });
  }

  /** Invitations not revoked, newest first (accepted and expired ones included, for the record). */
  async list(orgId: string): Promise<InvitationView[]> {
    const rows = await this.db.query(
      `SELECT ${INVITATION_COLUMNS} FROM invitations WHERE org_id = $1 AND revoked_at IS NULL ORDER BY created_at DESC, id`,
      [orgId],
    );
    return (rows as InvitationRow[]).map(toView);
  }

  /** Owners and admins; revoking twice changes nothing. */
  async revoke(actor: Principal, invitationId: string): Promise<void> {
    if (actor.role === 'member') throw new RoleNotAllowedError('Only an owner or an admin can revoke invitations');
    const found = await this.db.query('SELECT accepted_at FROM invitations WHERE id = $1 AND org_id = $2', [invitationId, actor.orgId]);
    if (!found.length) throw new NotInOrganizationError('invitation', invitationId);
    await this.db.query('UPDATE invitations SET revoked_at = now() WHERE id = $1 AND org_id = $2 AND accepted_at IS NULL AND revoked_at IS NULL', [
      invitationId,
      actor.orgId,
    ]);
  }

  async findPending(token: string): Promise<PendingInvitation> {
    const [row] = await this.db.query(
      `SELECT i.id, i.org_id, i.email, i.role, i.expires_at, o.name AS org_name, u.name AS invited_by
         FROM invitations i JOIN organizations o ON o.id = i.org_id JOIN users u ON u.id = i.invited_by
        WHERE i.token_hash = $1 AND i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > now()`,
      [sha256(token)],
    );
    if (!row) throw invalidInvitation();
    return {
      id: row.id,
      orgId: row.org_id,
      email: row.email,
      role: row.role,
      organizationName: row.org_name,
      invitedBy: row.invited_by,
      expiresAt: row.expires_at.toISOString(),
    };
  }

  /** Creates the invitee's account in the inviting organisation; returns the new user's id. */
  async accept(request: AcceptInvitation): Promise<{ userId: string; orgId: string }> {
    const passwordHash = await hashPassword(request.password);
    return this.db.transaction(async (tx) => {
      const [invitation] = await tx.query(
        `SELECT id, org_id, email, role FROM invitations
          WHERE token_hash = $1 AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > now() FOR UPDATE`,
        [sha256(request.token)],
      );
      if (!invitation) throw invalidInvitation();
      const [user] = await tx.query(
        // Opening the emailed link proved the address: the invitee's email is verified.
        `INSERT INTO users (org_id, email, name, password_hash, role, email_verified_at) VALUES ($1, $2, $3, $4, $5, now())
         ON CONFLICT ((lower(email))) WHERE removed_at IS NULL DO NOTHING RETURNING id`,
        [invitation.org_id, invitation.email, request.name.trim(), passwordHash, invitation.role],
      );
      if (!user) throw new EmailTakenError(`${invitation.email} already has an Apex account; one email belongs to one organisation`);
      await tx.query('UPDATE invitations SET accepted_at = now() WHERE id = $1', [invitation.id]);
      return { userId: user.id as string, orgId: invitation.org_id as string };
    });
  }
}

const invalidInvitation = () =>
  new InvalidLinkTokenError('This invitation link is not valid: it is unknown, was already accepted or revoked, or has expired. Ask for a new one.');
