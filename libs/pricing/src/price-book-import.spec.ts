import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Decimal } from '@apex/domain';
import { buildPriceBook, PriceBookContent } from './price-book-import';
import { PriceBookSnapshot } from './price-book-snapshot';
import { PriceFileError } from './sources/parsed-entry';

const data = join(__dirname, '../data');
const litellm = JSON.parse(readFileSync(join(data, 'litellm_model_prices_and_context_window.json'), 'utf8'));
const genai = JSON.parse(readFileSync(join(data, 'genai-prices.json'), 'utf8'));

describe('a price book from the two public files', () => {
  let book: PriceBookContent;
  let snapshot: PriceBookSnapshot;
  beforeAll(() => {
    book = buildPriceBook(litellm, genai);
    snapshot = new PriceBookSnapshot(1, book.entries, book.rules);
  });

  it('prices per million tokens exactly as LiteLLM publishes them per token', () => {
    // LiteLLM: gpt-4o 2.5e-06 input, 1e-05 output, 1.25e-06 cached, 1.25e-06 / 5e-06 batch; × 1,000,000.
    const gpt4o = snapshot.priceAt('openai', 'gpt-4o', '2026-01-01')!;
    expect(gpt4o.prices).toMatchObject({ inputMtok: '2.5', outputMtok: '10', cachedInputMtok: '1.25', batchInputMtok: '1.25', batchOutputMtok: '5', priorityInputMtok: '4.25' });
    expect(gpt4o.contextWindow).toBe(128000);
    expect(gpt4o.capabilities).toEqual(expect.arrayContaining(['function_calling', 'vision', 'prompt_caching', 'batch']));
    expect(snapshot.priceAt('openai', 'gpt-4o-mini', '2026-01-01')!.prices).toMatchObject({ inputMtok: '0.15', outputMtok: '0.6', cachedInputMtok: '0.075' });
    expect(Decimal.of(2.5e-6).times(1_000_000).toString()).toBe(gpt4o.prices.inputMtok);
  });

  it('quarantines the 1-hour cache write LiteLLM prices at 24 × input for claude-3-haiku-20240307', () => {
    expect(book.quarantined).toContainEqual(
      expect.objectContaining({ source: 'litellm', entry: 'claude-3-haiku-20240307', field: 'cacheWrite1hMtok', reason: expect.stringContaining('24 × the input price') }),
    );
    const haiku = snapshot.priceAt('anthropic', 'claude-3-haiku-20240307', '2026-01-01')!;
    expect(haiku.prices.cacheWrite1hMtok).toBeNull();
    expect(haiku.prices.cacheWrite5mMtok).toBe('0.3'); // 1.2 × 0.25, within the 1.25 × rule's tolerance
  });

  it('quarantines prices that are unit mistakes rather than refusing the file', () => {
    expect(book.quarantined).toContainEqual(expect.objectContaining({ entry: 'wandb/deepseek-ai/DeepSeek-R1-0528', field: 'inputMtok' }));
    expect(snapshot.resolve('deepseek-ai/DeepSeek-R1-0528', null).resolved).toBe(false);
  });

  it("keeps genai-prices' dated price change of o3 as history, priced by charge day", () => {
    // genai-prices: o3 10 / 40 until 2025-06-10, then 2 / 8.
    expect(snapshot.priceAt('openai', 'o3', '2025-06-09')!.prices).toMatchObject({ inputMtok: '10', outputMtok: '40' });
    expect(snapshot.priceAt('openai', 'o3', '2025-06-10')!.prices).toMatchObject({ inputMtok: '2', outputMtok: '8' });
    expect(snapshot.priceAt('openai', 'o3', '2025-06-10')!.source).toBe('litellm+genai-prices');
  });

  it('records which source won each disagreement and why', () => {
    expect(book.conflicts.length).toBeGreaterThan(0);
    for (const conflict of book.conflicts) {
      expect(Object.keys(conflict.values)).toEqual(['litellm', 'genai-prices']);
      expect(conflict.reason.length).toBeGreaterThan(20);
    }
  });

  it.each([
    ['gpt-4o-2024-08-06', 'OpenAI', 'openai', 'gpt-4o-2024-08-06', 'exact'],
    ['gpt-4o-2099-01-01', 'OpenAI', 'openai', 'gpt-4o', 'dated-snapshot'],
    ['openai/gpt-4o-mini', null, 'openai', 'gpt-4o-mini', 'provider-prefix'],
    ['azure/gpt-4o', 'Microsoft', 'azure', 'gpt-4o', 'provider-prefix'],
    ['arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0', 'AWS', 'bedrock', 'anthropic.claude-3-haiku-20240307-v1:0', 'bedrock-arn'],
  ])('resolves %s (%s) to %s/%s by rule %s', (raw, providerName, provider, model, rule) => {
    expect(snapshot.resolve(raw, providerName)).toEqual({ resolved: true, provider, model, rule });
  });

  it('leaves a model it cannot name unpriced, with the reason', () => {
    expect(snapshot.resolve('my-own-finetune', 'OpenAI')).toEqual({ resolved: false, reason: expect.stringContaining('my-own-finetune') });
  });

  it('refuses a file of the wrong shape or with a negative price, naming entry and field', () => {
    expect(() => buildPriceBook([], genai)).toThrow(PriceFileError);
    const negative = { ...litellm, 'gpt-4o': { ...litellm['gpt-4o'], input_cost_per_token: -1 } };
    try {
      buildPriceBook(negative, genai);
      throw new Error('accepted');
    } catch (error) {
      expect((error as PriceFileError).errors).toEqual([{ field: 'litellm.gpt-4o.input_cost_per_token', message: 'must not be negative (-1)' }]);
    }
    const twice = [...genai, genai.find((p: { id: string }) => p.id === 'openai')];
    expect(() => buildPriceBook(litellm, twice.map((p: object, i: number) => (i === twice.length - 1 ? p : p)))).not.toThrow();
    const duplicate = genai.map((p: { id: string; models: unknown[] }) => (p.id === 'openai' ? { ...p, models: [...p.models, p.models[0]] } : p));
    expect(() => buildPriceBook(litellm, duplicate)).toThrow(/is listed twice/);
  });
});
