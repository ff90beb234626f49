import type { ModelPrice } from '@apex/contracts';
import { diffPriceBooks } from './price-book-diff';
import { NO_PRICES } from './sources/parsed-entry';

const entry = (model: string, prices: Partial<ModelPrice['prices']>, extra: Partial<ModelPrice> = {}): ModelPrice => ({
  provider: 'openai',
  model,
  aliases: [],
  mode: 'chat',
  contextWindow: 128000,
  capabilities: ['prompt_caching', 'batch'],
  deprecationDate: null,
  effectiveFrom: null,
  effectiveTo: null,
  prices: { ...NO_PRICES, ...prices },
  source: 'litellm',
  ...extra,
});

describe('the diff an operator sees before activating a price-book version', () => {
  const active = [
    entry('gpt-4o', { inputMtok: '2.5', outputMtok: '10' }),
    entry('gpt-4-0314', { inputMtok: '30', outputMtok: '60' }),
    entry('o1', { inputMtok: '15' }, { effectiveFrom: null, effectiveTo: '2025-06-01' }),
  ];
  const next = [
    entry('gpt-4o', { inputMtok: '2.5', outputMtok: '10', cachedInputMtok: '1.25' }, { contextWindow: 200000 }),
    entry('o1', { inputMtok: '15' }, { effectiveFrom: null, effectiveTo: '2025-06-01' }),
    entry('o1', { inputMtok: '10' }, { effectiveFrom: '2025-06-01' }),
    entry('gpt-5', { inputMtok: '1.25', outputMtok: '10' }),
  ];

  it('lists entries added, removed, and each field that changed with its old and new value', () => {
    expect(diffPriceBooks(1, active, 2, next)).toEqual({
      from: 1,
      to: 2,
      added: [{ provider: 'openai', model: 'gpt-5' }, { provider: 'openai', model: 'o1', effectiveFrom: '2025-06-01' }],
      removed: [{ provider: 'openai', model: 'gpt-4-0314' }],
      changed: [
        { provider: 'openai', model: 'gpt-4o', field: 'cachedInputMtok', before: null, after: '1.25' },
        { provider: 'openai', model: 'gpt-4o', field: 'contextWindow', before: 128000, after: 200000 },
      ],
    });
  });

  it('is empty between a version and itself, and all additions when nothing is active', () => {
    expect(diffPriceBooks(2, next, 2, next)).toEqual({ from: 2, to: 2, added: [], removed: [], changed: [] });
    expect(diffPriceBooks(null, [], 1, active).added).toHaveLength(3);
  });
});
