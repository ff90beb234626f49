import type { QuarantinedPrice, UnitPrices } from '@apex/contracts';
import { Decimal } from '@apex/domain';
import { NO_PRICES, ParsedEntry, PriceFileError } from './parsed-entry';

/*
 * pydantic genai-prices' data.json: providers with models, prices in USD per million tokens, either one set or a
 * list whose later items apply from a `start_date` (dated price changes → history). A price may be tiered
 * ({base, tiers: [{start, price}]}): the first tier above the base is the long-context price. Time-of-day
 * constraints cannot be represented and are quarantined. `equals` match rules become aliases.
 */

/** genai-prices provider ids → the price book's (LiteLLM's) provider ids. */
const PROVIDERS: Record<string, string> = { aws: 'bedrock', google: 'gemini', 'x-ai': 'xai', mistral: 'mistral' };

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function equalsOf(match: unknown): string[] {
  if (!isObject(match)) return [];
  if (typeof match['equals'] === 'string') return [match['equals']];
  if (Array.isArray(match['or'])) return match['or'].flatMap(equalsOf);
  return [];
}

export interface GenAiParse {
  entries: ParsedEntry[];
  quarantined: QuarantinedPrice[];
}

export function parseGenAiPrices(file: unknown): GenAiParse {
  if (!Array.isArray(file)) throw new PriceFileError([{ field: 'genaiPrices', message: 'must be a JSON array of providers' }]);
  const errors: Array<{ field: string; message: string }> = [];
  const entries: ParsedEntry[] = [];
  const quarantined: QuarantinedPrice[] = [];
  for (const [index, provider] of file.entries()) {
    if (!isObject(provider) || typeof provider['id'] !== 'string' || !Array.isArray(provider['models'])) {
      errors.push({ field: `genaiPrices[${index}]`, message: 'must be a provider with an id and models' });
      continue;
    }
    const providerId = PROVIDERS[provider['id']] ?? provider['id'];
    const seen = new Set<string>();
    for (const model of provider['models'] as unknown[]) {
      if (!isObject(model) || typeof model['id'] !== 'string') {
        errors.push({ field: `genaiPrices.${provider['id']}`, message: 'has a model without an id' });
        continue;
      }
      const key = `${provider['id']}.${model['id']}`;
      if (seen.has(model['id'])) {
        errors.push({ field: `genaiPrices.${key}`, message: 'is listed twice' });
        continue;
      }
      seen.add(model['id']);
      const periods = Array.isArray(model['prices']) ? (model['prices'] as unknown[]) : [{ prices: model['prices'] }];
      const dated: Array<{ from: string | null; prices: UnitPrices }> = [];
      for (const period of periods) {
        if (!isObject(period) || !isObject(period['prices'])) {
          errors.push({ field: `genaiPrices.${key}.prices`, message: 'must be an object or a list of {constraint, prices}' });
          continue;
        }
        const constraint = isObject(period['constraint']) ? period['constraint'] : {};
        if ('start_time' in constraint || 'end_time' in constraint) {
          quarantined.push({ source: 'genai-prices', entry: key, field: 'prices.constraint', reason: 'a time-of-day price cannot be applied to daily cost rows; the base price is kept' });
          continue;
        }
        const from = typeof constraint['start_date'] === 'string' ? constraint['start_date'] : null;
        const prices = unitPrices(period['prices'], `genaiPrices.${key}.prices`, errors);
        if (prices) dated.push({ from, prices });
      }
      dated.sort((a, b) => (a.from ?? '').localeCompare(b.from ?? ''));
      dated.forEach((period, i) => {
        entries.push({
          entry: key,
          provider: providerId,
          model: model['id'] as string,
          aliases: equalsOf(model['match']).filter((alias) => alias !== model['id']),
          mode: 'chat',
          contextWindow: typeof model['context_window'] === 'number' ? model['context_window'] : null,
          capabilities: [],
          deprecationDate: null,
          effectiveFrom: period.from,
          effectiveTo: dated[i + 1]?.from ?? null,
          prices: period.prices,
          source: 'genai-prices',
        });
      });
    }
  }
  if (errors.length) throw new PriceFileError(errors);
  return { entries, quarantined };
}

function unitPrices(raw: Record<string, unknown>, field: string, errors: Array<{ field: string; message: string }>): UnitPrices | null {
  const prices: UnitPrices = { ...NO_PRICES };
  let longContext: { threshold: number; values: Partial<Record<'input' | 'output' | 'cached', string>> } | null = null;
  const read = (name: string, tier: 'input' | 'output' | 'cached' | null): string | null => {
    const value = raw[name];
    if (value === undefined || value === null) return null;
    if (typeof value === 'number') {
      if (!Number.isFinite(value) || value < 0) {
        errors.push({ field: `${field}.${name}`, message: `must be a price from 0, not ${value}` });
        return null;
      }
      return Decimal.of(value).toString();
    }
    if (isObject(value) && typeof value['base'] === 'number' && Array.isArray(value['tiers'])) {
      const first = value['tiers'][0] as Record<string, unknown> | undefined;
      if (tier && first && typeof first['start'] === 'number' && typeof first['price'] === 'number') {
        longContext ??= { threshold: first['start'], values: {} };
        longContext.values[tier] = Decimal.of(first['price']).toString();
      }
      return Decimal.of(value['base']).toString();
    }
    errors.push({ field: `${field}.${name}`, message: `must be a number or {base, tiers}, not ${JSON.stringify(value)}` });
    return null;
  };
  prices.inputMtok = read('input_mtok', 'input');
  prices.outputMtok = read('output_mtok', 'output');
  prices.cachedInputMtok = read('cache_read_mtok', 'cached');
  prices.cacheWrite5mMtok = read('cache_write_mtok', null);
  const perThousand = read('requests_kcount', null);
  prices.perRequest = perThousand === null ? null : Decimal.of(perThousand).dividedBy(1000, 12).toString();
  const lc = longContext as { threshold: number; values: Partial<Record<'input' | 'output' | 'cached', string>> } | null;
  if (lc) prices.longContext = { thresholdTokens: lc.threshold, inputMtok: lc.values.input ?? null, outputMtok: lc.values.output ?? null, cachedInputMtok: lc.values.cached ?? null };
  return prices;
}
