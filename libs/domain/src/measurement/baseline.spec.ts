import type { UnitPrices } from '@apex/contracts';
import { Decimal } from '../decimal';
import { TokenSplit } from '../token-pricing';
import { baselineCoverage, fitBaseline } from './baseline';
import { DailyReading, kindRatesOf } from './readings';

const none: UnitPrices = {
  inputMtok: null, outputMtok: null, cachedInputMtok: null, cacheWrite5mMtok: null, cacheWrite1hMtok: null,
  batchInputMtok: null, batchOutputMtok: null, priorityInputMtok: null, priorityOutputMtok: null,
  priorityCachedInputMtok: null, flexInputMtok: null, flexOutputMtok: null, flexCachedInputMtok: null,
  longContext: null, perRequest: null,
};
// USD per million tokens: uncached input 2, cached input 0.5, output 8.
const prices: UnitPrices = { ...none, inputMtok: '2', cachedInputMtok: '0.5', outputMtok: '8', batchInputMtok: '1', batchOutputMtok: '4' };
const rates = kindRatesOf(prices);

// One "unit" of traffic: 5M uncached ($10) + 2M cached ($1) + 1.75M output ($14) = $25 at list, 1,000 requests.
const units = (n: number): TokenSplit => ({
  uncachedInput: Decimal.of(5_000_000 * n),
  cachedInput: Decimal.of(2_000_000 * n),
  output: Decimal.of(1_750_000 * n),
  requests: Decimal.of(1_000 * n),
});
const day = (n: number) => `2026-03-${String(n).padStart(2, '0')}`;
const window = { from: day(1), to: day(10) };

// Ten days of 5, 6, 4, 5, 5, 6, 4, 5, 5, 5 units: list 125, 150, 100, 125, 125, 150, 100, 125, 125, 125 = 1,250.
const baselineUnits = [5, 6, 4, 5, 5, 6, 4, 5, 5, 5];
// Bought at 20 % off list (100, 120, 80, …) with these daily residuals: +1 −1 −2 −2 +1 +1 +1 +1 −1 +1 (sum 0).
const baselineCosts = ['101', '119', '78', '98', '101', '121', '81', '101', '99', '101'];
const baselineReadings: DailyReading[] = baselineUnits.map((n, i) => ({ date: day(i + 1), cost: baselineCosts[i], volumes: units(n) }));

describe('the baseline model', () => {
  it('fits the effective rate that reproduces the baseline total, and unit costs from it', () => {
    const model = fitBaseline({ window, readings: baselineReadings, rates });
    // Σ actual = 101 + 119 + 78 + 98 + 101 + 121 + 81 + 101 + 99 + 101 = 1,000; Σ list = 50 units × 25 = 1,250.
    expect(model.actualTotal.toString()).toBe('1000');
    expect(model.listTotal.toString()).toBe('1250');
    // k = 1,000 ÷ 1,250 = 0.8.
    expect(model.effectiveRate.toString()).toBe('0.8');
    // Unit costs per 1K tokens = rate per Mtok × k ÷ 1,000: 2 × 0.8 ÷ 1,000 = 0.0016; 0.5 → 0.0004; 8 → 0.0064.
    expect(model.unitCosts.uncachedInputPer1k?.toString()).toBe('0.0016');
    expect(model.unitCosts.cachedInputPer1k?.toString()).toBe('0.0004');
    expect(model.unitCosts.outputPer1k?.toString()).toBe('0.0064');
    expect(model.unitCosts.perRequest).toBeNull();
    // Day 2: 30,000K × 0.0016 + 12,000K × 0.0004 + 10,500K × 0.0064 = 48 + 4.8 + 67.2 = 120; residual 119 − 120 = −1.
    expect(model.days[1]).toMatchObject({ date: day(2) });
    expect(model.days[1].list.toString()).toBe('150');
    expect(model.days[1].modelled.toString()).toBe('120');
    expect(model.days[1].residual.toString()).toBe('-1');
    expect(model.days.map((d) => d.residual.toString())).toEqual(['1', '-1', '-2', '-2', '1', '1', '1', '1', '-1', '1']);
    expect(model.modelledTotal.toString()).toBe('1000');
    expect(model.coverage.toString()).toBe('1');
    expect(model.shortfalls).toEqual([]);
  });

  it('reproduces the total when the effective rate does not divide evenly', () => {
    // 3 days at list 25 each (75), bought for 25 in all: k = 25 ÷ 75 = 0.333333333333 (12 decimals);
    // each day 25 × k = 8.333333333325 → 8.333333; Σ = 24.999999, within a millionth a day of 25.
    const model = fitBaseline({
      window: { from: day(1), to: day(3) },
      readings: [1, 2, 3].map((n) => ({ date: day(n), cost: n === 1 ? '9' : '8', volumes: units(1) })),
      rates,
    });
    expect(model.effectiveRate.toString()).toBe('0.333333333333');
    expect(model.modelledTotal.toString()).toBe('24.999999');
  });

  it('counts the share of calendar days with a reading, and wants 90 %', () => {
    // 8 of 10 days: 0.8 < 0.9.
    const sparse = fitBaseline({ window, readings: baselineReadings.filter((_, i) => i !== 3 && i !== 6), rates });
    expect(sparse.daysWithReadings).toBe(8);
    expect(sparse.coverage.toString()).toBe('0.8');
    expect(sparse.shortfalls).toEqual(['coverage_below_90_percent']);
    // 9 of 10 is exactly 90 %: enough.
    expect(fitBaseline({ window, readings: baselineReadings.slice(1), rates }).shortfalls).toEqual([]);
    // 26 of 29 = 0.8966 (under); 27 of 30 = 0.9 (enough).
    expect(baselineCoverage(26, 29)).toEqual({ coverage: Decimal.of('0.8966'), sufficient: false });
    expect(baselineCoverage(27, 30).sufficient).toBe(true);
  });

  it('adds readings that share a date and leaves out those outside the window', () => {
    const split = [
      { date: day(1), cost: '60', volumes: units(3) },
      { date: day(1), cost: '40', volumes: units(2) },
      { date: day(11), cost: '1000', volumes: units(50) },
    ];
    const model = fitBaseline({ window: { from: day(1), to: day(1) }, readings: split, rates });
    expect(model.days).toHaveLength(1);
    // 100 for 5 units = 125 at list: k = 0.8.
    expect(model.days[0].actual.toString()).toBe('100');
    expect(model.effectiveRate.toString()).toBe('0.8');
  });

  it('is short when nothing in it can be priced, and refuses tokens of a kind that has no price', () => {
    const idle = fitBaseline({ window: { from: day(1), to: day(1) }, readings: [{ date: day(1), cost: '0', volumes: units(0) }], rates });
    expect(idle.shortfalls).toEqual(['no_priced_volume']);
    expect(idle.effectiveRate.toString()).toBe('1');
    expect(() => fitBaseline({ window, readings: baselineReadings, rates: { ...rates, cachedInputMtok: null } })).toThrow('cached input tokens were used but have no price');
  });

  it('takes per-kind rates from a price-book entry on a service tier', () => {
    // Batch: input 1, output 4, and the standard cached rate 0.5 since the entry has no batch cached rate.
    expect(kindRatesOf(prices, 'batch')).toEqual({ uncachedInputMtok: '1', cachedInputMtok: '0.5', outputMtok: '4', perRequest: null });
    expect(kindRatesOf({ ...prices, perRequest: '0.01' }).perRequest).toBe('0.01');
  });
});
