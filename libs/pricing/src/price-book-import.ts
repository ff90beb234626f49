import type { ModelPrice, PriceBookConflict, PriceRule, QuarantinedPrice, UnitPrices } from '@apex/contracts';
import { Decimal } from '@apex/domain';
import { PRICE_RULES } from './rules';
import { parseGenAiPrices } from './sources/genai-prices';
import { parseLiteLlm } from './sources/litellm';
import type { ParsedEntry } from './sources/parsed-entry';

/** What one import of the two files makes of them: the entries of a new version and what it decided. */
export interface PriceBookContent {
  entries: ModelPrice[];
  quarantined: QuarantinedPrice[];
  conflicts: PriceBookConflict[];
  rules: PriceRule[];
}

/** Above this a token price (USD per million tokens) is taken for a unit mistake in the source, not a price. */
export const ABSURD_MTOK = Decimal.of(1000);
/** How far a cache-write price may stray from its provider's multiplier before it is taken for a mistake. */
const WRITE_TOLERANCE = Decimal.of('0.1');
type TokenPriceField = Exclude<keyof UnitPrices, 'longContext'>;
const RECONCILED: TokenPriceField[] = ['inputMtok', 'outputMtok', 'cachedInputMtok'];
const TOKEN_FIELDS: TokenPriceField[] = [
  'inputMtok', 'outputMtok', 'cachedInputMtok', 'cacheWrite5mMtok', 'cacheWrite1hMtok', 'batchInputMtok', 'batchOutputMtok',
  'priorityInputMtok', 'priorityOutputMtok', 'priorityCachedInputMtok', 'flexInputMtok', 'flexOutputMtok', 'flexCachedInputMtok',
];

const keyOf = (e: { provider: string; model: string }) => `${e.provider}\u0000${e.model}`;
const strip = ({ entry: _entry, ...price }: ParsedEntry): ModelPrice => price;

/**
 * Reconciles the two files. LiteLLM is the base: it prices more units of a model (batch, priority, flex, long
 * context, cache writes) and one source for all of a model's units keeps them consistent. Where genai-prices records
 * dated price changes for the same model, its history wins for the prices it dates (it says when each applied).
 * Every disagreement is recorded with its winner and why.
 */
export function buildPriceBook(litellmFile: unknown, genaiFile: unknown): PriceBookContent {
  const litellm = parseLiteLlm(litellmFile);
  const genai = parseGenAiPrices(genaiFile);
  const quarantined: QuarantinedPrice[] = [...litellm.quarantined, ...genai.quarantined];
  const conflicts: PriceBookConflict[] = [];

  const base = new Map<string, ParsedEntry>();
  for (const entry of litellm.entries) {
    const problem = impossible(entry);
    if (problem) {
      quarantined.push({ source: 'litellm', entry: entry.entry, field: problem.field, reason: problem.reason });
      continue;
    }
    const clean = withSaneCacheWrites(entry, quarantined);
    const existing = base.get(keyOf(clean));
    if (existing) {
      if (JSON.stringify(existing.prices) !== JSON.stringify(clean.prices)) {
        quarantined.push({ source: 'litellm', entry: clean.entry, field: 'prices', reason: `prices differ from ${existing.entry}, which names the same model; ${existing.entry} is kept` });
      }
      continue;
    }
    base.set(keyOf(clean), clean);
  }

  const genaiByModel = new Map<string, ParsedEntry[]>();
  for (const entry of genai.entries) genaiByModel.set(keyOf(entry), [...(genaiByModel.get(keyOf(entry)) ?? []), entry]);

  const entries: ModelPrice[] = [];
  for (const [key, periods] of genaiByModel) {
    const problem = periods.map(impossible).find(Boolean);
    if (problem) {
      quarantined.push({ source: 'genai-prices', entry: periods[0].entry, field: problem.field, reason: problem.reason });
      continue;
    }
    const litellmEntry = base.get(key);
    if (!litellmEntry) {
      entries.push(...periods.map((p) => ({ ...strip(p), mode: 'other' as const })));
      continue;
    }
    litellmEntry.aliases = [...new Set([...litellmEntry.aliases, ...periods[0].aliases])];
    const current = periods.at(-1)!;
    for (const field of RECONCILED) {
      const a = litellmEntry.prices[field];
      const b = current.prices[field];
      if (a === null || b === null || Decimal.of(a).eq(b)) continue;
      const dated = periods.length > 1;
      conflicts.push({
        provider: litellmEntry.provider,
        model: litellmEntry.model,
        field,
        values: { litellm: a, 'genai-prices': b },
        winner: dated ? 'genai-prices' : 'litellm',
        reason: dated
          ? 'genai-prices records when this model’s price changed, so its dated prices apply to each charge day'
          : 'LiteLLM prices more units of this model (batch, priority, flex, long context), and one source for all its units keeps them consistent',
      });
    }
    if (periods.length > 1) {
      base.delete(key);
      for (const period of periods) {
        const prices = { ...litellmEntry.prices };
        for (const field of RECONCILED) prices[field] = period.prices[field] ?? prices[field];
        entries.push({ ...strip(litellmEntry), effectiveFrom: period.effectiveFrom, effectiveTo: period.effectiveTo, prices, source: 'litellm+genai-prices' });
      }
    }
  }
  entries.push(...[...base.values()].map(strip));
  entries.sort((a, b) => a.provider.localeCompare(b.provider) || a.model.localeCompare(b.model) || (a.effectiveFrom ?? '').localeCompare(b.effectiveFrom ?? ''));
  return { entries, quarantined, conflicts, rules: PRICE_RULES };
}

/** Why an entry cannot be right, or null. */
function impossible(entry: ParsedEntry): { field: string; reason: string } | null {
  for (const field of TOKEN_FIELDS) {
    const value = entry.prices[field];
    if (value !== null && Decimal.of(value).gt(ABSURD_MTOK)) {
      return { field, reason: `${value} USD per million tokens is above ${ABSURD_MTOK}, more likely a unit mistake in the source than a price` };
    }
  }
  const { inputMtok, cachedInputMtok } = entry.prices;
  if (inputMtok !== null && cachedInputMtok !== null && Decimal.of(cachedInputMtok).gt(inputMtok)) {
    return { field: 'cachedInputMtok', reason: `a cached input price (${cachedInputMtok}) above the input price (${inputMtok}) is impossible` };
  }
  return null;
}

/** Anthropic's cache writes cost 1.25 × (5 minutes) and 2 × (1 hour) the input price; a price far from that is dropped. */
function withSaneCacheWrites(entry: ParsedEntry, quarantined: QuarantinedPrice[]): ParsedEntry {
  const anthropic = entry.provider === 'anthropic' || (entry.provider === 'bedrock' && entry.model.includes('anthropic'));
  const input = entry.prices.inputMtok;
  if (!anthropic || input === null || !Decimal.of(input).isPositive()) return entry;
  const prices = { ...entry.prices };
  for (const [field, rule] of [['cacheWrite5mMtok', 'anthropic-cache-write-5m'], ['cacheWrite1hMtok', 'anthropic-cache-write-1h']] as const) {
    const value = prices[field];
    const multiplier = PRICE_RULES.find((r) => r.id === rule)!.value;
    if (value === null) continue;
    const ratio = Decimal.of(value).dividedBy(input, 6);
    if (ratio.minus(multiplier).abs().gt(Decimal.of(multiplier).times(WRITE_TOLERANCE))) {
      quarantined.push({ source: entry.source, entry: entry.entry, field, reason: `a cache write at ${ratio} × the input price is far from the provider’s ${multiplier} × (${rule}); the field is left out` });
      prices[field] = null;
    }
  }
  return { ...entry, prices };
}
