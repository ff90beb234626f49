import type { UnitPrices } from '@apex/contracts';
import { Decimal } from './decimal';

/*
 * Repricing an organisation's actual token split with the price book. Prices are USD per million tokens; cached
 * input tokens are a part of the input tokens the rows report, so the uncached input is input − cached.
 */

const MILLION = Decimal.of(1_000_000);

/** What a model's traffic used: the token split and the requests. */
export interface TokenSplit {
  uncachedInput: Decimal;
  cachedInput: Decimal;
  output: Decimal;
  requests: Decimal;
}

export const EMPTY_SPLIT: TokenSplit = { uncachedInput: Decimal.ZERO, cachedInput: Decimal.ZERO, output: Decimal.ZERO, requests: Decimal.ZERO };

export function addSplits(a: TokenSplit, b: TokenSplit): TokenSplit {
  return {
    uncachedInput: a.uncachedInput.plus(b.uncachedInput),
    cachedInput: a.cachedInput.plus(b.cachedInput),
    output: a.output.plus(b.output),
    requests: a.requests.plus(b.requests),
  };
}

export const hasTokens = (split: TokenSplit): boolean => split.uncachedInput.plus(split.cachedInput).plus(split.output).isPositive();

/** The rates a request is billed at on one service tier. */
export type ServiceTier = 'standard' | 'batch' | 'priority' | 'flex' | 'long_context';

interface TierRates {
  input: string | null;
  cachedInput: string | null;
  output: string | null;
}

/** The per-Mtok rates of one service tier. */
export function tierRates(prices: UnitPrices, tier: ServiceTier): TierRates {
  switch (tier) {
    case 'standard':
      return { input: prices.inputMtok, cachedInput: prices.cachedInputMtok, output: prices.outputMtok };
    case 'batch':
      return { input: prices.batchInputMtok, cachedInput: prices.cachedInputMtok, output: prices.batchOutputMtok };
    case 'priority':
      return { input: prices.priorityInputMtok, cachedInput: prices.priorityCachedInputMtok, output: prices.priorityOutputMtok };
    case 'flex':
      return { input: prices.flexInputMtok, cachedInput: prices.flexCachedInputMtok, output: prices.flexOutputMtok };
    case 'long_context':
      return {
        input: prices.longContext?.inputMtok ?? null,
        cachedInput: prices.longContext?.cachedInputMtok ?? null,
        output: prices.longContext?.outputMtok ?? null,
      };
  }
}

const tokensAt = (tokens: Decimal, ratePerMtok: string) => tokens.times(ratePerMtok).dividedBy(MILLION, 12);

/**
 * What `split` costs at the list rates of `tier`, or null when the tier does not price a kind of token the split
 * uses. A tier other than standard without a cached-input rate of its own takes the standard cached rate, which
 * can only overstate that tier's cost, never its saving. Per-request prices are added where the entry has one.
 */
export function priceSplit(split: TokenSplit, prices: UnitPrices, tier: ServiceTier = 'standard'): Decimal | null {
  const rates = tierRates(prices, tier);
  let total = Decimal.ZERO;
  if (split.uncachedInput.isPositive()) {
    if (rates.input === null) return null;
    total = total.plus(tokensAt(split.uncachedInput, rates.input));
  }
  if (split.cachedInput.isPositive()) {
    const rate = rates.cachedInput ?? (tier === 'standard' ? null : prices.cachedInputMtok);
    if (rate === null) return null;
    total = total.plus(tokensAt(split.cachedInput, rate));
  }
  if (split.output.isPositive()) {
    if (rates.output === null) return null;
    total = total.plus(tokensAt(split.output, rates.output));
  }
  if (prices.perRequest !== null && split.requests.isPositive()) total = total.plus(split.requests.times(prices.perRequest));
  return total;
}

/**
 * The share of a spend that moving `split` from one list price to another saves: 1 − to / from, or null when
 * either cannot be priced or `from` is zero. Applied to what the rows actually cost, it keeps the customer's own
 * discounts: a model bought at 20 % off list is assumed to stay 20 % off.
 */
export function savingShare(from: Decimal | null, to: Decimal | null): Decimal | null {
  if (from === null || to === null || !from.isPositive()) return null;
  return Decimal.ONE.minus(to.dividedBy(from, 12));
}
