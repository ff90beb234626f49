import type { ProofBaseline, ProofKindRates } from '@apex/contracts';
import { BaselineInput, BaselineRates, Decimal, KindRates } from '@apex/domain';
import { fromProofVolumes } from '../readings/volumes';

export const fromProofRates = (rates: ProofKindRates): KindRates => ({ ...rates });

/** A captured baseline as the measurement takes it, or null when it was captured without prices. */
export function baselineInputOf(baseline: ProofBaseline): BaselineInput | null {
  if (!baseline.listRates) return null;
  return {
    window: { from: baseline.from, to: baseline.to },
    readings: baseline.daily.map((day) => ({ date: day.date, cost: day.actual, volumes: fromProofVolumes(day.volumes) })),
    rates: fromProofRates(baseline.listRates),
  };
}

/** The baseline's rates and effective rate, which the adjusted baseline needs; null when it has none. */
export function baselineRatesOf(baseline: ProofBaseline): BaselineRates | null {
  if (!baseline.listRates || baseline.effectiveRate === null) return null;
  return { rates: fromProofRates(baseline.listRates), effectiveRate: Decimal.of(baseline.effectiveRate) };
}
