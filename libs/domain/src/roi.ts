import type { MeasuredAiSpend, PricingTerms, RoiFee, RoiRange, RoiScenario } from '@apex/contracts';
import { ROI_DAYS_PER_MONTH, ROI_SPEND_SCALE_MAX, ROI_SPEND_SCALE_MIN } from '@apex/contracts';
import { Decimal } from './decimal';
import { formatUsdAmount, spendBasedCharge } from './spend-based-price';

/*
 * The ROI calculator, in exact decimal arithmetic (libs/domain/src/decimal.ts), with every rounding named:
 *
 *   verified monthly rate = Σ over verified proofs of round₂(savings × 30 ÷ reporting days)
 *   potential monthly     = Σ low, expected and high monthly savings of open and accepted recommendations
 *   what-if               = each monthly figure × spendScale, round₂; the measured spend × spendScale, exactly
 *   fee                   = spendBasedCharge(terms, scaled spend): the very function that prices a billing period
 *   ROI %                 = round₁((savings − fee) × 100 ÷ fee)            undefined when the fee is 0 (Free)
 *   breakeven days        = round₁(fee ÷ (savings ÷ 30)) = round₁(fee × 30 ÷ savings)   none when savings ≤ 0
 *
 * round₂ and round₁ round half away from zero to 2 and 1 decimals. Breakeven is worked out without rounding the
 * daily savings first, so that it is the same whichever way it is written.
 */

const CENTS = 2;
const RATIO = 1;
const SPEND_SCALE = /^\d{1,2}(?:\.\d{1,6})?$/;

/** A verified proof as the ROI reads it: its reporting period's savings and that period's length. */
export interface VerifiedProofSavings {
  savings: string;
  reportingDays: number;
}

/** The what-if factor from its text: a plain decimal from 0.1 to 10 (up to 6 decimals), else null. */
export function parseSpendScale(text: string): Decimal | null {
  if (!SPEND_SCALE.test(text)) return null;
  const scale = Decimal.of(text);
  return scale.gte(ROI_SPEND_SCALE_MIN) && scale.lte(ROI_SPEND_SCALE_MAX) ? scale : null;
}

/** A proof's savings over its reporting period as a monthly rate: savings × 30 ÷ reporting days, to the cent. */
export function monthlyRate(proof: VerifiedProofSavings): Decimal {
  if (!Number.isInteger(proof.reportingDays) || proof.reportingDays <= 0) {
    throw new RangeError(`a reporting period of ${proof.reportingDays} days has no daily rate`);
  }
  return Decimal.of(proof.savings).times(ROI_DAYS_PER_MONTH).dividedBy(proof.reportingDays, CENTS);
}

/** The verified monthly rate: the sum of each verified proof's monthly rate; null when nothing is verified. */
export function verifiedMonthlyRate(proofs: readonly VerifiedProofSavings[]): Decimal | null {
  return proofs.length === 0 ? null : Decimal.sum(proofs.map(monthlyRate));
}

/** A monthly figure under the what-if: × spendScale, to the cent. */
export const scaled = (monthly: Decimal, spendScale: Decimal): Decimal => monthly.times(spendScale).round(CENTS);

const mapRange = <T, U>(range: RoiRange<T>, f: (value: T) => U): RoiRange<U> => ({ low: f(range.low), expected: f(range.expected), high: f(range.high) });
const point = <T>(value: T): RoiRange<T> => ({ low: value, expected: value, high: value });

/** (savings − fee) ÷ fee, in percent to one decimal; null when there is no fee to divide by. */
export function roiPercent(monthlySavings: Decimal, monthlyFee: Decimal): Decimal | null {
  return monthlyFee.isPositive() ? roiOverFee(monthlySavings, monthlyFee) : null;
}

/** (savings − fee) × 100 ÷ fee for a fee above zero. */
const roiOverFee = (monthlySavings: Decimal, monthlyFee: Decimal): Decimal => monthlySavings.minus(monthlyFee).times(100).dividedBy(monthlyFee, RATIO);

/** Days of savings that pay the month's fee: fee ÷ daily savings, to one decimal; null when nothing is saved. */
export function breakevenDays(monthlySavings: Decimal, monthlyFee: Decimal): Decimal | null {
  if (!monthlySavings.isPositive() || !monthlyFee.isPositive()) return null;
  return monthlyFee.times(ROI_DAYS_PER_MONTH).dividedBy(monthlySavings, RATIO);
}

/** Apex's fee on the (scaled) measured AI spend, by billing's own pricing function. */
export function roiFee(terms: PricingTerms, measured: Pick<MeasuredAiSpend, 'amount' | 'currency' | 'rowCount'>, spendScale: Decimal): { fee: RoiFee; scaledSpend: Decimal } {
  const scaledSpend = Decimal.of(measured.amount).times(spendScale);
  const base = { tier: terms.tier, rule: terms.rule };
  let charge;
  try {
    charge = spendBasedCharge(terms, { amount: scaledSpend.toString(), currency: measured.currency, rowCount: measured.rowCount });
  } catch (error) {
    // Billing refuses terms it cannot price (an Enterprise contract whose percentage or minimum is not set yet).
    if (!(error instanceof RangeError)) throw error;
    return {
      fee: { ...base, status: 'no_price', monthly: null, appliedRule: null, description: `No fee can be worked out yet: ${error.message}.` },
      scaledSpend,
    };
  }
  const monthly = Decimal.of(charge.chargeCents).dividedBy(100, CENTS);
  return {
    fee: { ...base, status: monthly.isZero() ? 'free' : 'charged', monthly: monthly.toFixed(CENTS), appliedRule: charge.rule, description: charge.description },
    scaledSpend,
  };
}

const money = (value: Decimal) => formatUsdAmount(value.toFixed(CENTS));
const percent = (value: Decimal) => `${value.toFixed(RATIO)}%`;
const days = (value: Decimal) => `${value.toFixed(RATIO)} days`;

/** ROI and breakeven for one reading of the monthly savings (a point for the verified part, a range with potential). */
export function roiScenario(includes: RoiScenario['includes'], savings: RoiRange<Decimal> | null, fee: RoiFee): RoiScenario {
  const what = includes === 'verified' ? 'verified savings' : 'verified and potential savings';
  const monthlySavings = savings ? mapRange(savings, (value) => value.toFixed(CENTS)) : null;
  if (!savings) {
    return {
      includes,
      status: 'no_savings',
      monthlySavings: null,
      roiPercent: null,
      breakevenDays: null,
      message:
        includes === 'verified'
          ? 'Nothing verified yet: the ROI on verified savings appears once a proof has verified a saving.'
          : 'Nothing verified yet and no open or accepted recommendation: there are no savings to set against the fee.',
    };
  }
  if (fee.status === 'no_price' || fee.monthly === null) {
    return { includes, status: 'no_price', monthlySavings, roiPercent: null, breakevenDays: null, message: `${fee.description} So there is no ROI on ${what} yet.` };
  }
  const monthlyFee = Decimal.of(fee.monthly);
  if (!monthlyFee.isPositive()) {
    return {
      includes,
      status: 'free',
      monthlySavings,
      roiPercent: null,
      breakevenDays: null,
      message: `On the Free plan Apex charges no fee, so ROI, (savings − fee) ÷ fee, is undefined: there is nothing to divide by, and no fee to earn back.`,
    };
  }
  const roi = mapRange(savings, (value) => roiOverFee(value, monthlyFee));
  const breakeven = mapRange(savings, (value) => breakevenDays(value, monthlyFee));
  const expectedBreakeven = breakeven.expected;
  const range = includes === 'verified' ? '' : ` (${percent(roi.low)} to ${percent(roi.high)})`;
  const payback = expectedBreakeven
    ? `the ${money(monthlyFee)} monthly fee is earned back in ${days(expectedBreakeven)}`
    : `at these savings the ${money(monthlyFee)} monthly fee is not earned back`;
  return {
    includes,
    status: 'computed',
    monthlySavings,
    roiPercent: mapRange(roi, (value) => value.toFixed(RATIO)),
    breakevenDays: mapRange(breakeven, (value) => value?.toFixed(RATIO) ?? null),
    message: `ROI on ${what}: ${percent(roi.expected)}${range}; ${payback}.`,
  };
}

export interface RoiInputs {
  terms: PricingTerms;
  /** The AI spend billing measures over the window (USD). */
  measured: Pick<MeasuredAiSpend, 'amount' | 'currency' | 'rowCount'>;
  spendScale: Decimal;
  /** The verified proofs in USD. */
  verifiedProofs: readonly VerifiedProofSavings[];
  /** Σ low, expected and high monthly savings of the open and accepted recommendations in USD; null when there are none. */
  potential: RoiRange | null;
}

export interface RoiFigures {
  scaledSpend: Decimal;
  fee: RoiFee;
  /** Verified monthly rate × spendScale, to the cent; null when nothing is verified. */
  verifiedMonthly: Decimal | null;
  /** Potential monthly × spendScale, to the cent; null when nothing is open or accepted. */
  potentialMonthly: RoiRange<Decimal> | null;
  /** Verified + potential; null when there is neither. */
  forecast: RoiRange<Decimal> | null;
  scenarios: { verified: RoiScenario; verifiedAndPotential: RoiScenario };
}

/** Every figure of the ROI calculator from its inputs. */
export function roiFigures(inputs: RoiInputs): RoiFigures {
  const { fee, scaledSpend } = roiFee(inputs.terms, inputs.measured, inputs.spendScale);
  const rate = verifiedMonthlyRate(inputs.verifiedProofs);
  const verifiedMonthly = rate === null ? null : scaled(rate, inputs.spendScale);
  const potentialMonthly = inputs.potential ? mapRange(inputs.potential, (value) => scaled(Decimal.of(value), inputs.spendScale)) : null;
  const forecast =
    verifiedMonthly === null && potentialMonthly === null
      ? null
      : mapRange(potentialMonthly ?? point(Decimal.ZERO), (value) => value.plus(verifiedMonthly ?? Decimal.ZERO));
  return {
    scaledSpend,
    fee,
    verifiedMonthly,
    potentialMonthly,
    forecast,
    scenarios: {
      verified: roiScenario('verified', verifiedMonthly === null ? null : point(verifiedMonthly), fee),
      verifiedAndPotential: roiScenario('verified_and_potential', forecast, fee),
    },
  };
}
