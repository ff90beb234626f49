import type { UnitPrices } from '@apex/contracts';
import { Decimal } from '../decimal';
import { addSplits, priceSplit, TokenSplit } from '../token-pricing';
import { DailyReading, kindRatesOf } from './readings';
import { measureSavings, SavingsMeasurement } from './measure-savings';

const none: UnitPrices = {
  inputMtok: null, outputMtok: null, cachedInputMtok: null, cacheWrite5mMtok: null, cacheWrite1hMtok: null,
  batchInputMtok: null, batchOutputMtok: null, priorityInputMtok: null, priorityOutputMtok: null,
  priorityCachedInputMtok: null, flexInputMtok: null, flexOutputMtok: null, flexCachedInputMtok: null,
  longContext: null, perRequest: null,
};
// The scope's model, USD per Mtok: uncached input 2, cached input 0.5, output 8; and a model a tenth the price.
const large: UnitPrices = { ...none, inputMtok: '2', cachedInputMtok: '0.5', outputMtok: '8' };
const small: UnitPrices = { ...none, inputMtok: '0.2', cachedInputMtok: '0.05', outputMtok: '0.8' };

// One "unit" of traffic: 5M uncached ($10) + 2M cached ($1) + 1.75M output ($14) = $25 at list, 1,000 requests.
const units = (n: number): TokenSplit => ({
  uncachedInput: Decimal.of(5_000_000 * n),
  cachedInput: Decimal.of(2_000_000 * n),
  output: Decimal.of(1_750_000 * n),
  requests: Decimal.of(1_000 * n),
});
const day = (n: number) => `2026-03-${String(n).padStart(2, '0')}`;

// Baseline, 1–10 March: 5, 6, 4, 5, 5, 6, 4, 5, 5, 5 units (list 1,250), bought at 20 % off list (k = 0.8:
// modelled 100, 120, 80, 100, 100, 120, 80, 100, 100, 100) with residuals +1 −1 −2 −2 +1 +1 +1 +1 −1 +1.
const baselineUnits = [5, 6, 4, 5, 5, 6, 4, 5, 5, 5];
const baselineCosts = ['101', '119', '78', '98', '101', '121', '81', '101', '99', '101'];
const baselineReadings: DailyReading[] = baselineUnits.map((n, i) => ({ date: day(i + 1), cost: baselineCosts[i], volumes: units(n) }));
const baseline = { window: { from: day(1), to: day(10) }, readings: baselineReadings, rates: kindRatesOf(large) };

// Reporting, 11–17 March.
const reporting = (costs: (Decimal | string)[], volumes: (i: number) => TokenSplit = () => units(5)): DailyReading[] =>
  costs.map((cost, i) => ({ date: day(11 + i), cost, volumes: volumes(i) }));

// The worked example's uncertainty per unit of adjusted baseline (savings-uncertainty.spec.ts works it through):
// CV = sqrt(16 ÷ 9) ÷ 100 = 0.013333, ρ = 0.25, n′ = 6, 5 degrees of freedom, m = 7,
// 68 %: 1.103668 × 1.26 × 0.013333 × sqrt(20/63) = 0.010447;  90 %: 2.015048 × 1.26 × 0.013333 × sqrt(20/63) = 0.019074.
const estimated = (measurement: SavingsMeasurement) => {
  if (measurement.uncertainty.status !== 'estimated') throw new Error(measurement.uncertainty.reason);
  return measurement.uncertainty;
};

describe('measuring savings', () => {
  it('verifies a 20 % saving on the worked example', () => {
    // Same traffic (5 units a day, adjusted baseline 5 × 25 × 0.8 = 100 a day, 700 in all), paid 560.
    const m = measureSavings({ baseline, reporting: { readings: reporting(['79', '81', '80', '78', '82', '80', '80']) } });
    expect(m.savings.adjustedBaseline.toString()).toBe('700');
    expect(m.savings.actual.toString()).toBe('560');
    // S = 700 − 560 = 140; F = 0.2.
    expect(m.savings.savings.toString()).toBe('140');
    expect(m.savings.fraction?.toString()).toBe('0.2');
    const u = estimated(m);
    expect(u.effectiveBaselineDays.toString()).toBe('6');
    // ΔS68 = 0.010447 × 700 = 7.3129 (FSU 0.052235); ΔS90 = 0.019074 × 700 = 13.3517.
    expect(u.at68.absolute.toFixed(3)).toBe('7.313');
    expect(u.at68.fractional?.toFixed(4)).toBe('0.0522');
    expect(u.at90.absolute.toFixed(3)).toBe('13.352');
    // 2 × 7.313 = 14.63 < 140.
    expect(m.verdict).toBe('verified');
  });

  it('does not take twice the traffic at the same unit costs for a saving', () => {
    // 10 units a day: adjusted baseline 10 × 25 × 0.8 = 200 a day, 1,400 in all. Paid the same unit costs with
    // day-to-day noise +2 −1 −1 +1 −2 0 −2 (sum −3): 1,397.
    const costs = ['202', '199', '199', '201', '198', '200', '198'];
    const m = measureSavings({ baseline, reporting: { readings: reporting(costs, () => units(10)) } });
    expect(m.savings.adjustedBaseline.toString()).toBe('1400');
    // S = 1,400 − 1,397 = 3, well within ΔS68 = 0.010447 × 1,400 = 14.626.
    expect(m.savings.savings.toString()).toBe('3');
    expect(estimated(m).at68.absolute.toFixed(3)).toBe('14.626');
    expect(m.verdict).toBe('inconclusive');
    // Against the baseline's own cost instead (1,000 ÷ 10 days × 7 = 700), the spend would seem up by 697.
    const naive = m.baseline.actualTotal.dividedBy(m.baseline.daysWithReadings, 6).times(7).minus(m.savings.actual);
    expect(naive.toString()).toBe('-697');
    // With no noise at all the saving is exactly zero.
    const flat = measureSavings({ baseline, reporting: { readings: reporting(Array(7).fill('200'), () => units(10)) } });
    expect(flat.savings.savings.toString()).toBe('0');
    expect(flat.verdict).toBe('no_savings');
  });

  it('gives no credit for a provider’s price cut', () => {
    // From 14 March the provider halves the output price, 8 → 4 per Mtok. Same traffic, same 20 % discount:
    // 11–13 March cost 100 a day (+1, 0, −1 noise); from the 14th a day's list is 10 + 1 + 1.75 × 4 = 18 a unit,
    // 5 units = 90, × 0.8 = 72 (+1, 0, −1, 0 noise). Actual 101 + 100 + 99 + 73 + 72 + 71 + 72 = 588.
    const cut = kindRatesOf({ ...large, outputMtok: '4' });
    const readings = reporting(['101', '100', '99', '73', '72', '71', '72']);
    const ratesOn = (date: string) => (date >= day(14) ? cut : undefined);
    const m = measureSavings({ baseline, reporting: { readings, ratesOn } });
    // Routine baseline 700; non-routine adjustment 4 days × (72 − 100) = −112; adjusted baseline 588.
    expect(m.savings.routineBaseline.toString()).toBe('700');
    expect(m.savings.nonRoutineAdjustment.toString()).toBe('-112');
    expect(m.savings.adjustedBaseline.toString()).toBe('588');
    expect(m.savings.savings.toString()).toBe('0');
    expect(m.verdict).toBe('no_savings');
    // Without repricing, the cut would pass for a verified saving of 112.
    const unadjusted = measureSavings({ baseline, reporting: { readings } });
    expect(unadjusted.savings.savings.toString()).toBe('112');
    expect(unadjusted.verdict).toBe('verified');
  });

  it('will not judge on a baseline with missing days', () => {
    // 4 and 7 March missing: 8 of 10 days = 80 % < 90 %, however large the saving.
    const sparse = { ...baseline, readings: baselineReadings.filter((r) => r.date !== day(4) && r.date !== day(7)) };
    const m = measureSavings({ baseline: sparse, reporting: { readings: reporting(Array(7).fill('50')) } });
    expect(m.baseline.coverage.toString()).toBe('0.8');
    expect(m.savings.savings.isPositive()).toBe(true);
    expect(m.verdict).toBe('insufficient_baseline');
  });

  it('verifies moving half the traffic to a model a tenth the price, within the band of the expected saving', () => {
    // Each day 2.5 units stay on the large model and 2.5 move to the small one, at the same 20 % discount.
    // Large half at list: 2.5 × 25 = 62.5; small half: 2.5 × 2.5 = 6.25; × 0.8 = 55 a day (priced below with
    // priceSplit); noise +1 −1 +2 0 +1 0 +1 (sum +4).
    const half = (split: TokenSplit): TokenSplit => ({
      uncachedInput: split.uncachedInput.dividedBy(2, 0), cachedInput: split.cachedInput.dividedBy(2, 0),
      output: split.output.dividedBy(2, 0), requests: split.requests.dividedBy(2, 0),
    });
    const onEach = half(units(5));
    const day55 = (priceSplit(onEach, large) as Decimal).plus(priceSplit(onEach, small) as Decimal).times('0.8');
    expect(day55.toString()).toBe('55');
    const noise = [1, -1, 2, 0, 1, 0, 1];
    const readings = reporting(noise.map((e) => day55.plus(e)), () => addSplits(onEach, onEach));
    const m = measureSavings({ baseline, reporting: { readings } });
    // Expected: 7 × (100 − 55) = 315. Measured: 700 − (385 + 4) = 311, F = 311 ÷ 700 = 0.444286.
    expect(m.savings.savings.toString()).toBe('311');
    expect(m.savings.fraction?.toString()).toBe('0.444286');
    const u = estimated(m);
    // |311 − 315| = 4 ≤ ΔS90 = 13.352 (and ≤ ΔS68 = 7.313); FSU68 = 0.010447 ÷ 0.444286 = 0.023514.
    expect(Decimal.of(315).minus(m.savings.savings).abs().lte(u.at90.absolute)).toBe(true);
    expect(u.at68.fractional?.toFixed(4)).toBe('0.0235');
    expect(m.verdict).toBe('verified');
  });

  it('refuses reporting days inside the baseline', () => {
    expect(() => measureSavings({ baseline, reporting: { readings: [{ date: day(10), cost: '1', volumes: units(1) }] } })).toThrow(RangeError);
  });
});
