import type { CostProvider } from '@apex/contracts';

/**
 * Why a connector call failed, classified so that the caller decides what to do without knowing the provider.
 * Messages are written for the customer and never contain a credential.
 */
export abstract class CostConnectorError extends Error {
  abstract readonly retryable: boolean;

  protected constructor(
    readonly provider: CostProvider,
    message: string,
  ) {
    super(message);
  }
}

/** Throttling, a 5xx answer, a timeout or an unreachable host: the same call may well succeed later. */
export class RetryableConnectorError extends CostConnectorError {
  override readonly name = 'RetryableConnectorError';
  readonly retryable = true;

  constructor(
    provider: CostProvider,
    message: string,
    /** How long the provider asked us to wait, when it said so. */
    readonly retryAfterMs: number | null = null,
  ) {
    super(provider, message);
  }
}

/**
 * `credentials`: the provider does not accept the credentials; `permission`: it accepts them but denies access to
 * cost data; `request`: it refuses the request itself (unknown table or scope, unsupported period);
 * `response`: it answered something the connector cannot read. Repeating the same call cannot help.
 */
export type PermanentFailureReason = 'credentials' | 'permission' | 'request' | 'response';

export class PermanentConnectorError extends CostConnectorError {
  override readonly name = 'PermanentConnectorError';
  readonly retryable = false;

  constructor(
    provider: CostProvider,
    readonly reason: PermanentFailureReason,
    message: string,
  ) {
    super(provider, message);
  }
}

/**
 * The page token is no longer accepted (expired, from another query, or damaged): paging cannot continue from it,
 * so the period has to be fetched again from its first page.
 */
export class ExpiredPageTokenError extends CostConnectorError {
  override readonly name = 'ExpiredPageTokenError';
  readonly retryable = false;

  constructor(provider: CostProvider, message: string) {
    super(provider, message);
  }
}
