import type { LimitReachedProblem } from '@apex/contracts';
import { ProblemType } from '@apex/contracts';
import { ProblemException } from '@apex/http';
import type { Launch } from './run-launcher';

type LimitReached = Extract<Launch, { outcome: 'limit_reached' }>;

const hours = (seconds: number) => (seconds % 3600 === 0 ? `${seconds / 3600} hours` : `${seconds} seconds`);

export function limitReachedProblem(launch: LimitReached): ProblemException {
  const extension: LimitReachedProblem = {
    limit: launch.limit,
    used: launch.used,
    resetAt: launch.resetAt?.toISOString() ?? null,
    upgrade: launch.upgrade,
  };
  const when = launch.admissibleAt ? ` You can start another at ${launch.admissibleAt.toISOString()}.` : '';
  return new ProblemException({
    type: ProblemType.limitReached,
    title: 'Run limit reached',
    status: 429,
    detail: `Your plan allows ${launch.limit} runs in any ${hours(launch.windowSeconds)}, and you have started ${launch.used}.${when}`,
    ...extension,
  });
}

/** Whole seconds until this request could be admitted, or null when no slot is going to free. */
export function retryAfterSeconds(launch: LimitReached, now = Date.now()): number | null {
  if (!launch.admissibleAt) return null;
  return Math.max(1, Math.ceil((launch.admissibleAt.getTime() - now) / 1000));
}

export const runNotStartedProblem = (detail: string) =>
  new ProblemException({ type: ProblemType.serviceUnavailable, title: 'The run could not be started', status: 503, detail });

export const runNotReachableProblem = () =>
  new ProblemException({
    type: ProblemType.serviceUnavailable,
    title: 'The run could not be cancelled just now',
    status: 503,
    detail: 'The service that runs it did not answer. The run is unchanged; try again shortly.',
  });

export const runNotFoundProblem = (id: string) =>
  new ProblemException({ type: ProblemType.notFound, title: 'No such run', status: 404, detail: `Your organisation has no run with the id ${id}.` });

export const runEndedProblem = (id: string, status: string) =>
  new ProblemException({
    type: ProblemType.conflict,
    title: 'The run has already ended',
    status: 409,
    detail: `Run ${id} is ${status.replace(/_/g, ' ')}; only an admitted or running run can be cancelled.`,
  });

export const idempotencyKeyProblem = (message: string) =>
  new ProblemException({
    type: ProblemType.validation,
    title: 'Your request has invalid fields',
    status: 400,
    detail: 'Correct the fields listed in `errors` and send the request again.',
    errors: [{ field: 'Idempotency-Key', message }],
  });
