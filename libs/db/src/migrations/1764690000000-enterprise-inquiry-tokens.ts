import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Enterprise inquiries get random ids: what made an identical request find its inquiry again, the hash of the
 * normalised content, moves to `fingerprint`. An inquiry made before this had that hash as its id (`inq_<hash>`),
 * so its fingerprint is its id without the prefix. Its status is read with a token of which only the SHA-256 is
 * kept; inquiries from before have none and can no longer be read publicly.
 */
export class EnterpriseInquiryTokens1764690000000 implements MigrationInterface {
  name = 'EnterpriseInquiryTokens1764690000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE enterprise_inquiries ADD COLUMN fingerprint text, ADD COLUMN status_token_hash bytea');
    await db.query("UPDATE enterprise_inquiries SET fingerprint = substr(id, 5) WHERE id LIKE 'inq\\_%'");
    await db.query('UPDATE enterprise_inquiries SET fingerprint = id WHERE fingerprint IS NULL');
    await db.query('ALTER TABLE enterprise_inquiries ALTER COLUMN fingerprint SET NOT NULL');
    await db.query('ALTER TABLE enterprise_inquiries ADD CONSTRAINT enterprise_inquiries_fingerprint_key UNIQUE (fingerprint)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE enterprise_inquiries DROP COLUMN status_token_hash, DROP COLUMN fingerprint');
  }
}
