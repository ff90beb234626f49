import { adjustBaseline } from './adjusted-baseline';
import { BASELINE_MODEL_PARAMETERS, BaselineInput, BaselineModel, fitBaseline } from './baseline';
import { dayNumber } from './calendar';
import type { DailyReading, KindRates } from './readings';
import { Savings, savingsOf } from './savings';
import { SavingsUncertainty, savingsUncertainty } from './savings-uncertainty';
import { savingsVerdict, SavingsVerdict } from './verdict';

/*
 * Proof of savings for one recommendation's scope, in the manner of IPMVP Option B with ASHRAE Guideline 14's
 * uncertainty: fit the baseline model, adjust it to the reporting period's volumes and prices, take savings as
 * adjusted baseline − actual, size their uncertainty from the baseline's residuals, and give the verdict.
 */

export interface SavingsMeasurementInput {
  baseline: BaselineInput;
  reporting: {
    /** The reporting period's daily readings; all must fall after the baseline window. */
    readings: readonly DailyReading[];
    /** The per-kind rates in force on a reporting day, where they differ from the baseline's. */
    ratesOn?: (date: string) => KindRates | undefined;
  };
}

export interface SavingsMeasurement {
  baseline: BaselineModel;
  savings: Savings;
  uncertainty: SavingsUncertainty;
  verdict: SavingsVerdict;
}

export function measureSavings(input: SavingsMeasurementInput): SavingsMeasurement {
  const baseline = fitBaseline(input.baseline);
  const baselineEnd = dayNumber(input.baseline.window.to);
  const early = input.reporting.readings.find((reading) => dayNumber(reading.date) <= baselineEnd);
  if (early) throw new RangeError(`reporting reading of ${early.date} is not after the baseline, which ends ${input.baseline.window.to}`);

  const savings = savingsOf(adjustBaseline(baseline, input.reporting.readings, input.reporting.ratesOn));
  const uncertainty = savingsUncertainty({
    baselineDays: baseline.days,
    parameters: BASELINE_MODEL_PARAMETERS,
    reportingDays: savings.days.length,
    adjustedBaseline: savings.adjustedBaseline,
    savings: savings.savings,
  });
  const verdict = savingsVerdict({
    baselineSufficient: baseline.shortfalls.length === 0,
    savings: savings.savings,
    uncertainty68: uncertainty.status === 'estimated' ? uncertainty.at68.absolute : null,
  });
  return { baseline, savings, uncertainty, verdict };
}
