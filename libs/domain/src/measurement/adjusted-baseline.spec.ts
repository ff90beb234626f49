import { Decimal } from '../decimal';
import { TokenSplit } from '../token-pricing';
import { adjustBaseline } from './adjusted-baseline';
import { KindRates } from './readings';

// Baseline: uncached input 2, cached 0.5, output 8 USD per Mtok, $0.001 a request, bought at k = 0.8 of list.
const baseline = { rates: { uncachedInputMtok: '2', cachedInputMtok: '0.5', outputMtok: '8', perRequest: '0.001' } as KindRates, effectiveRate: Decimal.of('0.8') };
const volumes = (uncached: number, cached: number, output: number, requests: number): TokenSplit => ({
  uncachedInput: Decimal.of(uncached), cachedInput: Decimal.of(cached), output: Decimal.of(output), requests: Decimal.of(requests),
});

describe('the adjusted baseline', () => {
  it('is the baseline unit costs times each reporting day’s volumes (routine adjustment)', () => {
    const days = adjustBaseline(baseline, [
      { date: '2026-03-12', cost: '150', volumes: volumes(20_000_000, 10_000_000, 10_000_000, 10_000) },
      { date: '2026-03-11', cost: '70', volumes: volumes(10_000_000, 0, 5_000_000, 5_000) },
    ]);
    // In date order. 11th: 10,000K × 0.0016 + 5,000K × 0.0064 + 5,000 × 0.0008 = 16 + 32 + 4 = 52.
    // 12th: 20,000K × 0.0016 + 10,000K × 0.0004 + 10,000K × 0.0064 + 10,000 × 0.0008 = 32 + 4 + 64 + 8 = 108.
    expect(days.map((d) => [d.date, d.actual.toString(), d.routineBaseline.toString(), d.nonRoutineAdjustment.toString(), d.adjustedBaseline.toString()])).toEqual([
      ['2026-03-11', '70', '52', '0', '52'],
      ['2026-03-12', '150', '108', '0', '108'],
    ]);
  });

  it('reprices at the rates in force on the day, keeping the effective rate (non-routine adjustment)', () => {
    // From the 12th the provider halves the output price: 8 → 4 per Mtok.
    const cut: KindRates = { ...baseline.rates, outputMtok: '4' };
    const days = adjustBaseline(
      baseline,
      [
        { date: '2026-03-11', cost: '50', volumes: volumes(10_000_000, 0, 5_000_000, 5_000) },
        { date: '2026-03-12', cost: '37', volumes: volumes(10_000_000, 0, 5_000_000, 5_000) },
      ],
      (date) => (date >= '2026-03-12' ? cut : undefined),
    );
    expect(days[0].nonRoutineAdjustment.toString()).toBe('0');
    // Repriced 12th: 10,000K × 0.0016 + 5,000K × (4 × 0.8 ÷ 1,000 = 0.0032) + 5,000 × 0.0008 = 16 + 16 + 4 = 36;
    // non-routine adjustment = 36 − 52 = −16.
    expect(days[1].routineBaseline.toString()).toBe('52');
    expect(days[1].nonRoutineAdjustment.toString()).toBe('-16');
    expect(days[1].adjustedBaseline.toString()).toBe('36');
  });
});
