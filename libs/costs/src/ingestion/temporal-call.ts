import type { Client } from '@temporalio/client';

/**
 * How long a request waits for Temporal. Unbounded, an unreachable server keeps the client retrying for tens of
 * seconds while the caller waits for an answer.
 */
const TEMPORAL_DEADLINE_MS = 5_000;

export const temporalCall = <T>(client: Client, call: () => Promise<T>, deadlineMs = TEMPORAL_DEADLINE_MS): Promise<T> =>
  client.withDeadline(Date.now() + deadlineMs, call);
