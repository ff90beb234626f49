import type { ModelCapability, ModelMode, QuarantinedPrice, UnitPrices } from '@apex/contracts';
import { MODEL_MODES } from '@apex/contracts';
import { Decimal } from '@apex/domain';
import { NO_PRICES, ParsedEntry, PriceFileError } from './parsed-entry';

/*
 * LiteLLM's model_prices_and_context_window.json: one object per key, prices in USD per token (turned into USD per
 * million tokens, exactly, from the JSON literal), `litellm_provider`, `mode`, `max_input_tokens`, `supports_*`.
 * A key "provider/model" names the provider's model; a bare key is the model itself.
 */

const PER_TOKEN_FIELDS: Array<[keyof UnitPrices, string]> = [
  ['inputMtok', 'input_cost_per_token'],
  ['outputMtok', 'output_cost_per_token'],
  ['cachedInputMtok', 'cache_read_input_token_cost'],
  ['cacheWrite5mMtok', 'cache_creation_input_token_cost'],
  ['cacheWrite1hMtok', 'cache_creation_input_token_cost_above_1hr'],
  ['batchInputMtok', 'input_cost_per_token_batches'],
  ['batchOutputMtok', 'output_cost_per_token_batches'],
  ['priorityInputMtok', 'input_cost_per_token_priority'],
  ['priorityOutputMtok', 'output_cost_per_token_priority'],
  ['priorityCachedInputMtok', 'cache_read_input_token_cost_priority'],
  ['flexInputMtok', 'input_cost_per_token_flex'],
  ['flexOutputMtok', 'output_cost_per_token_flex'],
  ['flexCachedInputMtok', 'cache_read_input_token_cost_flex'],
];

const CAPABILITY_FLAGS: Array<[ModelCapability, string]> = [
  ['function_calling', 'supports_function_calling'],
  ['vision', 'supports_vision'],
  ['prompt_caching', 'supports_prompt_caching'],
  ['response_schema', 'supports_response_schema'],
  ['reasoning', 'supports_reasoning'],
  ['audio_input', 'supports_audio_input'],
  ['audio_output', 'supports_audio_output'],
  ['pdf_input', 'supports_pdf_input'],
  ['web_search', 'supports_web_search'],
];

const LONG_CONTEXT = /^input_cost_per_token_above_(\d+)k_tokens$/;
const MILLION = Decimal.of(1_000_000);
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export function parseLiteLlm(file: unknown): { entries: ParsedEntry[]; quarantined: QuarantinedPrice[] } {
  if (!isObject(file)) throw new PriceFileError([{ field: 'litellm', message: 'must be a JSON object of model entries' }]);
  const errors: Array<{ field: string; message: string }> = [];
  const entries: ParsedEntry[] = [];
  const quarantined: QuarantinedPrice[] = [];
  for (const [key, value] of Object.entries(file)) {
    if (key === 'sample_spec') continue;
    if (!isObject(value) || typeof value['litellm_provider'] !== 'string') {
      // The file also carries keys that are not model entries (e.g. `fallback_generalizations`).
      quarantined.push({ source: 'litellm', entry: key, field: 'litellm_provider', reason: 'not a model entry: it names no provider' });
      continue;
    }
    const price = (field: string): string | null => {
      const raw = value[field];
      if (raw === undefined || raw === null) return null;
      if (typeof raw !== 'number' || !Number.isFinite(raw)) {
        errors.push({ field: `litellm.${key}.${field}`, message: `must be a number, not ${JSON.stringify(raw)}` });
        return null;
      }
      if (raw < 0) {
        errors.push({ field: `litellm.${key}.${field}`, message: `must not be negative (${raw})` });
        return null;
      }
      return Decimal.of(raw).times(MILLION).toString();
    };
    const provider = value['litellm_provider'];
    const prices: UnitPrices = { ...NO_PRICES };
    for (const [field, source] of PER_TOKEN_FIELDS) prices[field] = price(source) as never;
    const longKey = Object.keys(value).map((k) => LONG_CONTEXT.exec(k)).find(Boolean);
    if (longKey) {
      const n = longKey[1];
      prices.longContext = {
        thresholdTokens: Number(n) * 1000,
        inputMtok: price(`input_cost_per_token_above_${n}k_tokens`),
        outputMtok: price(`output_cost_per_token_above_${n}k_tokens`),
        cachedInputMtok: price(`cache_read_input_token_cost_above_${n}k_tokens`),
      };
    }
    prices.perRequest = price('input_cost_per_request');
    const capabilities = CAPABILITY_FLAGS.filter(([, flag]) => value[flag] === true).map(([capability]) => capability);
    const endpoints = Array.isArray(value['supported_endpoints']) ? value['supported_endpoints'] : [];
    if (prices.batchInputMtok !== null || endpoints.includes('/v1/batch')) capabilities.push('batch');
    const mode = MODEL_MODES.includes(value['mode'] as ModelMode) ? (value['mode'] as ModelMode) : 'other';
    const deprecation = typeof value['deprecation_date'] === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value['deprecation_date']) ? value['deprecation_date'] : null;
    const context = typeof value['max_input_tokens'] === 'number' ? value['max_input_tokens'] : null;
    entries.push({
      entry: key,
      provider,
      model: key.startsWith(`${provider}/`) ? key.slice(provider.length + 1) : key,
      aliases: [],
      mode,
      contextWindow: context,
      capabilities,
      deprecationDate: deprecation,
      effectiveFrom: null,
      effectiveTo: null,
      prices,
      source: 'litellm',
    });
  }
  if (errors.length) throw new PriceFileError(errors);
  return { entries, quarantined };
}
