import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Staging and checkpoints of API ingestions: each fetched page is stored once under (source, page) with the
 * token that fetched it and the token of the next page, so a retried fetch stores nothing twice and an
 * expired token sends the ingestion back to its last stored page. At the end the staged rows are promoted to
 * cost_rows in one transaction and the pages dropped.
 *
 * A disconnected connection keeps its rows and its name no longer blocks a new connection with the same name.
 */
export class CostIngestion1764360000000 implements MigrationInterface {
  name = 'CostIngestion1764360000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE cost_source_pages (
        source_id uuid NOT NULL REFERENCES cost_sources (id) ON DELETE CASCADE,
        org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        page_number integer NOT NULL CHECK (page_number >= 1),
        page_token text,
        next_page_token text,
        row_count integer NOT NULL CHECK (row_count >= 0),
        rows jsonb NOT NULL,
        staged_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (source_id, page_number)
      )`);
    await db.query('ALTER TABLE cost_connections DROP CONSTRAINT cost_connections_org_id_name_key');
    await db.query(`CREATE UNIQUE INDEX cost_connections_live_name_idx ON cost_connections (org_id, name) WHERE status <> 'disconnected'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP INDEX cost_connections_live_name_idx');
    await db.query('ALTER TABLE cost_connections ADD CONSTRAINT cost_connections_org_id_name_key UNIQUE (org_id, name)');
    await db.query('DROP TABLE cost_source_pages');
  }
}
