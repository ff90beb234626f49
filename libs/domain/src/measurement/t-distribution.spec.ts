import { logGamma, regularizedIncompleteBeta, studentTCdf, studentTQuantile, twoSidedT } from './t-distribution';

describe("Student's t", () => {
  it('has the distribution function of the closed forms', () => {
    expect(studentTCdf(0, 7)).toBe(0.5);
    // One degree of freedom is the Cauchy distribution: P(T ≤ 1) = 1/2 + atan(1)/π = 3/4.
    expect(studentTCdf(1, 1)).toBeCloseTo(0.75, 12);
    // Two: P(T ≤ t) = 1/2 + t / (2 sqrt(2 + t²)); at t = 1: 1/2 + 1 / (2 sqrt 3) = 0.5 + 0.288675 = 0.788675.
    expect(studentTCdf(1, 2)).toBeCloseTo(0.788675, 6);
    expect(studentTCdf(-1, 2)).toBeCloseTo(0.211325, 6);
  });

  it('has the quantiles of the printed tables', () => {
    expect(studentTQuantile(0.95, 10).toFixed(3)).toBe('1.812');
    expect(studentTQuantile(0.975, 2).toFixed(3)).toBe('4.303');
    expect(studentTQuantile(0.95, 1).toFixed(3)).toBe('6.314');
    expect(studentTQuantile(0.95, 5).toFixed(3)).toBe('2.015');
    expect(studentTQuantile(0.975, 30).toFixed(3)).toBe('2.042');
    expect(studentTQuantile(0.995, 5).toFixed(3)).toBe('4.032');
    expect(studentTQuantile(0.05, 10).toFixed(3)).toBe('-1.812');
    // Towards the normal distribution as the degrees of freedom grow: z(0.95) = 1.6449.
    expect(studentTQuantile(0.95, 1e6).toFixed(4)).toBe('1.6449');
  });

  it('gives the 68 % and the one-sigma (68.27 %) critical values', () => {
    // Two degrees of freedom invert in closed form: t = (2p − 1) / sqrt(2 p (1 − p)).
    // 68 %: p = 0.84, t = 0.68 / sqrt(2 × 0.84 × 0.16) = 0.68 / sqrt(0.2688) = 0.68 / 0.518459 = 1.311578.
    expect(twoSidedT(0.68, 2).toFixed(6)).toBe('1.311578');
    // Ten degrees of freedom: 1.0464 at exactly 68 % (p = 0.84); the 1.0526 often quoted as "68 %" is one sigma,
    // p = Φ(1) = 0.841345.
    expect(twoSidedT(0.68, 10).toFixed(4)).toBe('1.0464');
    expect(studentTQuantile(0.841345, 10).toFixed(4)).toBe('1.0526');
    // 90 % two-sided is the 0.95 quantile.
    expect(twoSidedT(0.9, 10)).toBeCloseTo(studentTQuantile(0.95, 10), 12);
  });

  it('takes fractional degrees of freedom, between the whole ones either side', () => {
    const t = twoSidedT(0.68, 2.5);
    expect(t).toBeLessThan(twoSidedT(0.68, 2));
    expect(t).toBeGreaterThan(twoSidedT(0.68, 3));
    // By numerical integration of the density: 1.235716.
    expect(t.toFixed(5)).toBe('1.23572');
  });

  it('refuses what has no answer', () => {
    expect(() => studentTQuantile(0.95, 0)).toThrow(RangeError);
    expect(() => studentTQuantile(1, 5)).toThrow(RangeError);
    expect(() => twoSidedT(0, 5)).toThrow(RangeError);
  });

  it('has the special functions it rests on', () => {
    // Γ(5) = 4! = 24; Γ(1/2) = sqrt(π).
    expect(Math.exp(logGamma(5))).toBeCloseTo(24, 10);
    expect(Math.exp(logGamma(0.5))).toBeCloseTo(Math.sqrt(Math.PI), 12);
    // I_x(1, 1) = x; I_x(a, b) = 1 − I_{1−x}(b, a).
    expect(regularizedIncompleteBeta(0.3, 1, 1)).toBeCloseTo(0.3, 12);
    expect(regularizedIncompleteBeta(0.3, 2, 5) + regularizedIncompleteBeta(0.7, 5, 2)).toBeCloseTo(1, 12);
  });
});
