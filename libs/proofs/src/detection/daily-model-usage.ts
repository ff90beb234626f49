import type { ModelResolution, ProofBoundary } from '@apex/contracts';
import { addDays, DateWindow, Decimal } from '@apex/domain';
import type { SqlRunner } from '../readings/sql-runner';
import { DAILY_MODEL_USAGE_SQL } from './detection.sql';

/** A day of one canonical model inside a boundary: its tokens, cached input tokens, requests and their batch part. */
export interface ModelDay {
  day: string;
  model: string;
  /** Input plus output tokens (cached tokens are a part of the input tokens). */
  tokens: Decimal;
  inputTokens: Decimal;
  cachedTokens: Decimal;
  requests: Decimal;
  batchTokens: Decimal;
  batchRequests: Decimal;
}

interface Row {
  day: string;
  provider_name: string;
  model: string;
  input_tokens: string;
  cached_tokens: string;
  output_tokens: string;
  requests: string;
  batch_tokens: string;
  batch_requests: string;
}

type Resolve = (raw: string, providerName: string | null) => ModelResolution;

/**
 * The boundary's rows in `window` (both ends included), a day per canonical model: the spellings the price book
 * resolves to one of the boundary's models are added together.
 */
export async function dailyModelUsage(sql: SqlRunner, orgId: string, boundary: ProofBoundary, window: DateWindow, resolve: Resolve): Promise<ModelDay[]> {
  const rows = await sql.query<Row>(DAILY_MODEL_USAGE_SQL, [
    orgId,
    boundary.currency,
    `${window.from}T00:00:00Z`,
    `${addDays(window.to, 1)}T00:00:00Z`,
    boundary.service,
    boundary.resource,
  ]);
  const byKey = new Map<string, ModelDay>();
  for (const row of rows) {
    const resolution = resolve(row.model, row.provider_name);
    if (!resolution.resolved || resolution.provider !== boundary.provider || !boundary.models.includes(resolution.model)) continue;
    const key = `${row.day} ${resolution.model}`;
    const input = Decimal.of(row.input_tokens);
    const day: ModelDay = {
      day: row.day,
      model: resolution.model,
      tokens: input.plus(row.output_tokens),
      inputTokens: input,
      cachedTokens: Decimal.of(row.cached_tokens),
      requests: Decimal.of(row.requests),
      batchTokens: Decimal.of(row.batch_tokens),
      batchRequests: Decimal.of(row.batch_requests),
    };
    const seen = byKey.get(key);
    byKey.set(
      key,
      seen
        ? {
            ...seen,
            tokens: seen.tokens.plus(day.tokens),
            inputTokens: seen.inputTokens.plus(day.inputTokens),
            cachedTokens: seen.cachedTokens.plus(day.cachedTokens),
            requests: seen.requests.plus(day.requests),
            batchTokens: seen.batchTokens.plus(day.batchTokens),
            batchRequests: seen.batchRequests.plus(day.batchRequests),
          }
        : day,
    );
  }
  return [...byKey.values()].sort((a, b) => a.day.localeCompare(b.day) || a.model.localeCompare(b.model));
}

/** The days' figures added up per day, through `pick` and only for the models `which` keeps. */
export function perDay(days: readonly ModelDay[], pick: (day: ModelDay) => Decimal, which: (model: string) => boolean = () => true): Map<string, Decimal> {
  const totals = new Map<string, Decimal>();
  for (const day of days) {
    const total = totals.get(day.day) ?? Decimal.ZERO;
    totals.set(day.day, which(day.model) ? total.plus(pick(day)) : total);
  }
  return totals;
}
