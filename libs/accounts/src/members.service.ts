import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { MemberView, Principal, Role } from '@apex/contracts';
import { LastOwnerError, NotInOrganizationError, RoleNotAllowedError } from './errors';
import { Queryable } from './queryable';
import { SessionsService } from './sessions.service';

interface MemberRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  created_at: Date;
}

const toView = (row: MemberRow): MemberView => ({
  userId: row.id,
  email: row.email,
  name: row.name,
  role: row.role,
  joinedAt: row.created_at.toISOString(),
});

const MEMBER_COLUMNS = 'id, email, name, role, created_at';

/** The people of an organisation and their roles. An organisation always keeps at least one owner. */
@Injectable()
export class MembersService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly sessions: SessionsService,
  ) {}

  async list(orgId: string): Promise<MemberView[]> {
    const rows = (await this.db.query(
      `SELECT ${MEMBER_COLUMNS} FROM users WHERE org_id = $1 AND removed_at IS NULL ORDER BY created_at, id`,
      [orgId],
    )) as MemberRow[];
    return rows.map(toView);
  }

  /** Owners only. */
  async changeRole(actor: Principal, userId: string, role: Role): Promise<MemberView> {
    if (actor.role !== 'owner') throw new RoleNotAllowedError('Only an owner can change roles');
    return this.db.transaction(async (tx) => {
      const target = await this.lockedMember(tx, actor.orgId, userId);
      if (target.role === 'owner' && role !== 'owner') await this.keepAnOwner(tx, actor.orgId);
      const [[row]] = await tx.query(`UPDATE users SET role = $3 WHERE id = $1 AND org_id = $2 RETURNING ${MEMBER_COLUMNS}`, [
        userId,
        actor.orgId,
        role,
      ]);
      return toView(row);
    });
  }

  /**
   * Owners and admins; only an owner removes an owner. The person loses access at once: their
   * sessions and API keys are revoked, while their runs and usage stay on record.
   */
  async remove(actor: Principal, userId: string): Promise<void> {
    if (actor.role === 'member') throw new RoleNotAllowedError('Only an owner or an admin can remove members');
    await this.db.transaction(async (tx) => {
      const target = await this.lockedMember(tx, actor.orgId, userId);
      if (target.role === 'owner') {
        if (actor.role !== 'owner') throw new RoleNotAllowedError('Only an owner can remove an owner');
        await this.keepAnOwner(tx, actor.orgId);
      }
      await tx.query('UPDATE users SET removed_at = now() WHERE id = $1 AND org_id = $2', [userId, actor.orgId]);
      await tx.query('UPDATE api_keys SET revoked_at = now() WHERE created_by = $1 AND org_id = $2 AND revoked_at IS NULL', [userId, actor.orgId]);
      await this.sessions.revokeAll(userId, tx);
    });
  }

  /** Locks the organisation first, so two changes to its owners cannot both pass the last-owner check. */
  private async lockedMember(tx: Queryable, orgId: string, userId: string): Promise<MemberRow> {
    await tx.query('SELECT id FROM organizations WHERE id = $1 FOR UPDATE', [orgId]);
    const [row] = (await tx.query(`SELECT ${MEMBER_COLUMNS} FROM users WHERE id = $1 AND org_id = $2 AND removed_at IS NULL`, [
      userId,
      orgId,
    ])) as MemberRow[];
    if (!row) throw new NotInOrganizationError('member', userId);
    return row;
  }

  private async keepAnOwner(tx: Queryable, orgId: string): Promise<void> {
    const [{ owners }] = await tx.query(
      "SELECT count(*)::int AS owners FROM users WHERE org_id = $1 AND role = 'owner' AND removed_at IS NULL",
      [orgId],
    );
    if (owners <= 1) throw new LastOwnerError('An organisation needs at least one owner: make someone else an owner first');
  }
}
