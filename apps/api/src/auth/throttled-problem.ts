import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { ProblemType } from '@apex/contracts';
import { ThrottledError } from '@apex/accounts';
import { ProblemDetailsFilter, ProblemException } from '@apex/http';

/** What a 429 answer says beyond its headers; by default "Too many attempts" and the refusal's own message. */
export interface ThrottledAnswer {
  title?: string;
  detail?: string;
  /** The allowance, in the body, for answers that name it. */
  limit?: number;
}

/**
 * A refused attempt as its 429 answer. Headers: `Retry-After`, and `RateLimit-Limit`, `RateLimit-Remaining` and
 * `RateLimit-Reset` (seconds until the window starts over) as the IETF httpapi draft's earlier revisions name them.
 */
export function throttledProblem(res: Response, error: ThrottledError, answer: ThrottledAnswer = {}): ProblemException {
  res.setHeader('Retry-After', String(error.retryAfterSeconds));
  res.setHeader('RateLimit-Limit', String(error.limit));
  res.setHeader('RateLimit-Remaining', '0');
  res.setHeader('RateLimit-Reset', String(error.resetSeconds));
  return new ProblemException({
    type: ProblemType.tooManyAttempts,
    title: answer.title ?? 'Too many attempts',
    status: 429,
    detail: answer.detail ?? error.message,
    retryAfterSeconds: error.retryAfterSeconds,
    ...(answer.limit === undefined ? {} : { limit: answer.limit }),
  });
}

@Catch(ThrottledError)
export class ThrottledProblemFilter implements ExceptionFilter<ThrottledError> {
  private readonly problems = new ProblemDetailsFilter();

  catch(error: ThrottledError, host: ArgumentsHost): void {
    this.problems.catch(throttledProblem(host.switchToHttp().getResponse<Response>(), error), host);
  }
}
