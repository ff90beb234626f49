import { cvRmse, effectiveSampleSize, lag1Autocorrelation } from './residual-statistics';

const day = (n: number) => `2026-03-${String(n).padStart(2, '0')}`;
// Ten consecutive days with mean actual 100 and residuals +1 −1 −2 −2 +1 +1 +1 +1 −1 +1.
const residuals = [1, -1, -2, -2, 1, 1, 1, 1, -1, 1];
const actuals = [101, 119, 78, 98, 101, 121, 81, 101, 99, 101];
const days = residuals.map((residual, i) => ({ date: day(i + 1), actual: actuals[i], residual }));

describe('residual statistics', () => {
  it('CV(RMSE) over n − p degrees of freedom', () => {
    // Σ e² = 1 + 1 + 4 + 4 + 1 + 1 + 1 + 1 + 1 + 1 = 16; RMSE = sqrt(16 ÷ (10 − 1)) = 4/3; CV = (4/3) ÷ 100 = 0.013333.
    expect(cvRmse(days, 1)).toBeCloseTo(4 / 300, 12);
    // With p = 2: sqrt(16 ÷ 8) ÷ 100 = 0.014142.
    expect(cvRmse(days, 2)).toBeCloseTo(Math.SQRT2 / 100, 12);
    expect(cvRmse(days.slice(0, 1), 1)).toBeNull();
    expect(cvRmse([{ date: day(1), actual: 0, residual: 0 }, { date: day(2), actual: 0, residual: 0 }], 1)).toBeNull();
  });

  it('lag-1 autocorrelation over consecutive days', () => {
    // Mean residual 0. Products of neighbours: (−1)(1) + (−2)(−1) + (−2)(−2) + (1)(−2) + 1 + 1 + 1 + (−1)(1) + (1)(−1)
    // = −1 + 2 + 4 − 2 + 1 + 1 + 1 − 1 − 1 = 4; ρ = 4 ÷ 16 = 0.25.
    expect(lag1Autocorrelation(days)).toBeCloseTo(0.25, 12);
    // Order of the input does not matter.
    expect(lag1Autocorrelation([...days].reverse())).toBeCloseTo(0.25, 12);
  });

  it('does not pair the days either side of a missing day', () => {
    // Days 1, 2, 4, 5 with residuals +1 −1 +1 −1: pairs (1,2) and (4,5) give −1 each; (2,4) is not a pair.
    // ρ = −2 ÷ 4 = −0.5 (joining across the gap would give −3 ÷ 4).
    const gappy = [1, 2, 4, 5].map((n, i) => ({ date: day(n), actual: 10, residual: i % 2 === 0 ? 1 : -1 }));
    expect(lag1Autocorrelation(gappy)).toBeCloseTo(-0.5, 12);
    expect(lag1Autocorrelation(gappy.map((d) => ({ ...d, residual: 0 })))).toBe(0);
  });

  it('the effective number of days, n′ = n (1 − ρ) ÷ (1 + ρ), with ρ ≥ 0 and n′ ≥ 1', () => {
    // 10 × 0.75 ÷ 1.25 = 6.
    expect(effectiveSampleSize(10, 0.25)).toEqual({ rhoUsed: 0.25, nEffective: 6 });
    // Negative autocorrelation counts as none: n′ = n.
    expect(effectiveSampleSize(10, -0.5)).toEqual({ rhoUsed: 0, nEffective: 10 });
    // 10 × 0.1 ÷ 1.9 = 0.53 → 1.
    expect(effectiveSampleSize(10, 0.9).nEffective).toBe(1);
  });
});
