import { Decimal } from '../decimal';
import type { BaselineDay } from './baseline';
import { MONEY_SCALE } from './readings';
import { cvRmse, effectiveSampleSize, lag1Autocorrelation } from './residual-statistics';
import { twoSidedT } from './t-distribution';

/*
 * How sure the measured savings are. The statistics (standard deviation, autocorrelation, square roots,
 * t-values) are computed in JS floating-point numbers; every figure this module returns is rounded and returned
 * as a Decimal (STAT_SCALE decimals for statistics, MONEY_SCALE for money), and money itself is only ever
 * multiplied as a Decimal.
 */

/** Decimals statistics are shown to. */
export const STAT_SCALE = 6;
/** ASHRAE Guideline 14's empirical factor for the uncertainty of a sum of predictions. */
export const ASHRAE_FACTOR = 1.26;
/** The confidence levels uncertainty is reported at: 68 % (the verification test) and 90 %. */
export const CONFIDENCE_LEVELS = { '68': 0.68, '90': 0.9 } as const;

export interface UncertaintyTerms {
  /** Two-sided Student's t at the confidence level. */
  t: number;
  cvRmse: number;
  /** Baseline days. */
  n: number;
  /** Effective baseline days n′. */
  nEffective: number;
  /** Reporting days. */
  m: number;
}

/**
 * The savings uncertainty as a share of the adjusted baseline, ΔS ÷ E_adjusted:
 *
 *   ΔS/S = t · 1.26 · CV · sqrt( (n/n′) · (1 + 2/n′) · (1/m) ) ÷ F,   F = S ÷ E_adjusted
 *   ⇒ ΔS = t · 1.26 · CV · sqrt( (n/n′) · (1 + 2/n′) · (1/m) ) · E_adjusted
 *
 * ASHRAE Guideline 14-2014, Annex B (fractional savings uncertainty of a baseline model with autocorrelated
 * residuals), after Reddy & Claridge (2000), "Uncertainty of 'measured' energy savings from statistical baseline
 * models", HVAC&R Research 6(1). n′ replaces n in the 1 + 2/n term as well as in n/n′: the prediction-error term
 * counts independent days, which is n′ when residuals are autocorrelated (with ρ = 0 it is the plain 1 + 2/n).
 */
export function uncertaintyShare({ t, cvRmse, n, nEffective, m }: UncertaintyTerms): number {
  return t * ASHRAE_FACTOR * cvRmse * Math.sqrt((n / nEffective) * (1 + 2 / nEffective) * (1 / m));
}

export interface UncertaintyBand {
  /** 0.68 or 0.9. */
  confidence: Decimal;
  t: Decimal;
  /** ΔS ÷ S, the fractional savings uncertainty; null when there are no savings to divide by. */
  fractional: Decimal | null;
  /** ΔS in currency: the savings lie within ± this at the confidence level. */
  absolute: Decimal;
}

export type UncertaintyShortfall =
  /** n ≤ p: the residuals have no degrees of freedom. */
  | 'too_few_baseline_days'
  /** The mean baseline cost is not positive, so CV(RMSE) is undefined. */
  | 'no_baseline_cost'
  | 'no_reporting_days'
  /** n′ − p ≤ 0: autocorrelation leaves no degrees of freedom for t. */
  | 'no_degrees_of_freedom';

export type SavingsUncertainty =
  | {
      status: 'estimated';
      /** n. */
      baselineDays: number;
      /** m. */
      reportingDays: number;
      /** p. */
      parameters: number;
      cvRmse: Decimal;
      /** ρ as measured. */
      autocorrelation: Decimal;
      /** ρ as used: 0 when negative. */
      autocorrelationUsed: Decimal;
      /** n′. */
      effectiveBaselineDays: Decimal;
      /** n′ − p, the degrees of freedom of t. */
      degreesOfFreedom: Decimal;
      at68: UncertaintyBand;
      at90: UncertaintyBand;
    }
  | { status: 'not_estimable'; reason: UncertaintyShortfall };

export interface UncertaintyInput {
  /** The baseline model's days: actual, modelled and residual. */
  baselineDays: readonly Pick<BaselineDay, 'date' | 'actual' | 'residual'>[];
  /** Parameters the baseline model fitted (p). */
  parameters: number;
  /** Days in the reporting period with a reading (m). */
  reportingDays: number;
  /** The reporting period's adjusted baseline, E_adjusted. */
  adjustedBaseline: Decimal;
  /** The measured savings, S. */
  savings: Decimal;
}

const stat = (value: number): Decimal => Decimal.of(value).round(STAT_SCALE);

/** The savings' uncertainty at 68 % and 90 % confidence; see `uncertaintyShare` for the formula. */
export function savingsUncertainty(input: UncertaintyInput): SavingsUncertainty {
  const days = input.baselineDays.map((day) => ({ date: day.date, actual: day.actual.toNumber(), residual: day.residual.toNumber() }));
  const n = days.length;
  const m = input.reportingDays;
  const p = input.parameters;
  if (n <= p) return { status: 'not_estimable', reason: 'too_few_baseline_days' };
  if (m < 1) return { status: 'not_estimable', reason: 'no_reporting_days' };
  const cv = cvRmse(days, p);
  if (cv === null) return { status: 'not_estimable', reason: 'no_baseline_cost' };
  const rho = lag1Autocorrelation(days);
  const { rhoUsed, nEffective } = effectiveSampleSize(n, rho);
  const degreesOfFreedom = nEffective - p;
  if (!(degreesOfFreedom > 0)) return { status: 'not_estimable', reason: 'no_degrees_of_freedom' };

  const t68 = twoSidedT(CONFIDENCE_LEVELS['68'], degreesOfFreedom);
  const t90 = twoSidedT(CONFIDENCE_LEVELS['90'], degreesOfFreedom);
  // A fraction of a degree of freedom can put t beyond what a number holds.
  if (!Number.isFinite(uncertaintyShare({ t: t90, cvRmse: cv, n, nEffective, m }))) {
    return { status: 'not_estimable', reason: 'no_degrees_of_freedom' };
  }

  const hasSavings = input.adjustedBaseline.isPositive() && input.savings.isPositive();
  const fraction = hasSavings ? input.savings.dividedBy(input.adjustedBaseline, 12).toNumber() : null;
  const band = (confidence: number, t: number): UncertaintyBand => {
    const share = uncertaintyShare({ t, cvRmse: cv, n, nEffective, m });
    return {
      confidence: Decimal.of(confidence),
      t: stat(t),
      fractional: fraction === null ? null : stat(share / fraction),
      absolute: Decimal.of(share).round(12).times(input.adjustedBaseline.abs()).round(MONEY_SCALE),
    };
  };
  return {
    status: 'estimated',
    baselineDays: n,
    reportingDays: m,
    parameters: p,
    cvRmse: stat(cv),
    autocorrelation: stat(rho),
    autocorrelationUsed: stat(rhoUsed),
    effectiveBaselineDays: stat(nEffective),
    degreesOfFreedom: stat(degreesOfFreedom),
    at68: band(CONFIDENCE_LEVELS['68'], t68),
    at90: band(CONFIDENCE_LEVELS['90'], t90),
  };
}
