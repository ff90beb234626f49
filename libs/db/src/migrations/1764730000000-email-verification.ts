import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Account hardening (libs/accounts owns these tables and columns).
 *
 * `users.email_verified_at`: accounts that existed before verification count as verified. `email_verifications` holds
 * each emailed verification link by the hash of its token, single-use and expiring. `account_notices` records what an
 * owner is emailed about their account (see AccountNoticeKind); a sign-in after a lock names the lock, once.
 * `refresh_tokens.successor_sealed` is the refresh token that replaced this one, encrypted with a key only this
 * token's holder can derive, so a retried refresh can be answered with the same new session. Idempotency records are
 * kept per caller (a person's session or an API key), not only per organisation.
 */
export class EmailVerification1764730000000 implements MigrationInterface {
  name = 'EmailVerification1764730000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE users ADD COLUMN email_verified_at timestamptz');
    // An unclaimed sandbox's placeholder is not an account yet: whoever claims it verifies their email.
    await db.query('UPDATE users SET email_verified_at = created_at WHERE id NOT IN (SELECT user_id FROM sandboxes WHERE claimed_at IS NULL)');
    await db.query(`
      CREATE TABLE email_verifications (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        token_hash text NOT NULL UNIQUE,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query('CREATE INDEX email_verifications_user_idx ON email_verifications (user_id, created_at)');
    await db.query(`
      CREATE TABLE account_notices (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('sign-up-attempt', 'password-changed', 'sign-in-after-lock')),
        lock_id uuid UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((kind = 'sign-in-after-lock') = (lock_id IS NOT NULL))
      )`);
    await db.query('CREATE INDEX account_notices_user_idx ON account_notices (user_id, kind, created_at)');
    await db.query('ALTER TABLE refresh_tokens ADD COLUMN successor_sealed text');
    await db.query("ALTER TABLE idempotency_records ADD COLUMN caller text NOT NULL DEFAULT ''");
    await db.query('ALTER TABLE idempotency_records ALTER COLUMN caller DROP DEFAULT');
    await db.query('ALTER TABLE idempotency_records DROP CONSTRAINT idempotency_records_pkey');
    await db.query('ALTER TABLE idempotency_records ADD PRIMARY KEY (org_id, caller, key)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE idempotency_records DROP CONSTRAINT idempotency_records_pkey');
    await db.query("DELETE FROM idempotency_records WHERE caller <> ''");
    await db.query('ALTER TABLE idempotency_records DROP COLUMN caller');
    await db.query('ALTER TABLE idempotency_records ADD PRIMARY KEY (org_id, key)');
    await db.query('ALTER TABLE refresh_tokens DROP COLUMN successor_sealed');
    await db.query('DROP TABLE account_notices');
    await db.query('DROP TABLE email_verifications');
    await db.query('ALTER TABLE users DROP COLUMN email_verified_at');
  }
}
