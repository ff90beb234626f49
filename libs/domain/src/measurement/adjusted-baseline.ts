import { Decimal } from '../decimal';
import { costAt, dailyCosts, DailyReading, KindRates, MONEY_SCALE, unitCostsOf } from './readings';

/*
 * The adjusted baseline: what the reporting period's traffic would have cost had nothing changed (IPMVP's
 * "adjusted baseline energy"). Two adjustments, day by day:
 *
 *   routine      baseline unit costs × the reporting day's volumes: more or less traffic is not a saving;
 *   non-routine  when the provider's prices in force on the day differ from the baseline's, the baseline is
 *                repriced at them, keeping the baseline's effective rate (new list rate × k per kind), so a
 *                provider's price cut is not credited as a saving, nor a rise charged against one.
 *
 *   adjusted baseline_d = Σ_kind volume_d,kind × k × rate_kind(d)
 *                       = routine_d + non-routine_d,   routine_d = Σ_kind volume_d,kind × k × baseline rate_kind
 */

export interface AdjustedBaselineDay {
  date: string;
  /** What the day actually cost. */
  actual: Decimal;
  /** Baseline unit costs × the day's volumes, rounded to MONEY_SCALE. */
  routineBaseline: Decimal;
  /** Repriced at the day's rates minus routineBaseline; zero when the rates did not change. */
  nonRoutineAdjustment: Decimal;
  /** routineBaseline + nonRoutineAdjustment. */
  adjustedBaseline: Decimal;
}

/** What the adjustment needs from the baseline model. */
export interface BaselineRates {
  rates: KindRates;
  effectiveRate: Decimal;
}

/**
 * The adjusted baseline of each reporting day (one per date, in date order; readings that share a date are
 * added). `ratesOn` gives the price book's per-kind rates in force on a reporting day; without it, or where it
 * answers undefined, the baseline's rates apply and there is no non-routine adjustment.
 */
export function adjustBaseline(
  baseline: BaselineRates,
  reporting: readonly DailyReading[],
  ratesOn?: (date: string) => KindRates | undefined,
): AdjustedBaselineDay[] {
  const routineUnitCosts = unitCostsOf(baseline.rates, baseline.effectiveRate);
  return dailyCosts(reporting).map((day) => {
    const routineBaseline = costAt(day.volumes, routineUnitCosts).round(MONEY_SCALE);
    const dayRates = ratesOn?.(day.date);
    const adjustedBaseline = dayRates ? costAt(day.volumes, unitCostsOf(dayRates, baseline.effectiveRate)).round(MONEY_SCALE) : routineBaseline;
    return { date: day.date, actual: day.cost, routineBaseline, nonRoutineAdjustment: adjustedBaseline.minus(routineBaseline), adjustedBaseline };
  });
}
