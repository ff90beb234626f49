import { ProblemType } from '@apex/contracts';
import { ProblemException } from '@apex/http';
import { SandboxError, SandboxRateLimitedError, SandboxUnavailableError } from '@apex/sandbox';

/** The sandbox library's errors as their problem+json answers; anything else passes through. */
export function sandboxProblem(error: unknown): unknown {
  if (error instanceof SandboxRateLimitedError) {
    return new ProblemException({
      type: ProblemType.limitReached,
      title: 'Too many sandboxes from this address',
      status: 429,
      detail: `${error.message} Nothing was stored.`,
      limit: error.limit,
      retryAfterSeconds: error.retryAfterSeconds,
    });
  }
  if (error instanceof SandboxUnavailableError) {
    return new ProblemException({ type: ProblemType.sandboxUnavailable, title: 'This sandbox is no longer available', status: 410, detail: error.message });
  }
  if (error instanceof SandboxError) return new ProblemException({ type: ProblemType.internal, title: 'Something went wrong on our side', status: 500 });
  return error;
}

export const sandboxNotStarted = () =>
  new ProblemException({
    type: ProblemType.serviceUnavailable,
    title: 'The analysis could not be started',
    status: 503,
    detail: 'The file was read, but the analysis could not be started, so nothing was kept. Try again in a moment.',
  });

export const sandboxUnsupportedType = (received: string) =>
  new ProblemException({
    type: ProblemType.unsupportedMediaType,
    title: 'Send a FOCUS file or an OpenAI usage export',
    status: 415,
    detail:
      `The body was ${received ? `"${received}"` : 'sent without a Content-Type'}; nothing was stored. The sandbox reads FOCUS 1.0–1.2 cost exports ` +
      '(text/csv, or gzip of it), such as the FOCUS exports of AWS, Azure and Google Cloud, and OpenAI usage exports: the JSON pages of the ' +
      'Costs API and of the Usage API for completions (application/json, or a .json file name; gzip of it as well).',
  });
