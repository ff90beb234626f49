import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { CostFileCurrencyTotals, CostSourceRef, IngestionPeriod } from '@apex/contracts';
import { CostIngestionStore } from '@apex/costs';
import { Decimal } from '@apex/domain';
import type { OpenAiExport } from './openai-export';

export const OPENAI_EXPORT_CONNECTION_NAME = 'OpenAI usage export';

/** What an OpenAI usage export loaded: the cost source of its rows and their sums per currency. */
export interface OpenAiExportLoaded {
  sourceId: string;
  connectionId: string;
  fileName: string;
  format: 'openai-usage-export';
  rowCount: number;
  /** The whole UTC days the export covers, [periodStart, periodEnd), ISO 8601. */
  periodStart: string;
  periodEnd: string;
  totals: CostFileCurrencyTotals[];
  /** How many Costs and Usage pages the rows came from. */
  pages: { costs: number; usage: number };
}

/**
 * Stores an uploaded OpenAI usage export the way the OpenAI connection stores what it fetches: an `openai`
 * connection, an `api` cost source over the days covered, each page staged and then promoted in one transaction
 * by the ingestion store. The connection has no admin key, so it is left disconnected: it keeps its rows and never
 * syncs, and a real OpenAI connection made later stands beside it.
 */
@Injectable()
export class OpenAiExportLoader {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly store: CostIngestionStore,
  ) {}

  async load(orgId: string, fileName: string, openAiExport: OpenAiExport): Promise<OpenAiExportLoaded> {
    const [connection] = await this.db.query(
      `INSERT INTO cost_connections (org_id, provider, name, status) VALUES ($1, 'openai', $2, 'active') RETURNING id`,
      [orgId, OPENAI_EXPORT_CONNECTION_NAME],
    );
    const ref: CostSourceRef = { orgId, connectionId: connection.id, sourceId: randomUUID() };
    const period: IngestionPeriod = { month: openAiExport.start.slice(0, 7), start: openAiExport.start, end: openAiExport.end };
    const fail = (what: string) => new Error(`The OpenAI export of ${fileName} could not be stored: ${what}.`);

    if (!(await this.store.beginSource(ref, period))) throw fail('its connection is gone');
    for (const [index, page] of openAiExport.pages.entries()) {
      if (!(await this.store.stagePage(ref, index + 1, null, { rows: page.rows, nextPageToken: null }))) throw fail(`page ${index + 1} was not staged`);
    }
    const replaced = await this.store.replacePeriod(ref, period, openAiExport.pages.length);
    if (replaced.outcome !== 'loaded') throw fail(replaced.outcome);
    await this.store.setStatus({ orgId, connectionId: ref.connectionId, status: 'disconnected', lastError: null, onlyFrom: ['active'] });

    const rows = openAiExport.pages.flatMap((page) => page.rows);
    const currencies = [...new Set(rows.map((row) => row.billingCurrency))].sort();
    return {
      sourceId: ref.sourceId,
      connectionId: ref.connectionId,
      fileName,
      format: 'openai-usage-export',
      rowCount: replaced.rowCount,
      periodStart: `${openAiExport.start}T00:00:00.000Z`,
      periodEnd: `${openAiExport.end}T00:00:00.000Z`,
      totals: currencies.map((currency) => {
        const of = rows.filter((row) => row.billingCurrency === currency);
        return {
          currency,
          rowCount: of.length,
          billedCost: Decimal.sum(of.map((row) => row.billedCost)).toString(),
          effectiveCost: Decimal.sum(of.map((row) => row.effectiveCost)).toString(),
        };
      }),
      pages: { costs: openAiExport.pages.filter((page) => page.kind === 'costs').length, usage: openAiExport.pages.filter((page) => page.kind === 'usage').length },
    };
  }
}
