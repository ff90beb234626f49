import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isJsonObject, JsonValue, parseJsonKeepingNumbers } from '../shared/lossless-json';
import { mapOpenAiCosts, mapOpenAiUsage, modelOfLineItem } from './openai-usage.mapper';

function openAiSample(name: string): JsonValue {
  const sample = parseJsonKeepingNumbers(readFileSync(join(__dirname, '../../../fixtures/openai', name), 'utf8'));
  return isJsonObject(sample) ? sample['response'] : null;
}

describe('OpenAI costs and usage as canonical rows', () => {
  it('maps the costs sample: the exact amount of the day, AI spend by OpenAI', () => {
    expect(mapOpenAiCosts(openAiSample('organization_costs.example.json'))).toEqual([
      expect.objectContaining({
        sourceRow: 1,
        chargePeriodStart: '2024-11-01T00:00:00.000Z',
        chargePeriodEnd: '2024-11-02T00:00:00.000Z',
        billedCost: '0.06',
        effectiveCost: '0.06',
        billingCurrency: 'USD',
        providerName: 'OpenAI',
        serviceCategory: 'AI and Machine Learning',
        chargeDescription: null,
        model: null,
        inputTokens: null,
        isAi: true,
      }),
    ]);
  });

  it('maps the completions usage sample to a row with its token and request counts and no cost', () => {
    expect(mapOpenAiUsage(openAiSample('organization_usage_completions.example.json'), 'completions')).toEqual([
      expect.objectContaining({
        chargePeriodStart: '2024-11-01T00:00:00.000Z',
        billedCost: '0',
        effectiveCost: '0',
        inputTokens: '1000',
        outputTokens: '500',
        cachedTokens: '400',
        requests: '5',
        isAi: true,
      }),
    ]);
  });

  it('maps the embeddings usage sample', () => {
    expect(mapOpenAiUsage(openAiSample('organization_usage_embeddings.example.json'), 'embeddings')).toEqual([
      expect.objectContaining({ inputTokens: '16', outputTokens: null, cachedTokens: null, requests: '2', billedCost: '0' }),
    ]);
  });

  it('reads the model from line items that name one, and only from those', () => {
    expect(modelOfLineItem('gpt-4o-2024-08-06, input')).toBe('gpt-4o-2024-08-06');
    expect(modelOfLineItem('gpt-4o-mini-2024-07-18, cached input')).toBe('gpt-4o-mini-2024-07-18');
    expect(modelOfLineItem('ft:gpt-4o-mini-2024-07-18:acme::9abc, output')).toBe('ft:gpt-4o-mini-2024-07-18:acme::9abc');
    expect(modelOfLineItem('text-embedding-3-small')).toBe('text-embedding-3-small');
    expect(modelOfLineItem('web search tool calls')).toBeNull();
    expect(modelOfLineItem('vector store storage')).toBeNull();
    expect(modelOfLineItem(null)).toBeNull();
  });

  it('rejects a usage count that is not a whole number', () => {
    const page = parseJsonKeepingNumbers('{"data":[{"start_time":1730419200,"end_time":1730505600,"results":[{"input_tokens":1.5,"num_model_requests":1}]}]}');
    expect(() => mapOpenAiUsage(page, 'embeddings')).toThrow(/input_tokens 1.5/);
  });
});
