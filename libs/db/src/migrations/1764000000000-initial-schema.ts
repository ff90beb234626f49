import { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1764000000000 implements MigrationInterface {
  name = 'InitialSchema1764000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE email_outbox (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        idempotency_key text NOT NULL UNIQUE,
        template text NOT NULL,
        to_address text NOT NULL,
        subject text NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent')),
        message_id text NOT NULL,
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        CHECK ((status = 'sent') = (sent_at IS NOT NULL))
      )`);
    await db.query(`
      CREATE TABLE enterprise_inquiries (
        id text PRIMARY KEY,
        email text NOT NULL,
        name text NOT NULL,
        company text NOT NULL,
        message text,
        created_at timestamptz NOT NULL DEFAULT now(),
        acknowledged_at timestamptz
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE enterprise_inquiries');
    await db.query('DROP TABLE email_outbox');
  }
}
