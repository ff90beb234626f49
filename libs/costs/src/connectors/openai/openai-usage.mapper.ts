import type { CanonicalCostRow } from '@apex/contracts';
import { PermanentConnectorError } from '../connector-errors';
import { canonicalRow } from '../shared/canonical-row';
import { isWholeCount, toDecimalString } from '../shared/decimal';
import { isJsonObject, JsonValue } from '../shared/lossless-json';

type JsonObject = { [key: string]: JsonValue };

export type OpenAiUsageKind = 'completions' | 'embeddings';

const SERVICE_NAME = 'OpenAI API';
const AI_CATEGORY = 'AI and Machine Learning';
const MODEL_ID = /^(ft:)?[a-z][a-z0-9]*(-[a-z0-9.]+)+(:[\w.:-]+)?$/i;

/**
 * The model a cost line item names, when it names one: "gpt-4o-2024-08-06, input" → "gpt-4o-2024-08-06", and a
 * bare model id such as "text-embedding-3-small". Line items for tools and storage ("web search tool calls",
 * "vector store storage") name no model and give null.
 */
export function modelOfLineItem(lineItem: string | null): string | null {
  if (!lineItem) return null;
  const head = lineItem.split(',')[0].trim();
  return MODEL_ID.test(head) ? head : null;
}

/**
 * A page of GET /v1/organization/costs (bucket_width=1d, grouped by line_item and project_id) as canonical rows:
 * one per bucket result, with the exact amount, the line item as ChargeDescription, the model it names, the
 * project as SubAccountId and the line item's quantity as ConsumedQuantity. These rows carry the money and no
 * token counts.
 */
export function mapOpenAiCosts(page: JsonValue): CanonicalCostRow[] {
  return results(page).map(({ bucket, result }, index) => {
    const amount = isJsonObject(result['amount']) ? result['amount'] : null;
    const value = amount ? text(amount['value']) : null;
    const currency = amount ? text(amount['currency']) : null;
    if (value === null || currency === null) throw malformed(`cost result ${index + 1} without amount.value and amount.currency`);
    const lineItem = text(result['line_item']);
    const quantity = text(result['quantity']);
    const cost = toDecimalString(value);
    return canonicalRow({
      sourceRow: index + 1,
      ...period(bucket, index),
      chargeCategory: 'Usage',
      chargeFrequency: 'Usage-Based',
      chargeDescription: lineItem,
      billedCost: cost,
      effectiveCost: cost,
      billingCurrency: currency.toUpperCase(),
      ...vendor(),
      subAccountId: text(result['project_id']),
      resourceId: text(result['api_key_id']),
      consumedQuantity: quantity === null ? null : toDecimalString(quantity),
      consumedUnit: text(result['quantity_unit']),
      model: modelOfLineItem(lineItem),
      isAi: true,
    });
  });
}

/**
 * A page of GET /v1/organization/usage/{completions,embeddings} (grouped by model and project_id) as canonical
 * rows that carry the token and request counts OpenAI reports, with a cost of 0: the money of the same model and
 * day is in the cost rows, so summing cost and summing tokens per model and day never counts anything twice and
 * nothing is estimated. Input tokens include the cached ones, as OpenAI counts them.
 */
export function mapOpenAiUsage(page: JsonValue, kind: OpenAiUsageKind): CanonicalCostRow[] {
  return results(page).map(({ bucket, result }, index) => {
    const count = (field: string): string | null => {
      const value = text(result[field]);
      if (value === null) return null;
      if (!isWholeCount(value)) throw malformed(`${kind} usage result ${index + 1} with ${field} ${value}`);
      return toDecimalString(value);
    };
    return canonicalRow({
      sourceRow: index + 1,
      ...period(bucket, index),
      chargeCategory: 'Usage',
      chargeFrequency: 'Usage-Based',
      chargeDescription: `${kind === 'completions' ? 'Completions' : 'Embeddings'} usage (tokens and requests; the cost is in the line items)`,
      billedCost: '0',
      effectiveCost: '0',
      billingCurrency: 'USD',
      ...vendor(),
      subAccountId: text(result['project_id']),
      resourceId: text(result['api_key_id']),
      model: text(result['model']),
      inputTokens: count('input_tokens'),
      outputTokens: kind === 'completions' ? count('output_tokens') : null,
      cachedTokens: kind === 'completions' ? count('input_cached_tokens') : null,
      requests: count('num_model_requests'),
      isAi: true,
    });
  });
}

function vendor() {
  return { providerName: 'OpenAI', publisherName: 'OpenAI', invoiceIssuerName: 'OpenAI', serviceName: SERVICE_NAME, serviceCategory: AI_CATEGORY };
}

function results(page: JsonValue): { bucket: JsonObject; result: JsonObject }[] {
  if (!isJsonObject(page) || !Array.isArray(page['data'])) throw malformed('a page without data');
  return page['data'].flatMap((bucket) => {
    if (!isJsonObject(bucket) || !Array.isArray(bucket['results'])) throw malformed('a bucket without results');
    return bucket['results'].map((result) => {
      if (!isJsonObject(result)) throw malformed('a result that is not an object');
      return { bucket, result };
    });
  });
}

function period(bucket: JsonObject, index: number): { chargePeriodStart: string; chargePeriodEnd: string } {
  const start = text(bucket['start_time']);
  const end = text(bucket['end_time']);
  if (start === null || end === null || !/^\d+$/.test(start) || !/^\d+$/.test(end)) throw malformed(`result ${index + 1} in a bucket without start_time and end_time`);
  return { chargePeriodStart: new Date(Number(start) * 1000).toISOString(), chargePeriodEnd: new Date(Number(end) * 1000).toISOString() };
}

function text(value: JsonValue | undefined): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function malformed(what: string): PermanentConnectorError {
  return new PermanentConnectorError('openai', 'response', `OpenAI answered with ${what}.`);
}
