import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Removing a member keeps their user row (their runs and usage stay attributed) and frees the email
 * for a new account; a password change ends access tokens issued before it; one pending invitation
 * per email and organisation; lookups for sessions and resets.
 */
export class MembersAndSessions1764200000000 implements MigrationInterface {
  name = 'MembersAndSessions1764200000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE users ADD COLUMN removed_at timestamptz');
    await db.query('ALTER TABLE users ADD COLUMN password_changed_at timestamptz');
    await db.query('DROP INDEX users_email_key');
    await db.query('CREATE UNIQUE INDEX users_email_key ON users (lower(email)) WHERE removed_at IS NULL');
    await db.query(
      'CREATE UNIQUE INDEX invitations_pending_email_key ON invitations (org_id, lower(email)) WHERE accepted_at IS NULL AND revoked_at IS NULL',
    );
    await db.query('CREATE INDEX invitations_org_idx ON invitations (org_id, created_at)');
    await db.query('CREATE INDEX refresh_tokens_user_idx ON refresh_tokens (user_id) WHERE revoked_at IS NULL');
    await db.query('CREATE INDEX password_resets_user_idx ON password_resets (user_id, created_at)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP INDEX password_resets_user_idx');
    await db.query('DROP INDEX refresh_tokens_user_idx');
    await db.query('DROP INDEX invitations_org_idx');
    await db.query('DROP INDEX invitations_pending_email_key');
    await db.query('DELETE FROM users WHERE removed_at IS NOT NULL');
    await db.query('DROP INDEX users_email_key');
    await db.query('CREATE UNIQUE INDEX users_email_key ON users (lower(email))');
    await db.query('ALTER TABLE users DROP COLUMN password_changed_at');
    await db.query('ALTER TABLE users DROP COLUMN removed_at');
  }
}
