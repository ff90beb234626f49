import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * ROI before sign-up (libs/sandbox owns `sandboxes`). A sandbox is an organisation of its own, so every table that
 * references organizations ON DELETE CASCADE goes with it. The token and the prospect's address are kept only as
 * hashes. `expires_at` is null once an account claimed the sandbox; the deletion then deletes nothing.
 */
export class SandboxOrganizations1764660000000 implements MigrationInterface {
  name = 'SandboxOrganizations1764660000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE sandboxes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL UNIQUE REFERENCES organizations (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        token_hash bytea NOT NULL UNIQUE,
        address_hash bytea NOT NULL,
        file_name text NOT NULL,
        cost_source_id uuid REFERENCES cost_sources (id) ON DELETE SET NULL,
        run_id uuid REFERENCES runs (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz,
        claimed_at timestamptz,
        CHECK ((expires_at IS NULL) = (claimed_at IS NOT NULL))
      )`);
    await db.query('CREATE INDEX sandboxes_address_created_idx ON sandboxes (address_hash, created_at)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE sandboxes');
  }
}
