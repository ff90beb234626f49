import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ModelPrice, PriceBookConflict, PriceBookDiff, PriceBookSourceFile, PriceBookVersionDetail, PriceBookVersionView, PriceRule, QuarantinedPrice } from '@apex/contracts';
import { diffPriceBooks } from './price-book-diff';
import { buildPriceBook } from './price-book-import';
import { PriceBookSnapshot } from './price-book-snapshot';
import { PriceFileError } from './sources/parsed-entry';

/** Where the bundled files are: beside the source, beside a built app's bundle, or under the working directory. */
const DATA_DIR = [process.env['PRICE_BOOK_DATA_DIR'], join(__dirname, '../data'), join(__dirname, 'price-book-data'), join(process.cwd(), 'libs/pricing/data')].find(
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
  conflicts: PriceBookConflict[];
  quarantined: QuarantinedPrice[];
  rules: PriceRule[];
  imported_at: Date;
  activated_at: Date | null;
  entry_count: string;
}

function toVersionView(row: VersionRow): PriceBookVersionView {
  return {
    version: row.version,
    status: row.status,
    importedAt: row.imported_at.toISOString(),
    activatedAt: row.activated_at?.toISOString() ?? null,
    sources: row.sources,
    entryCount: Number(row.entry_count),
    quarantinedCount: row.quarantined.length,
    conflictCount: row.conflicts.length,
  };
}

/** A price file's bytes as JSON, or a refusal naming the file. */
function parsed(bytes: Buffer, field: 'litellm' | 'genaiPrices'): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw new PriceFileError([{ field, message: `is not JSON (${error instanceof Error ? error.message : String(error)})` }]);
  }
}

/** A version that does not exist. */
export class UnknownPriceBookVersionError extends Error {
  constructor(readonly version: number) {
    super(`Price-book version ${version} does not exist`);
  }
}

const VERSION_ROWS = `SELECT v.*, (SELECT count(*) FROM model_prices m WHERE m.version = v.version) AS entry_count FROM price_book_versions v`;

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
    if (!meta) throw new UnknownPriceBookVersionError(version);
    const rows = (await this.db.query('SELECT entry FROM model_prices WHERE version = $1', [version])) as Array<{ entry: ModelPrice }>;
    return new PriceBookSnapshot(version, rows.map((row) => row.entry), meta.rules);
  }

  async versions(): Promise<PriceBookVersionView[]> {
    const rows = (await this.db.query(`${VERSION_ROWS} ORDER BY version DESC`)) as VersionRow[];
    return rows.map(toVersionView);
  }

  /** A version with what its import decided: quarantined entries, conflicts between the files, and its rules. */
  async detail(version: number): Promise<PriceBookVersionDetail> {
    const [row] = (await this.db.query(`${VERSION_ROWS} WHERE v.version = $1`, [version])) as VersionRow[];
    if (!row) throw new UnknownPriceBookVersionError(version);
    return { ...toVersionView(row), quarantined: row.quarantined, conflicts: row.conflicts, rules: row.rules };
  }

  /** What activating `version` would change against the active version. */
  async diff(version: number): Promise<PriceBookDiff> {
    const active = await this.activeVersion();
    const [after, before] = await Promise.all([this.entriesOf(version), active === null ? Promise.resolve([]) : this.entriesOf(active)]);
    return diffPriceBooks(active, before, version, after);
  }

  private async entriesOf(version: number): Promise<ModelPrice[]> {
    return (await this.load(version)).entries();
  }

  /** Imports the two files as a new draft version (refused whole, changing nothing, when either is not a price file). */
  async importVersion(files: { litellm: Buffer; genaiPrices: Buffer }, importedBy: string | null = null, activate = false): Promise<number> {
    const content = buildPriceBook(parsed(files.litellm, 'litellm'), parsed(files.genaiPrices, 'genaiPrices'));
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
    if (updated.length === 0) throw new UnknownPriceBookVersionError(version);
  }
}
