import { Decimal } from '../decimal';
import { savingsUncertainty, uncertaintyShare } from './savings-uncertainty';

const day = (n: number) => `2026-03-${String(n).padStart(2, '0')}`;
// The worked baseline: ten consecutive days, mean actual 100, residuals +1 −1 −2 −2 +1 +1 +1 +1 −1 +1.
const actuals = ['101', '119', '78', '98', '101', '121', '81', '101', '99', '101'];
const residuals = ['1', '-1', '-2', '-2', '1', '1', '1', '1', '-1', '1'];
const baselineDays = actuals.map((actual, i) => ({ date: day(i + 1), actual: Decimal.of(actual), residual: Decimal.of(residuals[i]) }));

describe('the savings uncertainty (ASHRAE Guideline 14 with autocorrelated residuals)', () => {
  it('works the example through: CV, ρ, n′, t, fractional and absolute uncertainty', () => {
    // Reporting: 7 days, adjusted baseline 700, actual 560: S = 140, F = 140 ÷ 700 = 0.2.
    const u = savingsUncertainty({ baselineDays, parameters: 1, reportingDays: 7, adjustedBaseline: Decimal.of('700'), savings: Decimal.of('140') });
    if (u.status !== 'estimated') throw new Error(u.reason);
    expect([u.baselineDays, u.reportingDays, u.parameters]).toEqual([10, 7, 1]);
    // CV = sqrt(16 ÷ 9) ÷ 100 = 0.013333; ρ = 4 ÷ 16 = 0.25; n′ = 10 × 0.75 ÷ 1.25 = 6; degrees of freedom 6 − 1 = 5.
    expect(u.cvRmse.toString()).toBe('0.013333');
    expect(u.autocorrelation.toString()).toBe('0.25');
    expect(u.autocorrelationUsed.toString()).toBe('0.25');
    expect(u.effectiveBaselineDays.toString()).toBe('6');
    expect(u.degreesOfFreedom.toString()).toBe('5');
    // t(0.84, 5) = 1.103668 (68 %), t(0.95, 5) = 2.015048 (90 %).
    expect(u.at68.t.toString()).toBe('1.103668');
    expect(u.at90.t.toString()).toBe('2.015048');
    // sqrt( (n/n′)(1 + 2/n′)(1/m) ) = sqrt( (10/6)(4/3)(1/7) ) = sqrt(20/63) = sqrt(0.317460) = 0.563436.
    // 68 %: ΔS/S = 1.103668 × 1.26 × 0.013333 × 0.563436 ÷ 0.2 = 0.010447 ÷ 0.2 = 0.052235; ΔS = 0.010447 × 700 = 7.3129.
    expect(u.at68.confidence.toString()).toBe('0.68');
    expect(u.at68.fractional?.toFixed(5)).toBe('0.05224');
    expect(u.at68.absolute.toFixed(3)).toBe('7.313');
    // 90 %: 2.015048 × 1.26 × 0.013333 × 0.563436 = 0.019074; ÷ 0.2 = 0.095369; ΔS = 0.019074 × 700 = 13.3517.
    expect(u.at90.fractional?.toFixed(5)).toBe('0.09537');
    expect(u.at90.absolute.toFixed(3)).toBe('13.352');
    // Every figure comes back as a rounded Decimal.
    expect(u.at68.absolute.scale).toBeLessThanOrEqual(6);
  });

  it('scales the absolute uncertainty with the adjusted baseline, and has no fraction without savings', () => {
    const u = savingsUncertainty({ baselineDays, parameters: 1, reportingDays: 7, adjustedBaseline: Decimal.of('1400'), savings: Decimal.ZERO });
    if (u.status !== 'estimated') throw new Error(u.reason);
    // 0.010447 × 1,400 = 14.6258.
    expect(u.at68.absolute.toFixed(3)).toBe('14.626');
    expect(u.at68.fractional).toBeNull();
  });

  it('reduces to the plain formula when residuals are not autocorrelated', () => {
    // ρ = 0: n′ = n and sqrt((n/n′)(1 + 2/n′)(1/m)) = sqrt((1 + 2/10) ÷ 7) = sqrt(0.171429) = 0.414039;
    // t = 1, CV = 0.1: 1.26 × 0.1 × 0.414039 = 0.052169.
    expect(uncertaintyShare({ t: 1, cvRmse: 0.1, n: 10, nEffective: 10, m: 7 })).toBeCloseTo(0.052169, 6);
  });

  it('takes negative autocorrelation as none', () => {
    // Residuals alternating +1 −1: ρ = −9 ÷ 10 = −0.9 → 0, so n′ = n = 10.
    const alternating = baselineDays.map((d, i) => ({ ...d, residual: Decimal.of(i % 2 === 0 ? 1 : -1) }));
    const u = savingsUncertainty({ baselineDays: alternating, parameters: 1, reportingDays: 7, adjustedBaseline: Decimal.of('700'), savings: Decimal.of('140') });
    if (u.status !== 'estimated') throw new Error(u.reason);
    expect(u.autocorrelation.toString()).toBe('-0.9');
    expect(u.autocorrelationUsed.toString()).toBe('0');
    expect(u.effectiveBaselineDays.toString()).toBe('10');
    expect(u.degreesOfFreedom.toString()).toBe('9');
  });

  it('says why it cannot be estimated', () => {
    const base = { parameters: 1, reportingDays: 7, adjustedBaseline: Decimal.of('700'), savings: Decimal.of('140') };
    expect(savingsUncertainty({ ...base, baselineDays: baselineDays.slice(0, 1) })).toEqual({ status: 'not_estimable', reason: 'too_few_baseline_days' });
    expect(savingsUncertainty({ ...base, baselineDays, reportingDays: 0 })).toEqual({ status: 'not_estimable', reason: 'no_reporting_days' });
    const free = baselineDays.map((d) => ({ ...d, actual: Decimal.ZERO }));
    expect(savingsUncertainty({ ...base, baselineDays: free })).toEqual({ status: 'not_estimable', reason: 'no_baseline_cost' });
    // The worked baseline with p = 6: n′ − p = 6 − 6 = 0.
    expect(savingsUncertainty({ ...base, baselineDays, parameters: 6 })).toEqual({ status: 'not_estimable', reason: 'no_degrees_of_freedom' });
  });

  it('widens the band as autocorrelation shrinks the effective days', () => {
    // A steady drift, residuals +4 +3 … −5 (mean −0.5): after centring Σ e² = 82.5 and Σ neighbours = 57.75, so
    // ρ = 0.7 and n′ = 10 × 0.3 ÷ 1.7 = 1.764706, leaving 0.764706 degrees of freedom: t(90 %) = 10.87 against 2.015.
    const drift = baselineDays.map((d, i) => ({ ...d, residual: Decimal.of(4 - i) }));
    const u = savingsUncertainty({ baselineDays: drift, parameters: 1, reportingDays: 7, adjustedBaseline: Decimal.of('700'), savings: Decimal.of('140') });
    if (u.status !== 'estimated') throw new Error(u.reason);
    expect(u.autocorrelation.toString()).toBe('0.7');
    expect(u.effectiveBaselineDays.toString()).toBe('1.764706');
    expect(u.degreesOfFreedom.toString()).toBe('0.764706');
    expect(u.at90.t.toFixed(2)).toBe('10.87');
  });
});
