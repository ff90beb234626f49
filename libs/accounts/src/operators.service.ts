import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { hashPassword } from './password-hasher';

export const STAFF_ORGANIZATION_NAME = 'Apex staff';

export class NotAnOperatorAccountError extends Error {
  override name = 'NotAnOperatorAccountError';
}

/**
 * Operators are Apex staff: users with `is_operator` in the staff organisation. Nothing in the
 * HTTP API sets that flag; only this service does, run from the command line.
 */
@Injectable()
export class OperatorsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Creates the operator, or sets a new password when the operator already exists. */
  async createOrUpdate(input: { email: string; password: string; name: string }): Promise<{ userId: string; created: boolean }> {
    const passwordHash = await hashPassword(input.password);
    return this.db.transaction(async (tx) => {
      // Serialises concurrent runs, so there is only ever one staff organisation.
      await tx.query("SELECT pg_advisory_xact_lock(hashtext('apex:staff-organization'))");
      const [existing] = await tx.query('SELECT id, is_operator FROM users WHERE lower(email) = lower($1) AND removed_at IS NULL', [
        input.email.trim(),
      ]);
      if (existing && !existing.is_operator) {
        throw new NotAnOperatorAccountError(`${input.email} belongs to a customer account; operators need an email of their own`);
      }
      if (existing) {
        await tx.query('UPDATE users SET password_hash = $2, password_changed_at = now() WHERE id = $1', [existing.id, passwordHash]);
        await tx.query('UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL', [existing.id]);
        return { userId: existing.id as string, created: false };
      }
      const [staff] = await tx.query(
        'SELECT DISTINCT o.id FROM organizations o JOIN users u ON u.org_id = o.id WHERE u.is_operator ORDER BY o.id LIMIT 1',
      );
      const orgId = staff?.id ?? (await tx.query('INSERT INTO organizations (name) VALUES ($1) RETURNING id', [STAFF_ORGANIZATION_NAME]))[0].id;
      const [user] = await tx.query(
        // Staff made from the command line: their email is known to be theirs.
        `INSERT INTO users (org_id, email, name, password_hash, role, is_operator, email_verified_at) VALUES ($1, $2, $3, $4, 'owner', true, now()) RETURNING id`,
        [orgId, input.email.trim(), input.name.trim(), passwordHash],
      );
      return { userId: user.id as string, created: true };
    });
  }
}
