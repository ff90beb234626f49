import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Proofs of savings (owned by libs/proofs): one per implemented recommendation, its hash-chained events, and the
 * links that share its signed report. A share link keeps only the SHA-256 of its token.
 */
export class Proofs1764630000000 implements MigrationInterface {
  name = 'Proofs1764630000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE proofs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        recommendation_id uuid NOT NULL UNIQUE REFERENCES recommendations (id) ON DELETE CASCADE,
        status text NOT NULL DEFAULT 'baseline' CHECK (status IN ('baseline', 'measuring', 'calculating', 'finished', 'failed')),
        implemented_on date NOT NULL,
        implemented_by uuid REFERENCES users (id) ON DELETE SET NULL,
        reporting_days integer NOT NULL CHECK (reporting_days >= 7),
        reporting_ends_on date NOT NULL,
        currency char(3) NOT NULL,
        baseline jsonb,
        interim jsonb,
        verdict text CHECK (verdict IN ('verified', 'inconclusive', 'no_savings', 'insufficient_baseline')),
        savings numeric,
        report jsonb,
        sha256 text,
        signature text,
        key_id text,
        failure text,
        created_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz
      )`);
    await db.query('CREATE INDEX proofs_org_idx ON proofs (org_id, status, created_at DESC)');
    await db.query(`
      CREATE TABLE proof_events (
        proof_id uuid NOT NULL REFERENCES proofs (id) ON DELETE CASCADE,
        sequence integer NOT NULL CHECK (sequence >= 1),
        kind text NOT NULL CHECK (kind IN ('baseline_captured', 'implementation_confirmed', 'daily_reading', 'verdict')),
        -- A daily reading's date, so that a retried activity records its day once.
        dedupe_key text NOT NULL,
        payload jsonb NOT NULL,
        previous_hash text,
        hash text NOT NULL,
        at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (proof_id, sequence),
        UNIQUE (proof_id, kind, dedupe_key)
      )`);
    await db.query(`
      CREATE TABLE proof_share_links (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        proof_id uuid NOT NULL REFERENCES proofs (id) ON DELETE CASCADE,
        token_sha256 text NOT NULL UNIQUE,
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        open_count integer NOT NULL DEFAULT 0,
        last_opened_at timestamptz,
        created_by uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query('CREATE INDEX proof_share_links_proof_idx ON proof_share_links (proof_id)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE proof_share_links');
    await db.query('DROP TABLE proof_events');
    await db.query('DROP TABLE proofs');
  }
}
