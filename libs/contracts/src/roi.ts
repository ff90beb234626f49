import type { AppliedPriceRule } from './billing-workflows';
import type { PricingRule, Tier } from './plans';

/*
 * GET /roi: the ROI calculator and forecaster of the caller's own organisation.
 *
 * Words mean one thing here, as in the proofs: a **verified** figure is what finished proofs measured (verdict
 * `verified`); a **potential** figure is what open and accepted recommendations expect, and is never called a saving.
 * Every amount is a decimal string in USD, the currency Apex bills in: money to the cent ("300.00"), ROI percentages
 * and breakeven days to one decimal ("1328.6"). Figures in other currencies are listed apart and are not in the ROI.
 * With `spendScale` (the what-if), the measured AI spend and every monthly figure are scaled by it before the fee,
 * the ROI and the breakeven are worked out.
 */

/** The what-if's bounds: the customer's spend scaled by a decimal from 0.1 to 10. */
export const ROI_SPEND_SCALE_MIN = '0.1';
export const ROI_SPEND_SCALE_MAX = '10';
/** A month, for every monthly rate and for breakeven: 30 days. */
export const ROI_DAYS_PER_MONTH = 30;

/** A monthly figure's low, expected and high values. */
export interface RoiRange<T = string> {
  low: T;
  expected: T;
  high: T;
}

/** The AI spend the fee is computed from: the 30 days up to the latest day with AI spend, as billing measures it. */
export interface RoiSpend {
  /** First day of the window (YYYY-MM-DD, UTC). */
  from: string;
  /** First day after the window. */
  to: string;
  /** Measured AI spend in the window (USD, as billing sums it: `effective_cost` of AI rows). */
  measured: string;
  rowCount: number;
  /** The what-if's factor, "1" unless asked. */
  spendScale: string;
  /** measured × spendScale: what the fee below is computed from. */
  scaled: string;
}

/** Apex's monthly fee under the organisation's own price rule, by the function that prices billing periods. */
export interface RoiFee {
  /** `charged`: a fee above zero; `free`: the Free plan, no fee; `no_price`: an Enterprise contract whose terms are not set yet. */
  status: 'charged' | 'free' | 'no_price';
  tier: Tier;
  rule: PricingRule;
  /** USD to the cent; null when there is no price yet. */
  monthly: string | null;
  appliedRule: AppliedPriceRule | null;
  /** How the fee came about, in billing's own words ("2% of $1,050.00 measured AI spend (30 cost rows), ..."). */
  description: string;
}

/** The verified part: the sum of finished proofs whose verdict is `verified`, as a monthly rate. */
export interface RoiVerifiedPart {
  kind: 'verified';
  /** `nothing_verified` when no proof has been verified yet: then every figure is null. */
  status: 'verified' | 'nothing_verified';
  proofCount: number;
  /** Σ savings of the verified proofs' reporting periods, as measured (not scaled). */
  measuredSavings: string | null;
  /** Σ over the proofs of savings ÷ reporting days × 30 (each to the cent), × spendScale. */
  monthly: string | null;
  message: string;
}

/** The potential part: the expected monthly savings of open and accepted recommendations; not a saving. */
export interface RoiPotentialPart {
  kind: 'potential';
  /** `nothing_open` when no recommendation is open or accepted: then `monthly` is null. */
  status: 'potential' | 'nothing_open';
  recommendationCount: number;
  byStatus: Array<{ status: 'open' | 'accepted'; count: number; monthly: RoiRange }>;
  /** Σ low, expected and high monthly savings of those recommendations, × spendScale. */
  monthly: RoiRange | null;
  message: string;
}

/** ROI and breakeven for one reading of the savings: the verified part alone, or verified and potential together. */
export interface RoiScenario {
  includes: 'verified' | 'verified_and_potential';
  /**
   * `computed`: ROI and breakeven below; `no_savings`: nothing to compute them from; `free`: no fee, so ROI is
   * undefined; `no_price`: the fee is not known yet.
   */
  status: 'computed' | 'no_savings' | 'free' | 'no_price';
  /** Monthly savings (USD); for the verified part alone low, expected and high are the same. */
  monthlySavings: RoiRange | null;
  /** (savings − fee) ÷ fee × 100 at the low, expected and high savings; null unless `computed`. */
  roiPercent: RoiRange | null;
  /** fee ÷ (savings ÷ 30) at each of those savings; a value is null where the savings are not above zero. */
  breakevenDays: RoiRange<string | null> | null;
  message: string;
}

/** Verified and potential figures in a currency other than USD: shown, never converted, and not in the ROI. */
export interface RoiOtherCurrency {
  currency: string;
  verifiedMonthly: string | null;
  potentialMonthly: RoiRange | null;
}

export interface RoiForecast {
  /** `no_cost_data`: no AI spend in USD has been measured, so no figure is shown; `message` says what to do. */
  status: 'ready' | 'no_cost_data';
  /** The headline, e.g. "Based on your usage, Apex will save you $500.00 a month ($400.00–$600.00)." */
  message: string;
  currency: 'USD';
  spend: RoiSpend | null;
  fee: RoiFee | null;
  verified: RoiVerifiedPart | null;
  potential: RoiPotentialPart | null;
  /** verified + potential monthly, the headline's figure; null when there is neither. */
  forecast: RoiRange | null;
  scenarios: { verified: RoiScenario; verifiedAndPotential: RoiScenario } | null;
  otherCurrencies: RoiOtherCurrency[];
  /** The method in sentences, each formula named. */
  method: string[];
}
