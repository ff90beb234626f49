import type { CanonicalCostRow, CostProvider } from '@apex/contracts';

/** A half-open range of whole UTC days, [start, end), as ISO dates (YYYY-MM-DD). */
export interface CostPeriod {
  start: string;
  end: string;
}

export interface CostPage {
  rows: CanonicalCostRow[];
  /** Opaque token of the following page; null on the last page. */
  nextPageToken: string | null;
}

/**
 * A provider's billing data reached through its API, read one page at a time. Connectors do not retry: every
 * failure is one of the classes in `connector-errors.ts` — RetryableConnectorError (throttling, 5xx, network; with
 * the provider's retry-after hint), PermanentConnectorError (credentials, permission, request, response) or
 * ExpiredPageTokenError (fetch the period again from its first page). Their messages never contain a secret.
 */
export interface CostConnector {
  readonly provider: CostProvider;
  /** Proves the credentials work with one cheap call; rejects with a message a customer can act on. */
  verify(): Promise<void>;
  /**
   * One page of the period's rows; `pageToken` null for the first page. Fetching the same token again gives the same
   * page (within the provider's token lifetime), so a retried page is never counted twice by the caller.
   * `sourceRow` counts from 1 within the page.
   */
  fetchPage(period: CostPeriod, pageToken: string | null): Promise<CostPage>;
}
