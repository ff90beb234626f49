import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What an upload kept although FOCUS does not know it, and what it loaded with warnings about:
 * - cost_rows.extra_columns: a row's custom (x_) and unknown columns as a JSON object; null for the rows of a file
 *   without such columns, so that plain FOCUS files store nothing more.
 * - cost_sources.warnings: the file's warnings by kind ({kind, count, examples}[]), as its upload answered them;
 *   null when it had none.
 * Both nullable without a default: adding them rewrites no row.
 */
export class CostUploadWarnings1764680000000 implements MigrationInterface {
  name = 'CostUploadWarnings1764680000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE cost_rows ADD COLUMN extra_columns jsonb');
    await db.query('ALTER TABLE cost_sources ADD COLUMN warnings jsonb');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE cost_sources DROP COLUMN warnings');
    await db.query('ALTER TABLE cost_rows DROP COLUMN extra_columns');
  }
}
