import { ApplicationFailure } from '@temporalio/workflow';
import type { IngestionPeriod } from '@apex/contracts';

const DAY_MS = 86_400_000;
const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * The `count` calendar months up to and including the one `now` falls in, newest first. The running month
 * ends tomorrow (UTC), so today's partial costs are included and no provider is asked about the future.
 */
export function recentMonths(now: Date, count: number): IngestionPeriod[] {
  const tomorrow = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) + DAY_MS;
  return Array.from({ length: count }, (_, back) => {
    const start = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1);
    const nextMonth = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back + 1, 1);
    return { month: isoDate(start).slice(0, 7), start: isoDate(start), end: isoDate(Math.min(nextMonth, tomorrow)) };
  });
}

/**
 * What went wrong, for a person: the message of the outermost application failure in the chain of causes (a child
 * workflow's own summary, or an activity's), else the most specific message there is.
 */
export function reasonOf(error: unknown): string {
  let current: unknown = error;
  while (current instanceof Error) {
    if (current instanceof ApplicationFailure && current.message) return current.message;
    if (!(current.cause instanceof Error)) break;
    current = current.cause;
  }
  return current instanceof Error && current.message ? current.message : String(current);
}

/** A child workflow with that id is running already (the SDK's WorkflowExecutionAlreadyStartedError). */
export const alreadyStarted = (error: unknown) => error instanceof Error && error.name === 'WorkflowExecutionAlreadyStartedError';
