import type { UnitPrices } from '@apex/contracts';
import { Decimal } from '../decimal';
import { addSplits, ServiceTier, tierRates, TokenSplit } from '../token-pricing';
import { dayNumber } from './calendar';

/*
 * What the measurement reads: one figure a day for the recommendation's scope, its cost and its volumes, and the
 * per-kind rates it is priced at. Money is exact (Decimal) throughout; amounts shown are rounded to MONEY_SCALE.
 */

/** Decimals that money figures are shown and compared at. */
export const MONEY_SCALE = 6;

/** One day of the scope: what it cost and what it used (uncached input, cached input, output tokens, requests). */
export interface DailyReading {
  /** YYYY-MM-DD. */
  date: string;
  cost: Decimal | string;
  volumes: TokenSplit;
}

/** Per-kind rates: USD per million tokens of each kind, and USD per request; null where the kind has no price. */
export interface KindRates {
  uncachedInputMtok: Decimal | string | null;
  cachedInputMtok: Decimal | string | null;
  outputMtok: Decimal | string | null;
  perRequest: Decimal | string | null;
}

/** Unit costs: USD per 1,000 tokens of each kind and USD per request; null where the kind has no price. */
export interface UnitCosts {
  uncachedInputPer1k: Decimal | null;
  cachedInputPer1k: Decimal | null;
  outputPer1k: Decimal | null;
  perRequest: Decimal | null;
}

/** A reading with its cost parsed, as the measurement uses it. */
export interface DayCost {
  date: string;
  cost: Decimal;
  volumes: TokenSplit;
}

/**
 * The per-kind rates of a price-book entry on one service tier. As in `priceSplit`, a tier other than standard
 * without a cached-input rate of its own takes the standard cached rate.
 */
export function kindRatesOf(prices: UnitPrices, tier: ServiceTier = 'standard'): KindRates {
  const rates = tierRates(prices, tier);
  return {
    uncachedInputMtok: rates.input,
    cachedInputMtok: rates.cachedInput ?? (tier === 'standard' ? null : prices.cachedInputMtok),
    outputMtok: rates.output,
    perRequest: prices.perRequest,
  };
}

const THOUSANDTH = Decimal.of('0.001');
const scaled = (rate: Decimal | string | null, factor: Decimal): Decimal | null => (rate === null ? null : Decimal.of(rate).times(factor));

/**
 * Unit costs from per-kind rates times a factor (the baseline's effective rate): per-Mtok rate × factor ÷ 1,000
 * per 1K tokens, per-request rate × factor per request. Exact: no rounding.
 */
export function unitCostsOf(rates: KindRates, factor: Decimal = Decimal.ONE): UnitCosts {
  const perThousand = factor.times(THOUSANDTH);
  return {
    uncachedInputPer1k: scaled(rates.uncachedInputMtok, perThousand),
    cachedInputPer1k: scaled(rates.cachedInputMtok, perThousand),
    outputPer1k: scaled(rates.outputMtok, perThousand),
    perRequest: scaled(rates.perRequest, factor),
  };
}

const kindCost = (volume: Decimal, unitPer1k: Decimal | null, kind: string): Decimal => {
  if (!volume.isPositive()) return Decimal.ZERO;
  if (unitPer1k === null) throw new RangeError(`${kind} tokens were used but have no price`);
  return volume.times(THOUSANDTH).times(unitPer1k);
};

/**
 * What `volumes` cost at `unitCosts`, exactly: Σ tokens ÷ 1,000 × unit cost per kind, plus requests × cost per
 * request. Requests are free where there is no per-request price (the price book's rule); tokens of a kind that
 * has no price throw a RangeError, since the scope cannot then be priced.
 */
export function costAt(volumes: TokenSplit, unitCosts: UnitCosts): Decimal {
  const requests = unitCosts.perRequest === null ? Decimal.ZERO : volumes.requests.times(unitCosts.perRequest);
  return kindCost(volumes.uncachedInput, unitCosts.uncachedInputPer1k, 'uncached input')
    .plus(kindCost(volumes.cachedInput, unitCosts.cachedInputPer1k, 'cached input'))
    .plus(kindCost(volumes.output, unitCosts.outputPer1k, 'output'))
    .plus(requests);
}

/** The readings one per day in date order: costs parsed, readings that share a date added together. */
export function dailyCosts(readings: readonly DailyReading[]): DayCost[] {
  const byDate = new Map<string, DayCost>();
  for (const reading of readings) {
    dayNumber(reading.date); // throws on text that is not a calendar day
    const cost = Decimal.of(reading.cost);
    const seen = byDate.get(reading.date);
    const volumes = seen ? addSplits(seen.volumes, reading.volumes) : reading.volumes;
    byDate.set(reading.date, { date: reading.date, cost: seen ? seen.cost.plus(cost) : cost, volumes });
  }
  return [...byDate.values()].sort((a, b) => dayNumber(a.date) - dayNumber(b.date));
}
