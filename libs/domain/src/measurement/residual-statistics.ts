import { dayNumber } from './calendar';

/*
 * Statistics of the baseline model's daily residuals (actual − modelled), in floating point; the caller rounds
 * what it shows (see savings-uncertainty.ts).
 */

export interface ResidualDay {
  /** YYYY-MM-DD. */
  date: string;
  actual: number;
  residual: number;
}

/**
 * CV(RMSE) as ASHRAE Guideline 14 defines it: sqrt( Σ residual² ÷ (n − p) ) ÷ mean actual, with n the days and
 * p the parameters the model fitted. Null when n ≤ p (no degrees of freedom) or the mean actual is not positive.
 */
export function cvRmse(days: readonly ResidualDay[], parameters: number): number | null {
  const n = days.length;
  const meanActual = days.reduce((sum, day) => sum + day.actual, 0) / n;
  if (n <= parameters || !(meanActual > 0)) return null;
  const squares = days.reduce((sum, day) => sum + day.residual * day.residual, 0);
  return Math.sqrt(squares / (n - parameters)) / meanActual;
}

/**
 * Lag-1 autocorrelation of the residuals in date order:
 *   ρ = Σ (e_t − ē)(e_{t−1} − ē) ÷ Σ (e_t − ē)²,
 * the numerator over pairs of consecutive calendar days only, so a missing day breaks a pair instead of joining
 * the days either side of it. Zero when the residuals do not vary.
 */
export function lag1Autocorrelation(days: readonly ResidualDay[]): number {
  const ordered = [...days].sort((a, b) => dayNumber(a.date) - dayNumber(b.date));
  const mean = ordered.reduce((sum, day) => sum + day.residual, 0) / ordered.length;
  let numerator = 0;
  let denominator = 0;
  ordered.forEach((day, i) => {
    const deviation = day.residual - mean;
    denominator += deviation * deviation;
    const previous = ordered[i - 1];
    if (previous && dayNumber(day.date) - dayNumber(previous.date) === 1) numerator += deviation * (previous.residual - mean);
  });
  return denominator > 0 ? numerator / denominator : 0;
}

/**
 * The effective number of independent baseline days, n′ = n (1 − ρ) ÷ (1 + ρ) (Reddy & Claridge 2000). A
 * negative ρ is taken as 0 (n′ = n: negative autocorrelation is not allowed to claim more independent days than
 * were observed), and n′ is kept at least 1.
 */
export function effectiveSampleSize(n: number, rho: number): { rhoUsed: number; nEffective: number } {
  const rhoUsed = Math.min(Math.max(rho, 0), 1);
  return { rhoUsed, nEffective: Math.max((n * (1 - rhoUsed)) / (1 + rhoUsed), 1) };
}
