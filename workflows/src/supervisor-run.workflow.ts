import { ActivityFailure, ApplicationFailure, CancellationScope, isCancellation, proxyActivities } from '@temporalio/workflow';
import type { RunEnding, RunStatus, SupervisorRunActivities, SupervisorRunInput } from '@apex/contracts';

const bookkeeping = proxyActivities<SupervisorRunActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});
const work = proxyActivities<SupervisorRunActivities>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', maximumAttempts: 3 },
});

function failureMessage(error: unknown): string {
  const cause = error instanceof ActivityFailure ? error.cause : error;
  if (cause instanceof ApplicationFailure || cause instanceof Error) return cause.message;
  return String(cause);
}

/**
 * One admitted run: claims it (a run whose start was given up on stays given up), does the
 * supervisor's work, records how it ended and reports its usage once.
 */
export async function supervisorRunWorkflow(input: SupervisorRunInput): Promise<RunStatus> {
  let ending: RunEnding;
  try {
    const status = await bookkeeping.markRunRunning(input.runId);
    if (status !== 'running') return status;
    const outcome = await work.executeSupervisorRun(input.runId);
    ending = { status: 'succeeded', outcome };
  } catch (error) {
    if (isCancellation(error)) {
      await CancellationScope.nonCancellable(async () => {
        await bookkeeping.finishRun(input.runId, { status: 'cancelled' });
        await bookkeeping.recordRunUsage(input.runId);
      });
      throw error;
    }
    ending = { status: 'failed', failure: failureMessage(error) };
  }
  await CancellationScope.nonCancellable(async () => {
    await bookkeeping.finishRun(input.runId, ending);
    await bookkeeping.recordRunUsage(input.runId);
  });
  return ending.status;
}
