import type { CostRowsFilter, ModelResolution, ProofBoundary, RecommendationEvidence } from '@apex/contracts';
import { costRowsWhere, SqlParams } from '@apex/costs';
import { addDays, DailyReading, DateWindow, Decimal, TokenSplit } from '@apex/domain';
import { collectEvidence, combineEvidence } from '@apex/optimizer';
import { dailyReadingsSql, SPELLINGS_SQL } from './boundary-readings.sql';
import type { SqlRunner } from './sql-runner';

/** The boundary's rows in a window: what selects them, a reading a day, and their evidence digest. */
export interface BoundaryRows {
  filters: CostRowsFilter[];
  readings: DailyReading[];
  rowCount: number;
  evidence: RecommendationEvidence;
}

type Resolve = (raw: string, providerName: string | null) => ModelResolution;

const startOf = (day: string) => `${day}T00:00:00Z`;

/** The drill-down filters of the boundary's rows in `window` (both ends included): one per model spelling. */
export async function boundaryFilters(sql: SqlRunner, orgId: string, boundary: ProofBoundary, window: DateWindow, resolve: Resolve): Promise<CostRowsFilter[]> {
  const to = addDays(window.to, 1);
  const spellings = await sql.query<{ provider_name: string; model: string }>(SPELLINGS_SQL, [
    orgId,
    boundary.currency,
    startOf(window.from),
    startOf(to),
    boundary.service,
    boundary.resource,
  ]);
  return spellings
    .filter((spelling) => {
      const resolution = resolve(spelling.model, spelling.provider_name);
      return resolution.resolved && resolution.provider === boundary.provider && boundary.models.includes(resolution.model);
    })
    .sort((a, b) => a.provider_name.localeCompare(b.provider_name) || a.model.localeCompare(b.model))
    .map((spelling) => ({
      from: window.from,
      to,
      scope: 'ai' as const,
      currency: boundary.currency,
      provider: spelling.provider_name,
      model: spelling.model,
      ...(boundary.service !== null ? { service: boundary.service } : {}),
      ...(boundary.resource !== null ? { resource: boundary.resource } : {}),
    }));
}

interface DayRow {
  day: string;
  row_count: string;
  cost: string;
  input_tokens: string;
  cached_tokens: string;
  output_tokens: string;
  requests: string;
}

/** A day's volumes; cached tokens are a part of the input tokens, and count as uncached where the boundary says so. */
function volumesOf(row: DayRow, cachedAsUncached: boolean): TokenSplit {
  const input = Decimal.of(row.input_tokens);
  const cached = Decimal.of(row.cached_tokens);
  return {
    uncachedInput: cachedAsUncached ? input : input.minus(cached).clampToZero(),
    cachedInput: cachedAsUncached ? Decimal.ZERO : cached,
    output: Decimal.of(row.output_tokens),
    requests: Decimal.of(row.requests),
  };
}

/** The boundary's rows in `window`, aggregated a day in SQL, with the evidence digest of exactly those rows. */
export async function boundaryRows(sql: SqlRunner, orgId: string, boundary: ProofBoundary, window: DateWindow, resolve: Resolve): Promise<BoundaryRows> {
  const filters = await boundaryFilters(sql, orgId, boundary, window, resolve);
  if (filters.length === 0) return { filters, readings: [], rowCount: 0, evidence: combineEvidence([], []) };
  const params = new SqlParams();
  const where = filters.map((filter) => `(${costRowsWhere(orgId, filter, params)})`).join(' OR ');
  const days = await sql.query<DayRow>(dailyReadingsSql(where), params.values);
  return {
    filters,
    readings: days.map((day) => ({ date: day.day, cost: Decimal.of(day.cost), volumes: volumesOf(day, boundary.cachedAsUncached) })),
    rowCount: days.reduce((sum, day) => sum + Number(day.row_count), 0),
    evidence: await collectEvidence(sql, orgId, filters),
  };
}
