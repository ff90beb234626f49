import { ActivityFailure, ApplicationFailure, CancellationScope, defineQuery, defineSignal, isCancellation, proxyActivities, setHandler } from '@temporalio/workflow';
import type { ProofActivities, ProofInput, ProofState, ProofVerdict } from '@apex/contracts';
import { endReportingPeriodSignalName, proofStateQueryName } from '@apex/contracts';
import { addDays } from '@apex/domain';
import { DAY_MS, waitUntil } from './billing-time';

const measuring = proxyActivities<ProofActivities>({
  startToCloseTimeout: '10 minutes',
  retry: { initialInterval: '5 seconds', maximumInterval: '10 minutes', maximumAttempts: 10 },
});
const bookkeeping = proxyActivities<Pick<ProofActivities, 'failProof'>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

export const endReportingPeriod = defineSignal(endReportingPeriodSignalName);
export const proofState = defineQuery<ProofState>(proofStateQueryName);

/** The UTC calendar day of the workflow's clock. */
const today = () => new Date(Date.now()).toISOString().slice(0, 10);
const nextUtcMidnight = () => (Math.floor(Date.now() / DAY_MS) + 1) * DAY_MS;

function failureMessage(error: unknown): string {
  const cause = error instanceof ActivityFailure ? error.cause : error;
  if (cause instanceof ApplicationFailure || cause instanceof Error) return cause.message;
  return String(cause);
}

/**
 * `proof-<recommendationId>`: captures the baseline before the implementation; with a sufficient one, reads the
 * reporting period every UTC day (the `proofState` query answers the latest interim reading) until the day after it
 * ends, or until `endReportingPeriod` ends it early; then calculates the savings and signs the report. An insufficient
 * baseline goes straight to its report. A failure the activities cannot get past marks the proof failed.
 */
export async function proofWorkflow(input: ProofInput): Promise<ProofVerdict | 'failed'> {
  const state: ProofState = { status: 'baseline', interim: null, reportingEndsOn: null, verdict: null };
  let ended = false;
  setHandler(proofState, () => state);
  setHandler(endReportingPeriod, () => {
    ended = true;
  });

  try {
    const { sufficient, reportingEndsOn } = await measuring.captureBaselineMetrics(input.proofId);
    state.reportingEndsOn = reportingEndsOn;
    if (sufficient) {
      state.status = 'measuring';
      // A reading as of a day covers the period up to the day before: the whole period is read the day after it ends.
      const complete = addDays(reportingEndsOn, 1);
      let readAsOf: string | null = null;
      for (;;) {
        const day = today();
        const asOf = day < complete ? day : complete;
        if (asOf > input.implementedOn && asOf !== readAsOf) {
          state.interim = await measuring.recordDailyReading(input.proofId, asOf);
          readAsOf = asOf;
        }
        if (ended || day >= complete) break;
        await waitUntil(nextUtcMidnight(), () => ended);
      }
    }
    state.status = 'calculating';
    const { verdict } = await measuring.calculateImprovements(input.proofId);
    await measuring.generateProofReport(input.proofId);
    state.verdict = verdict;
    state.status = 'finished';
    return verdict;
  } catch (error) {
    state.status = 'failed';
    if (isCancellation(error)) {
      await CancellationScope.nonCancellable(() => bookkeeping.failProof(input.proofId, 'The proof was cancelled.'));
      throw error;
    }
    await bookkeeping.failProof(input.proofId, failureMessage(error));
    return 'failed';
  }
}
