import type { ModelPrice, ModelResolution, ProofKindRates } from '@apex/contracts';
import { Decimal, KindRates, kindRatesOf } from '@apex/domain';

/** What a proof needs of a price-book version: entries, prices in force on a day, and model-name resolution. */
export interface ProofPrices {
  version: number;
  entries(): ModelPrice[];
  priceAt(provider: string, model: string, day: string): ModelPrice | null;
  resolve(raw: string, providerName: string | null): ModelResolution;
}

/** The model's standard-tier per-kind list rates in force on `day`, or null when the version does not price it. */
export function ratesAt(prices: ProofPrices, provider: string, model: string, day: string): KindRates | null {
  const entry = prices.priceAt(provider, model, day);
  return entry ? kindRatesOf(entry.prices) : null;
}

const text = (value: Decimal | string | null): string | null => (value === null ? null : Decimal.of(value).toString());

export const toProofRates = (rates: KindRates): ProofKindRates => ({
  uncachedInputMtok: text(rates.uncachedInputMtok),
  cachedInputMtok: text(rates.cachedInputMtok),
  outputMtok: text(rates.outputMtok),
  perRequest: text(rates.perRequest),
});

const KINDS = ['uncachedInputMtok', 'cachedInputMtok', 'outputMtok', 'perRequest'] as const;

/** Whether two rate sets price every kind alike (both unpriced, or the same amount). */
export function sameRates(a: KindRates, b: KindRates): boolean {
  return KINDS.every((kind) => {
    const x = a[kind];
    const y = b[kind];
    return x === null || y === null ? x === y : Decimal.of(x).eq(y);
  });
}

/**
 * The non-routine adjustment's rates: for each reporting day, the model's rates in force that day where they differ
 * from the baseline's (a provider's price change), undefined where they do not or the version does not price it.
 */
export const ratesOnFor =
  (prices: ProofPrices, provider: string, model: string, baseline: KindRates) =>
  (day: string): KindRates | undefined => {
    const rates = ratesAt(prices, provider, model, day);
    return rates && !sameRates(rates, baseline) ? rates : undefined;
  };
