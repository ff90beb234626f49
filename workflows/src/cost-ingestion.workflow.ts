import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  getExternalWorkflowHandle,
  isCancellation,
  proxyActivities,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import type { CostIngestionActivities, CostIngestionInput, CostIngestionResult, CostPageStored, StagedCostPage } from '@apex/contracts';
import { CostIngestionFailure, costPageStoredSignal } from '@apex/contracts';
import { reasonOf } from './cost-periods';

const NOT_RETRYABLE = Object.values(CostIngestionFailure);

const { beginCostSource, replaceCostPeriod, failCostSource } = proxyActivities<CostIngestionActivities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '2 seconds', maximumInterval: '1 minute', maximumAttempts: 20, nonRetryableErrorTypes: NOT_RETRYABLE },
});

/** Throttling and 5xx answers are retried with exponential backoff (or after the provider's Retry-After). */
const { stageCostPage } = proxyActivities<CostIngestionActivities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '1 minute',
  retry: {
    initialInterval: '2 seconds',
    backoffCoefficient: 2,
    maximumInterval: '5 minutes',
    maximumAttempts: 12,
    nonRetryableErrorTypes: NOT_RETRYABLE,
  },
});

/** How often an expired page token may send one ingestion back before it gives up. */
const MAX_RESTARTS = 10;

const failureType = (error: unknown) =>
  error instanceof ActivityFailure && error.cause instanceof ApplicationFailure ? (error.cause.type ?? undefined) : undefined;

/**
 * `ingest-<connectionId>-<YYYY-MM>`: pulls one month of a connection's costs page by page, each page staged once
 * under (source, page), then replaces the month's rows in one transaction. An expired or broken page token sends
 * it back to its checkpoint, the last page stored, which is fetched again for a fresh token (from the first page
 * when that one's token has expired as well). A page fetched again replaces its stored rows, never adds to them.
 */
export async function costIngestionWorkflow(input: CostIngestionInput): Promise<CostIngestionResult> {
  const { orgId, connectionId, period } = input;
  const sourceId = uuid4();
  const ref = { orgId, connectionId, sourceId };
  const gone = (pages = 0, rows = 0, restarts = 0): CostIngestionResult => ({ outcome: 'connection_gone', sourceId, pages, rows, restarts });

  if ((await beginCostSource({ ...ref, period })) === 'connection_gone') return gone();

  /** tokens[n - 1] fetches page n. */
  const tokens: (string | null)[] = [null];
  const rowsOfPage: number[] = [];
  const rowsSoFar = () => rowsOfPage.reduce((sum, rows) => sum + rows, 0);
  let restarts = 0;
  let page = 1;
  /** Pages up to this one are fetched again even though stored, for fresh tokens after one expired. */
  let refreshThrough = 0;
  try {
    for (;;) {
      let staged: StagedCostPage;
      try {
        staged = await stageCostPage({ ...ref, period, pageNumber: page, pageToken: tokens[page - 1], refresh: page <= refreshThrough });
      } catch (error) {
        if (failureType(error) !== CostIngestionFailure.pageTokenExpired || page === 1 || restarts >= MAX_RESTARTS) throw error;
        restarts += 1;
        // Back to the checkpoint, the last page stored; when its own token has expired too, to the first page.
        const restartAt = page <= refreshThrough ? 1 : page - 1;
        refreshThrough = Math.max(refreshThrough, page - 1);
        page = restartAt;
        continue;
      }
      rowsOfPage[page - 1] = staged.rowCount;
      await reportProgress(input, { month: period.month, pagesDone: page, rowsSoFar: rowsSoFar() });
      if (staged.nextPageToken === null) {
        rowsOfPage.length = page;
        break;
      }
      tokens[page] = staged.nextPageToken;
      page += 1;
    }
    const replaced = await replaceCostPeriod({ ...ref, period, pages: page });
    if (replaced.outcome === 'connection_gone') return gone(page, replaced.rowCount, restarts);
    return { outcome: 'loaded', sourceId, pages: page, rows: replaced.rowCount, restarts };
  } catch (error) {
    const reason = reasonOf(error);
    await CancellationScope.nonCancellable(() => failCostSource({ ...ref, reason }));
    if (failureType(error) === CostIngestionFailure.connectionGone) return gone(page - 1, rowsSoFar(), restarts);
    if (isCancellation(error) || !(error instanceof ActivityFailure)) throw error;
    throw ApplicationFailure.create({ message: `${period.month}: ${reason}`, type: failureType(error), nonRetryable: true, cause: error });
  }
}

async function reportProgress(input: CostIngestionInput, stored: CostPageStored): Promise<void> {
  const parent = workflowInfo().parent;
  if (!input.reportsProgress || !parent) return;
  try {
    await getExternalWorkflowHandle(parent.workflowId, parent.runId).signal(costPageStoredSignal, stored);
  } catch {
    // The parent is gone (cancelled or terminated); the ingestion itself goes on.
  }
}
