import { defineQuery, defineSignal, executeChild, isCancellation, proxyActivities, setHandler } from '@temporalio/workflow';
import type { CostBackfillInput, CostBackfillProgress, CostIngestionActivities, CostIngestionResult, CostPageStored } from '@apex/contracts';
import { costBackfillProgressQuery, costIngestionWorkflowId, costIngestionWorkflowName, costPageStoredSignal } from '@apex/contracts';
import { alreadyStarted, reasonOf, recentMonths } from './cost-periods';

const { setCostConnectionStatus } = proxyActivities<CostIngestionActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', maximumInterval: '1 minute' },
});

export const costBackfillProgress = defineQuery<CostBackfillProgress>(costBackfillProgressQuery);
export const costPageStored = defineSignal<[CostPageStored]>(costPageStoredSignal);

/**
 * `cost-backfill-<connectionId>`: ingests a new connection's last months, newest first, one child
 * `ingest-<connectionId>-<YYYY-MM>` at a time, and answers its progress to the portal. The connection is
 * `backfilling` meanwhile, then `active`, or `failing` with the reason when a month cannot be ingested.
 */
export async function costBackfillWorkflow(input: CostBackfillInput): Promise<CostBackfillProgress> {
  const { orgId, connectionId } = input;
  const periods = recentMonths(new Date(), input.months);
  const progress: CostBackfillProgress = {
    state: 'running',
    monthsTotal: periods.length,
    monthsDone: 0,
    pagesDone: 0,
    rowsSoFar: 0,
    currentPeriod: null,
    periods: periods.map((p) => ({ period: p.month, state: 'waiting', pagesDone: 0, rowsSoFar: 0 })),
    failure: null,
  };
  const total = () => {
    progress.pagesDone = progress.periods.reduce((sum, p) => sum + p.pagesDone, 0);
    progress.rowsSoFar = progress.periods.reduce((sum, p) => sum + p.rowsSoFar, 0);
  };
  setHandler(costBackfillProgress, () => progress);
  setHandler(costPageStored, (stored) => {
    const month = progress.periods.find((p) => p.period === stored.month);
    if (!month || month.state !== 'ingesting') return;
    month.pagesDone = stored.pagesDone;
    month.rowsSoFar = stored.rowsSoFar;
    total();
  });

  const status = (to: 'backfilling' | 'active' | 'failing', lastError: string | null, onlyFrom: ('pending' | 'backfilling')[]) =>
    setCostConnectionStatus({ orgId, connectionId, status: to, lastError, onlyFrom });
  const fail = async (reason: string, setFailing: boolean) => {
    progress.state = 'failed';
    progress.failure = reason;
    progress.currentPeriod = null;
    if (setFailing) await status('failing', reason, ['pending', 'backfilling']);
    return progress;
  };

  await status('backfilling', null, ['pending']);
  for (const [index, period] of periods.entries()) {
    const month = progress.periods[index];
    progress.currentPeriod = period.month;
    month.state = 'ingesting';
    let result: CostIngestionResult | null;
    try {
      result = await executeChild(costIngestionWorkflowName, {
        workflowId: costIngestionWorkflowId(connectionId, period.month),
        args: [{ orgId, connectionId, period, reportsProgress: true }],
      });
    } catch (error) {
      if (isCancellation(error)) throw error;
      // A scheduled sync is ingesting this month right now; it replaces the month just as this would.
      if (alreadyStarted(error)) result = null;
      else {
        month.state = 'failed';
        return fail(reasonOf(error), true);
      }
    }
    if (result?.outcome === 'connection_gone') {
      month.state = 'failed';
      return fail('The connection was disconnected.', false);
    }
    month.state = 'done';
    if (result) {
      month.pagesDone = result.pages;
      month.rowsSoFar = result.rows;
    }
    progress.monthsDone += 1;
    total();
  }
  progress.state = 'completed';
  progress.currentPeriod = null;
  await status('active', null, ['backfilling']);
  return progress;
}
