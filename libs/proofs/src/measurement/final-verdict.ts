import type { ProofVerdict } from '@apex/contracts';

/** The fewest reporting days a verdict of verified rests on (the shortest reporting period config allows). */
export const MIN_REPORTING_DAYS = 7;

/**
 * The proof's verdict from the measurement's: a reporting period ended early, with fewer than seven days measured,
 * verifies nothing (inconclusive at best), and one with no day measured is inconclusive, not "no savings".
 */
export function finalVerdict(measured: ProofVerdict, reportingDaysMeasured: number): ProofVerdict {
  if (measured === 'insufficient_baseline') return measured;
  if (reportingDaysMeasured === 0) return 'inconclusive';
  if (measured === 'verified' && reportingDaysMeasured < MIN_REPORTING_DAYS) return 'inconclusive';
  return measured;
}
