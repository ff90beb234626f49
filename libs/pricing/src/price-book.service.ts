import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ModelPrice, PriceBookSourceFile, PriceBookVersionView, PriceRule } from '@apex/contracts';
import { buildPriceBook } from './price-book-import';
import { PriceBookSnapshot } from './price-book-snapshot';

/** Where the bundled files are: beside the source, or under the working directory for a built app run from the repo. */
const DATA_DIR = [process.env['PRICE_BOOK_DATA_DIR'], join(__dirname, '../data'), join(process.cwd(), 'libs/pricing/data')].find(
  (dir): dir is string => !!dir && existsSync(join(dir, 'genai-prices.json')),
) ?? join(__dirname, '../data');

/** The two public files bundled with Apex, imported as version 1 on first start. */
export const BUNDLED_PRICE_FILES = {
  litellm: join(DATA_DIR, 'litellm_model_prices_and_context_window.json'),
  genaiPrices: join(DATA_DIR, 'genai-prices.json'),
};

const SOURCES = {
  litellm: { name: 'litellm_model_prices_and_context_window.json', source: 'BerriAI/litellm model_prices_and_context_window.json', licence: 'MIT' },
  genaiPrices: { name: 'genai-prices data.json', source: 'pydantic/genai-prices prices/data.json', licence: 'MIT' },
};

/** Advisory-lock key serialising imports, so two processes starting at once import version 1 once. */
const IMPORT_LOCK = 7_640_600;

interface VersionRow {
  version: number;
  status: PriceBookVersionView['status'];
  sources: PriceBookSourceFile[];
  conflicts: unknown[];
  quarantined: unknown[];
  imported_at: Date;
  activated_at: Date | null;
  entry_count: string;
}

/** Owner of the price-book tables: imports versions, activates one, and loads a version's prices. */
@Injectable()
export class PriceBook {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async activeVersion(): Promise<number | null> {
    const [row] = (await this.db.query("SELECT version FROM price_book_versions WHERE status = 'active'")) as Array<{ version: number }>;
    return row?.version ?? null;
  }

  async load(version: number): Promise<PriceBookSnapshot> {
    const [meta] = (await this.db.query('SELECT rules FROM price_book_versions WHERE version = $1', [version])) as Array<{ rules: PriceRule[] }>;
    if (!meta) throw new Error(`Price-book version ${version} does not exist`);
    const rows = (await this.db.query('SELECT entry FROM model_prices WHERE version = $1', [version])) as Array<{ entry: ModelPrice }>;
    return new PriceBookSnapshot(version, rows.map((row) => row.entry), meta.rules);
  }

  async versions(): Promise<PriceBookVersionView[]> {
    const rows = (await this.db.query(
      `SELECT v.*, (SELECT count(*) FROM model_prices m WHERE m.version = v.version) AS entry_count FROM price_book_versions v ORDER BY version DESC`,
    )) as VersionRow[];
    return rows.map((row) => ({
      version: row.version,
      status: row.status,
      importedAt: row.imported_at.toISOString(),
      activatedAt: row.activated_at?.toISOString() ?? null,
      sources: row.sources,
      entryCount: Number(row.entry_count),
      quarantinedCount: row.quarantined.length,
      conflictCount: row.conflicts.length,
    }));
  }

  /** Imports the two files as a new draft version (refused whole, changing nothing, when either is not a price file). */
  async importVersion(files: { litellm: Buffer; genaiPrices: Buffer }, importedBy: string | null = null, activate = false): Promise<number> {
    const content = buildPriceBook(JSON.parse(files.litellm.toString('utf8')), JSON.parse(files.genaiPrices.toString('utf8')));
    const sources: PriceBookSourceFile[] = (['litellm', 'genaiPrices'] as const).map((key) => ({
      ...SOURCES[key],
      sha256: createHash('sha256').update(files[key]).digest('hex'),
    }));
    return this.db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [IMPORT_LOCK]);
      const [{ next }] = (await tx.query('SELECT coalesce(max(version), 0) + 1 AS next FROM price_book_versions')) as Array<{ next: number }>;
      await tx.query(
        `INSERT INTO price_book_versions (version, status, sources, conflicts, quarantined, rules, imported_by) VALUES ($1, 'draft', $2, $3, $4, $5, $6)`,
        [next, JSON.stringify(sources), JSON.stringify(content.conflicts), JSON.stringify(content.quarantined), JSON.stringify(content.rules), importedBy],
      );
      const chunk = 500;
      for (let i = 0; i < content.entries.length; i += chunk) {
        const part = content.entries.slice(i, i + chunk);
        await tx.query(
          `INSERT INTO model_prices (version, provider, model, effective_from, effective_to, entry)
           SELECT $1, e->>'provider', e->>'model', (e->>'effectiveFrom')::date, (e->>'effectiveTo')::date, e FROM jsonb_array_elements($2::jsonb) e`,
          [next, JSON.stringify(part)],
        );
      }
      if (activate) await this.activateIn(tx, next, importedBy);
      return next;
    });
  }

  async activate(version: number, by: string | null): Promise<void> {
    await this.db.transaction((tx) => this.activateIn(tx, version, by));
  }

  /** Version 1 from the bundled files, when the database has no version at all; safe under concurrent starts. */
  async importBundledIfEmpty(): Promise<number | null> {
    const [{ count }] = (await this.db.query('SELECT count(*)::int AS count FROM price_book_versions')) as Array<{ count: number }>;
    if (count > 0) return null;
    return this.db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [IMPORT_LOCK + 1]);
      const [{ count: now }] = (await tx.query('SELECT count(*)::int AS count FROM price_book_versions')) as Array<{ count: number }>;
      if (now > 0) return null;
      return this.importVersion({ litellm: readFileSync(BUNDLED_PRICE_FILES.litellm), genaiPrices: readFileSync(BUNDLED_PRICE_FILES.genaiPrices) }, null, true);
    });
  }

  private async activateIn(tx: { query: DataSource['query'] }, version: number, by: string | null): Promise<void> {
    await tx.query("UPDATE price_book_versions SET status = 'retired' WHERE status = 'active' AND version <> $1", [version]);
    const [updated] = (await tx.query("UPDATE price_book_versions SET status = 'active', activated_by = $2, activated_at = now() WHERE version = $1 RETURNING version", [
      version,
      by,
    ])) as [unknown[], number];
    if (updated.length === 0) throw new Error(`Price-book version ${version} does not exist`);
  }
}
