import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { CostRowsFilter, ProofEvidenceFilters } from '@apex/contracts';
import { COST_ROWS_FROM, costRowsWhere, SqlParams } from '@apex/costs';
import { addDays, DateWindow } from '@apex/domain';
import { ProofPriceBook } from '../pricing/proof-price-book';
import type { ProofPrices } from '../pricing/proof-prices';
import { boundaryFilters } from '../readings/boundary-readings';
import { sqlRunnerOf } from '../readings/sql-runner';
import type { ProofRow } from '../stores/proof-row';
import { ProofsStore } from '../stores/proofs.store';
import { EVIDENCE_HEADER, evidenceLine, EvidenceRow } from './evidence-csv';

const PAGE = 1000;
const iso = `'YYYY-MM-DD"T"HH24:MI:SS"Z"'`;
const yesterday = () => addDays(new Date().toISOString().slice(0, 10), -1);
const earlier = (a: string, b: string) => (a < b ? a : b);

/**
 * The cost rows a proof used, selected as the proof selected them: the boundary's model spellings (resolved by the
 * price-book version that measured each period) in the baseline and the reporting period. An unfinished proof's
 * reporting period is the days measured so far (up to yesterday).
 */
@Injectable()
export class ProofEvidence {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly prices: ProofPriceBook,
    private readonly proofs: ProofsStore,
  ) {}

  /** The organisation's proof, as the exports read it; null when it has none with this id. */
  find(orgId: string, id: string): Promise<ProofRow | null> {
    return this.proofs.find(orgId, id);
  }

  /** The periods whose rows the proof used; null where it used none (no baseline yet, nothing measured yet). */
  windows(proof: ProofRow): { baseline: DateWindow | null; reporting: DateWindow | null } {
    const baseline = proof.baseline ? { from: proof.baseline.from, to: proof.baseline.to } : null;
    const through = proof.report ? proof.report.reporting.to : earlier(yesterday(), proof.reporting_ends_on);
    const from = proof.report ? proof.report.reporting.from : proof.implemented_on;
    return { baseline, reporting: through >= from ? { from, to: through } : null };
  }

  /** The drill-down filters of each period's rows, one per model spelling (`to` exclusive, as cost rows filters are). */
  async filters(proof: ProofRow): Promise<ProofEvidenceFilters> {
    const boundary = proof.baseline?.boundary;
    if (!proof.baseline || !boundary) return { baseline: [], reporting: [] };
    const windows = this.windows(proof);
    const sql = sqlRunnerOf(this.db);
    const reportingPrices = await this.reportingPrices(proof);
    const baselinePrices = await this.prices.version(proof.baseline.priceBookVersion);
    return {
      baseline: windows.baseline ? await boundaryFilters(sql, proof.org_id, boundary, windows.baseline, baselinePrices.resolve) : [],
      reporting: windows.reporting && reportingPrices ? await boundaryFilters(sql, proof.org_id, boundary, windows.reporting, reportingPrices.resolve) : [],
    };
  }

  /** The evidence CSV, header first, then the baseline's rows and the reporting period's, oldest first, a page at a time. */
  async *csv(proof: ProofRow): AsyncGenerator<string> {
    yield EVIDENCE_HEADER;
    const filters = await this.filters(proof);
    for (const period of ['baseline', 'reporting'] as const) {
      for await (const row of this.rows(proof.org_id, period, filters[period])) yield evidenceLine(row);
    }
  }

  private async *rows(orgId: string, period: EvidenceRow['period'], filters: CostRowsFilter[]): AsyncGenerator<EvidenceRow> {
    if (filters.length === 0) return;
    let after: { at: string; id: string } | null = null;
    for (;;) {
      const params = new SqlParams();
      const where = filters.map((filter) => `(${costRowsWhere(orgId, filter, params)})`).join(' OR ');
      const position: string = after ? `AND (r.charge_period_start, r.id) > (${params.add(after.at)}::timestamptz, ${params.add(after.id)}::bigint)` : '';
      const page = (await this.db.query(
        `SELECT ${params.add(period)}::text AS period, r.id::text AS id, r.charge_period_start AS at,
                to_char(r.charge_period_start AT TIME ZONE 'UTC', ${iso}) AS charge_period_start,
                to_char(r.charge_period_end AT TIME ZONE 'UTC', ${iso}) AS charge_period_end,
                r.charge_category, r.provider_name, r.service_name, r.model, r.resource_id, r.billing_currency::text AS billing_currency,
                r.billed_cost::text AS billed_cost, r.effective_cost::text AS effective_cost,
                r.input_tokens::text AS input_tokens, r.cached_tokens::text AS cached_tokens, r.output_tokens::text AS output_tokens, r.requests::text AS requests,
                CASE WHEN s.kind = 'file' THEN coalesce(s.file_name, 'Uploaded file') || ' line ' || r.source_row
                     ELSE c.name || coalesce(' page ' || r.source_page, '') || ' row ' || r.source_row END AS source
         ${COST_ROWS_FROM}
         JOIN cost_connections c ON c.id = r.connection_id AND c.org_id = r.org_id
         WHERE (${where}) ${position}
         ORDER BY r.charge_period_start, r.id
         LIMIT ${params.add(PAGE)}`,
        params.values,
      )) as Array<EvidenceRow & { at: Date }>;
      for (const row of page) {
        const { at: _at, ...evidence } = row;
        yield evidence;
      }
      if (page.length < PAGE) return;
      const last = page[page.length - 1];
      after = { at: last.at.toISOString(), id: last.id };
    }
  }

  private async reportingPrices(proof: ProofRow): Promise<ProofPrices | null> {
    const versions = proof.report?.adjustments.priceBookVersions ?? [];
    if (versions.length > 0) return this.prices.version(Math.max(...versions));
    return this.prices.active();
  }
}
