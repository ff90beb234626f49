import { MigrationInterface, QueryRunner } from 'typeorm';

/** The price book (owned by libs/pricing): versions, model prices with their dated history, quarantine, rules. */
export class PriceBook1764600000000 implements MigrationInterface {
  name = 'PriceBook1764600000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE price_book_versions (
        version integer PRIMARY KEY CHECK (version >= 1),
        status text NOT NULL CHECK (status IN ('draft', 'active', 'retired')),
        sources jsonb NOT NULL,
        conflicts jsonb NOT NULL,
        quarantined jsonb NOT NULL,
        rules jsonb NOT NULL,
        imported_by uuid REFERENCES users (id) ON DELETE SET NULL,
        imported_at timestamptz NOT NULL DEFAULT now(),
        activated_by uuid REFERENCES users (id) ON DELETE SET NULL,
        activated_at timestamptz
      )`);
    await db.query("CREATE UNIQUE INDEX price_book_one_active ON price_book_versions ((true)) WHERE status = 'active'");
    await db.query(`
      CREATE TABLE model_prices (
        version integer NOT NULL REFERENCES price_book_versions (version) ON DELETE CASCADE,
        provider text NOT NULL,
        model text NOT NULL,
        effective_from date,
        effective_to date,
        entry jsonb NOT NULL,
        UNIQUE NULLS NOT DISTINCT (version, provider, model, effective_from)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE model_prices');
    await db.query('DROP TABLE price_book_versions');
  }
}
