import type { UnitPrices } from '@apex/contracts';
import { Decimal } from './decimal';
import { priceSplit, savingShare, TokenSplit } from './token-pricing';

const none: UnitPrices = {
  inputMtok: null, outputMtok: null, cachedInputMtok: null, cacheWrite5mMtok: null, cacheWrite1hMtok: null,
  batchInputMtok: null, batchOutputMtok: null, priorityInputMtok: null, priorityOutputMtok: null,
  priorityCachedInputMtok: null, flexInputMtok: null, flexOutputMtok: null, flexCachedInputMtok: null,
  longContext: null, perRequest: null,
};
// gpt-4o and gpt-4o-mini as LiteLLM publishes them (per token), in USD per million tokens.
const gpt4o: UnitPrices = { ...none, inputMtok: '2.5', outputMtok: '10', cachedInputMtok: '1.25', batchInputMtok: '1.25', batchOutputMtok: '5', priorityInputMtok: '4.25', priorityOutputMtok: '17', priorityCachedInputMtok: '2.125' };
const gpt4oMini: UnitPrices = { ...none, inputMtok: '0.15', outputMtok: '0.6', cachedInputMtok: '0.075' };

const split = (uncached: string, cached: string, output: string, requests = '0'): TokenSplit => ({
  uncachedInput: Decimal.of(uncached), cachedInput: Decimal.of(cached), output: Decimal.of(output), requests: Decimal.of(requests),
});

describe('pricing a token split', () => {
  it('prices uncached, cached and output tokens at their own rates', () => {
    // 3M uncached × 2.5 + 1M cached × 1.25 + 0.5M output × 10 = 7.5 + 1.25 + 5 = 13.75
    expect(priceSplit(split('3000000', '1000000', '500000'), gpt4o)?.toString()).toBe('13.75');
    expect(priceSplit(split('3000000', '1000000', '500000'), gpt4oMini)?.toString()).toBe('0.825');
  });

  it('prices batch and priority tiers, and gives null for a tier the entry does not price', () => {
    // batch: 3 × 1.25 + 1 × 1.25 (standard cached rate) + 0.5 × 5 = 3.75 + 1.25 + 2.5 = 7.5
    expect(priceSplit(split('3000000', '1000000', '500000'), gpt4o, 'batch')?.toString()).toBe('7.5');
    // priority: 3 × 4.25 + 1 × 2.125 + 0.5 × 17 = 12.75 + 2.125 + 8.5 = 23.375
    expect(priceSplit(split('3000000', '1000000', '500000'), gpt4o, 'priority')?.toString()).toBe('23.375');
    expect(priceSplit(split('1000', '0', '0'), gpt4oMini, 'batch')).toBeNull();
    expect(priceSplit(split('0', '1000', '0'), { ...gpt4oMini, cachedInputMtok: null })).toBeNull();
  });

  it('adds per-request prices', () => {
    expect(priceSplit(split('0', '0', '0', '200'), { ...none, perRequest: '0.01' })?.toString()).toBe('2');
  });

  it('gives the share a move saves, keeping the customer’s discount', () => {
    // 1 − 0.825 / 13.75 = 0.94
    expect(savingShare(Decimal.of('13.75'), Decimal.of('0.825'))?.toString()).toBe('0.94');
    expect(savingShare(Decimal.ZERO, Decimal.of('1'))).toBeNull();
    expect(savingShare(null, Decimal.of('1'))).toBeNull();
  });
});
