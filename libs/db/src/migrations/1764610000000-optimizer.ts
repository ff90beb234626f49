import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What supervisor runs find (owned by libs/optimizer): each run's report and the profile its data agent measured,
 * and the organisation's recommendations, one per finding, updated by later runs that find the same thing.
 */
export class Optimizer1764610000000 implements MigrationInterface {
  name = 'Optimizer1764610000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE run_reports (
        run_id uuid PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
        org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        status text NOT NULL CHECK (status IN ('analysed', 'no_data')),
        summary text NOT NULL,
        summary_source text NOT NULL CHECK (summary_source IN ('template', 'model')),
        price_book_version integer,
        agents text[] NOT NULL,
        profiles jsonb NOT NULL,
        unpriced jsonb NOT NULL,
        locked jsonb NOT NULL,
        potential jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query('CREATE INDEX run_reports_org_idx ON run_reports (org_id, created_at)');

    // The data agent's aggregates, which the optimization agents read instead of the rows.
    await db.query(`
      CREATE TABLE run_profiles (
        run_id uuid PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
        org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        profile jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);

    // Findings of each agent of a run, kept until the reporting agent ranks them; an agent retried replaces its own.
    await db.query(`
      CREATE TABLE run_findings (
        run_id uuid NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        agent text NOT NULL,
        fingerprint text NOT NULL,
        finding jsonb NOT NULL,
        PRIMARY KEY (run_id, fingerprint)
      )`);

    await db.query(`
      CREATE TABLE recommendations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        fingerprint text NOT NULL,
        kind text NOT NULL,
        title text NOT NULL,
        steps jsonb NOT NULL,
        doc_url text NOT NULL,
        scope jsonb NOT NULL,
        evidence jsonb NOT NULL,
        price_book_version integer NOT NULL,
        currency char(3) NOT NULL,
        monthly_low numeric NOT NULL CHECK (monthly_low >= 0),
        monthly_expected numeric NOT NULL CHECK (monthly_expected >= monthly_low),
        monthly_high numeric NOT NULL CHECK (monthly_high >= monthly_expected),
        scenarios jsonb NOT NULL,
        assumptions jsonb NOT NULL,
        effort text NOT NULL CHECK (effort IN ('low', 'medium', 'high')),
        risk text NOT NULL CHECK (risk IN ('low', 'medium', 'high')),
        caveat text,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'accepted', 'dismissed', 'implemented')),
        status_reason text,
        status_changed_by uuid REFERENCES users (id) ON DELETE SET NULL,
        status_changed_at timestamptz,
        first_run_id uuid NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        last_run_id uuid NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (org_id, fingerprint)
      )`);
    await db.query('CREATE INDEX recommendations_org_idx ON recommendations (org_id, status, kind, created_at DESC, id DESC)');
    await db.query('CREATE INDEX recommendations_last_run_idx ON recommendations (last_run_id)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE recommendations');
    await db.query('DROP TABLE run_findings');
    await db.query('DROP TABLE run_profiles');
    await db.query('DROP TABLE run_reports');
  }
}
