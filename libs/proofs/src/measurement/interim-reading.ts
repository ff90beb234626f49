import type { ProofState } from '@apex/contracts';
import { adjustBaseline, BaselineRates, DailyReading, KindRates, MONEY_SCALE, savingsOf } from '@apex/domain';

/**
 * The reporting period so far, as the portal shows it while the proof measures: actual against the adjusted
 * baseline (routine and non-routine adjustments) and their difference, measured, not verified.
 */
export function interimReading(baseline: BaselineRates, readings: readonly DailyReading[], ratesOn: (day: string) => KindRates | undefined): NonNullable<ProofState['interim']> {
  const savings = savingsOf(adjustBaseline(baseline, readings, ratesOn));
  const money = (value: typeof savings.actual) => value.round(MONEY_SCALE).toString();
  return { days: savings.days.length, actual: money(savings.actual), adjustedBaseline: money(savings.adjustedBaseline), savings: money(savings.savings) };
}
