import type { ProofBaseline, ProofVerdict } from '@apex/contracts';
import { MIN_REPORTING_DAYS } from '../measurement/final-verdict';

function boundaryWords(baseline: ProofBaseline): string {
  const b = baseline.boundary;
  if (!b) return 'The recommendation has no boundary a proof can measure.';
  const where = [b.service && `service ${b.service}`, b.resource && `resource ${b.resource}`].filter(Boolean).join(', ');
  const moved = b.models.length > 1 ? ` (with ${b.models.slice(1).join(', ')}, where the change moves its traffic)` : '';
  return (
    `IPMVP Option B: the measurement boundary is ${b.provider} ${b.model}${moved}${where ? `, ${where}` : ''}, in ${b.currency}` +
    `${b.cachedAsUncached ? ', with cached input tokens counted as uncached input, as they would be without caching' : ''}.`
  );
}

/** The method in words, as the report carries it: what was compared with what, and how the verdict was reached. */
export function methodOf(baseline: ProofBaseline, verdict: ProofVerdict, reportingDaysMeasured: number, reportingDays: number): string {
  const sentences = [
    boundaryWords(baseline),
    `Baseline: ${baseline.from} to ${baseline.to}, ${baseline.daysWithReadings} of ${baseline.calendarDays} days with cost rows (${baseline.coveragePercent} %; 90 % needed).`,
  ];
  if (baseline.shortfall) {
    sentences.push(`${baseline.shortfall} No saving is measured on it.`);
    return sentences.join(' ');
  }
  sentences.push(
    `Unit costs are the price book's list rates (version ${baseline.priceBookVersion}) for ${baseline.boundary?.model} times the effective rate ${baseline.effectiveRate}, the ratio of the baseline's cost to its cost at list.`,
    "Adjusted baseline = baseline unit costs × each reporting day's volumes (routine adjustment, so more or less traffic is not a saving); on days the price book prices the model differently from the baseline, the baseline is repriced at those prices (non-routine adjustment, so a provider's price change is not credited).",
    'Savings = adjusted baseline − actual.',
    "Uncertainty: ASHRAE Guideline 14-2014 Annex B, ΔS = t × 1.26 × CV(RMSE) × sqrt((n/n′)(1 + 2/n′)(1/m)) × adjusted baseline, with n′ = n(1 − ρ)/(1 + ρ) for the baseline residuals' lag-1 autocorrelation ρ, at 68 % and 90 % confidence.",
    'Verdict: verified when the 68 % uncertainty is below half the savings, no savings when the savings are at or below zero, inconclusive otherwise.',
  );
  if (reportingDaysMeasured < reportingDays) {
    sentences.push(
      `The reporting period was ended after ${reportingDaysMeasured} of its ${reportingDays} days${reportingDaysMeasured < MIN_REPORTING_DAYS ? `; fewer than ${MIN_REPORTING_DAYS} days verify nothing` : ''}.`,
    );
  }
  sentences.push(`Verdict: ${verdict.replace(/_/g, ' ')}.`);
  return sentences.join(' ');
}
