import { Context } from '@temporalio/activity';
import { CancelledFailure } from '@temporalio/common';

const HEARTBEAT_EVERY_MS = 5_000;

/** The current activity's context, or null when the code runs outside an activity (a test calling a service). */
function activityContext(): Context | null {
  try {
    return Context.current();
  } catch {
    return null;
  }
}

/**
 * Runs `work` while heartbeating, so that a long aggregation shows it is alive and a cancelled run's activity learns
 * of it; `checkpoint` throws once the activity is cancelled, for `work` to call between its steps.
 */
export async function withHeartbeat<T>(work: (checkpoint: () => void) => Promise<T>): Promise<T> {
  const context = activityContext();
  if (!context) return work(() => undefined);
  context.heartbeat();
  const timer = setInterval(() => context.heartbeat(), HEARTBEAT_EVERY_MS);
  try {
    return await work(() => {
      if (context.cancellationSignal.aborted) throw new CancelledFailure('The run was cancelled.');
      context.heartbeat();
    });
  } finally {
    clearInterval(timer);
  }
}
