import type { ProofBaseline, ProofReading, ProofReport, ProofUncertainty, ProofVerdict, RecommendationScope } from '@apex/contracts';
import { Decimal, MONEY_SCALE, SavingsMeasurement } from '@apex/domain';
import { methodOf } from './method';

export interface ReportInput {
  proofId: string;
  recommendationId: string;
  scope: RecommendationScope;
  currency: string;
  implementedOn: string;
  reportingDays: number;
  baseline: ProofBaseline;
  /** The reporting period measured, both ends included (to is before from when no day was measured). */
  reporting: { from: string; to: string; evidenceSha256: string; rowCount: number };
  /** Null when the baseline could not be priced. */
  measurement: SavingsMeasurement | null;
  verdict: ProofVerdict;
  priceBookVersions: number[];
  generatedAt: string;
}

const money = (value: Decimal) => value.round(MONEY_SCALE).toString();

function uncertaintyOf(measurement: SavingsMeasurement | null): ProofUncertainty {
  const u = measurement?.uncertainty;
  if (!u || u.status !== 'estimated') return { at68: null, at90: null, fractional68: null, fractional90: null, cvRmse: null, autocorrelation: null };
  return {
    at68: u.at68.absolute.toString(),
    at90: u.at90.absolute.toString(),
    fractional68: u.at68.fractional?.toString() ?? null,
    fractional90: u.at90.fractional?.toString() ?? null,
    cvRmse: u.cvRmse.toString(),
    autocorrelation: u.autocorrelation.toString(),
  };
}

/** The report a proof signs: baseline, reporting period, adjustments, savings, uncertainty, verdict and method. */
export function proofReport(input: ReportInput): ProofReport {
  const savings = input.measurement?.savings;
  const readings: ProofReading[] = (savings?.days ?? []).map((day) => ({
    date: day.date,
    actual: money(day.actual),
    routineBaseline: money(day.routineBaseline),
    nonRoutineAdjustment: money(day.nonRoutineAdjustment),
    adjustedBaseline: money(day.adjustedBaseline),
    savings: money(day.savings),
  }));
  const zero = Decimal.ZERO;
  return {
    proofId: input.proofId,
    recommendationId: input.recommendationId,
    scope: input.scope,
    currency: input.currency,
    implementedOn: input.implementedOn,
    baseline: input.baseline,
    reporting: { from: input.reporting.from, to: input.reporting.to, days: readings.length, readings, evidenceSha256: input.reporting.evidenceSha256, rowCount: input.reporting.rowCount },
    adjustments: {
      routineBaseline: money(savings?.routineBaseline ?? zero),
      nonRoutine: money(savings?.nonRoutineAdjustment ?? zero),
      priceBookVersions: [...new Set(input.priceBookVersions)].sort((a, b) => a - b),
    },
    actual: money(savings?.actual ?? zero),
    adjustedBaseline: money(savings?.adjustedBaseline ?? zero),
    savings: money(savings?.savings ?? zero),
    savingsPercent: savings?.fraction ? savings.fraction.times(100).round(2).toString() : null,
    uncertainty: uncertaintyOf(input.measurement),
    verdict: input.verdict,
    method: methodOf(input.baseline, input.verdict, readings.length, input.reportingDays),
    generatedAt: input.generatedAt,
  };
}
