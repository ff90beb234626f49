import { ApplicationFailure } from '@temporalio/common';
import { CostIngestionFailure } from '@apex/contracts';
import { ExpiredPageTokenError, PermanentConnectorError, RetryableConnectorError } from '../connectors/connector-errors';

/** The retryable failure a throttled or unavailable provider gives; its Retry-After, when it sent one, sets the delay. */
export const PROVIDER_UNAVAILABLE = 'CostProviderUnavailable';

/**
 * A connector's error as the failure Temporal acts on: retried with backoff (throttling, 5xx, timeouts),
 * not retried (credentials, permissions, a refused request), or sent back to the checkpoint (page token).
 */
export function toActivityFailure(error: unknown): unknown {
  if (error instanceof RetryableConnectorError) {
    return ApplicationFailure.create({
      message: error.message,
      type: PROVIDER_UNAVAILABLE,
      nextRetryDelay: error.retryAfterMs ?? undefined,
    });
  }
  if (error instanceof PermanentConnectorError) {
    const type = error.reason === 'credentials' ? CostIngestionFailure.credentialsRejected : CostIngestionFailure.permanent;
    return ApplicationFailure.nonRetryable(error.message, type);
  }
  if (error instanceof ExpiredPageTokenError) return ApplicationFailure.nonRetryable(error.message, CostIngestionFailure.pageTokenExpired);
  return error;
}
