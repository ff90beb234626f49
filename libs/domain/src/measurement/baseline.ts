import { Decimal } from '../decimal';
import { calendarDays, DateWindow, isInWindow } from './calendar';
import { costAt, dailyCosts, DailyReading, KindRates, MONEY_SCALE, UnitCosts, unitCostsOf } from './readings';

/*
 * The baseline model: what the scope's traffic cost per unit before the change.
 *
 * A day's cost is a sum over kinds of token (and requests), so one day cannot say what each kind cost; the model
 * therefore takes the kinds' relative prices from the price book and fits one number from the data:
 *
 *   list cost of day d     L_d = Σ_kind volume_d,kind × list rate_kind        (the price book's rates at baseline)
 *   effective rate         k   = Σ_d actual_d ÷ Σ_d L_d                       (the customer's discount or markup)
 *   unit cost of a kind        = k × list rate_kind                            (per 1K tokens, per request)
 *   modelled cost of day d     = k × L_d = Σ_kind volume_d,kind × unit cost_kind
 *
 * so the model reproduces the baseline's total cost (to the rounding of k to RATE_SCALE decimals and of each
 * modelled day to MONEY_SCALE) and has one fitted parameter, k. The residuals actual_d − modelled_d are what the
 * model does not explain, and they size the uncertainty of the savings.
 */

/** Decimals the effective rate is kept to. */
export const RATE_SCALE = 12;
/** Parameters the baseline model fits from the data: the effective rate alone. */
export const BASELINE_MODEL_PARAMETERS = 1;
/** The share of the baseline window's calendar days that must have a reading. */
export const MIN_BASELINE_COVERAGE = Decimal.of('0.9');

export type BaselineShortfall =
  /** Fewer than 90 % of the window's calendar days have a reading. */
  | 'coverage_below_90_percent'
  /** The baseline days have no volume the rates price, so no effective rate can be fitted. */
  | 'no_priced_volume';

export interface BaselineDay {
  date: string;
  actual: Decimal;
  /** At list rates, before the effective rate. */
  list: Decimal;
  /** k × list, rounded to MONEY_SCALE. */
  modelled: Decimal;
  /** actual − modelled. */
  residual: Decimal;
}

export interface BaselineModel {
  window: DateWindow;
  calendarDays: number;
  daysWithReadings: number;
  /** daysWithReadings ÷ calendarDays, to 4 decimals. */
  coverage: Decimal;
  /** Empty when the baseline can carry a measurement. */
  shortfalls: BaselineShortfall[];
  rates: KindRates;
  /** k = actual ÷ list over the baseline days, to RATE_SCALE decimals; 1 when nothing was priced. */
  effectiveRate: Decimal;
  unitCosts: UnitCosts;
  actualTotal: Decimal;
  listTotal: Decimal;
  /** Σ modelled days. */
  modelledTotal: Decimal;
  days: BaselineDay[];
}

export interface BaselineInput {
  /** The baseline period, both ends included; readings outside it are left out. */
  window: DateWindow;
  readings: readonly DailyReading[];
  /** The price book's per-kind rates in force during the baseline. */
  rates: KindRates;
}

/** The share of the window's calendar days that have a reading, to 4 decimals, and whether it reaches 90 %. */
export function baselineCoverage(daysWithReadings: number, days: number): { coverage: Decimal; sufficient: boolean } {
  const coverage = Decimal.of(daysWithReadings).dividedBy(days, 4);
  // Compared exactly (days with readings ≥ 0.9 × calendar days), not through the rounded share.
  return { coverage, sufficient: Decimal.of(daysWithReadings).gte(MIN_BASELINE_COVERAGE.times(days)) };
}

/** Fits the baseline model to the readings in the window; see the head of this file for the model. */
export function fitBaseline(input: BaselineInput): BaselineModel {
  const days = calendarDays(input.window);
  const readings = dailyCosts(input.readings).filter((reading) => isInWindow(reading.date, input.window));
  const listUnitCosts = unitCostsOf(input.rates);
  const listed = readings.map((reading) => ({ ...reading, list: costAt(reading.volumes, listUnitCosts) }));

  const actualTotal = Decimal.sum(listed.map((day) => day.cost));
  const listTotal = Decimal.sum(listed.map((day) => day.list));
  const priced = listTotal.isPositive();
  const effectiveRate = priced ? actualTotal.dividedBy(listTotal, RATE_SCALE) : Decimal.ONE;
  const unitCosts = unitCostsOf(input.rates, effectiveRate);

  const modelledDays: BaselineDay[] = listed.map((day) => {
    const modelled = costAt(day.volumes, unitCosts).round(MONEY_SCALE);
    return { date: day.date, actual: day.cost, list: day.list, modelled, residual: day.cost.minus(modelled) };
  });

  const { coverage, sufficient } = baselineCoverage(readings.length, days);
  const shortfalls: BaselineShortfall[] = [];
  if (!sufficient) shortfalls.push('coverage_below_90_percent');
  if (!priced) shortfalls.push('no_priced_volume');

  return {
    window: input.window,
    calendarDays: days,
    daysWithReadings: readings.length,
    coverage,
    shortfalls,
    rates: input.rates,
    effectiveRate,
    unitCosts,
    actualTotal,
    listTotal,
    modelledTotal: Decimal.sum(modelledDays.map((day) => day.modelled)),
    days: modelledDays,
  };
}
