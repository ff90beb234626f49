import { executeChild, isCancellation, proxyActivities } from '@temporalio/workflow';
import type { CostIngestionActivities, CostSyncInput, CostSyncResult } from '@apex/contracts';
import { COST_SYNC_RECENT_MONTHS, costIngestionWorkflowId, costIngestionWorkflowName } from '@apex/contracts';
import { alreadyStarted, reasonOf, recentMonths } from './cost-periods';

const { setCostConnectionStatus } = proxyActivities<CostIngestionActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', maximumInterval: '1 minute' },
});

/**
 * What the Schedule `cost-sync-<connectionId>` runs: re-ingests the recent months (oldest first), each as
 * `ingest-<connectionId>-<YYYY-MM>`, which replaces the month's rows. A month another workflow is ingesting at
 * that moment is left to it. The connection becomes `active` again after a sync that succeeds, `failing` with
 * the reason after one that does not; a backfill still running keeps its `backfilling`.
 */
export async function costSyncWorkflow(input: CostSyncInput): Promise<CostSyncResult> {
  const { orgId, connectionId } = input;
  const result: CostSyncResult = { months: [], failure: null };
  for (const period of recentMonths(new Date(), COST_SYNC_RECENT_MONTHS).reverse()) {
    try {
      const ingested = await executeChild(costIngestionWorkflowName, {
        workflowId: costIngestionWorkflowId(connectionId, period.month),
        args: [{ orgId, connectionId, period }],
      });
      result.months.push({ month: period.month, outcome: ingested.outcome });
      if (ingested.outcome === 'connection_gone') return result;
    } catch (error) {
      if (isCancellation(error)) throw error;
      if (alreadyStarted(error)) {
        result.months.push({ month: period.month, outcome: 'already_running' });
        continue;
      }
      result.failure = reasonOf(error);
      break;
    }
  }
  await setCostConnectionStatus({
    orgId,
    connectionId,
    status: result.failure ? 'failing' : 'active',
    lastError: result.failure,
    onlyFrom: ['active', 'failing'],
  });
  return result;
}
