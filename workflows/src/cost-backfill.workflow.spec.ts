import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker, WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type {
  CostBackfillInput,
  CostBackfillProgress,
  CostIngestionActivities,
  CostSyncResult,
  SetCostConnectionStatusInput,
  StageCostPageInput,
} from '@apex/contracts';
import {
  costBackfillProgressQuery,
  costBackfillWorkflowId,
  costBackfillWorkflowName,
  CostIngestionFailure,
  costIngestionWorkflowName,
  costSyncWorkflowName,
} from '@apex/contracts';
import { workflowBundleOptions } from '@apex/temporal';
import { createTimeSkippingEnv, waitFor, workspaceRoot } from '@apex/testing';

interface Gate {
  opened: Promise<void>;
  open(): void;
}
const gate = (): Gate => {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
};

/** Waits for the gate while telling Temporal the activity is alive. */
async function heldAt(g: Gate): Promise<void> {
  const beat = setInterval(() => Context.current().heartbeat(), 200);
  try {
    await g.opened;
  } finally {
    clearInterval(beat);
  }
}

/** Every month has two pages of 5 and 2 rows; `hold` or `fail` may stop a page. */
function stubIngestion(options: { hold?: (call: StageCostPageInput) => Gate | null; fail?: (call: StageCostPageInput) => Error | null } = {}) {
  const statuses: SetCostConnectionStatusInput[] = [];
  const ingestedMonths: string[] = [];
  const activities: CostIngestionActivities = {
    beginCostSource: async () => 'started',
    stageCostPage: async (call) => {
      const held = options.hold?.(call);
      if (held) await heldAt(held);
      const failure = options.fail?.(call);
      if (failure) throw failure;
      return call.pageNumber === 1
        ? { pageNumber: 1, rowCount: 5, nextPageToken: `next-${call.period.month}`, fetched: true }
        : { pageNumber: 2, rowCount: 2, nextPageToken: null, fetched: true };
    },
    replaceCostPeriod: async ({ period }) => {
      ingestedMonths.push(period.month);
      return { outcome: 'loaded', rowCount: 7, replacedSources: 0 };
    },
    failCostSource: async () => undefined,
    setCostConnectionStatus: async (input) => {
      statuses.push(input);
      return true;
    },
  };
  return { activities, statuses, ingestedMonths };
}

describe('costBackfillWorkflow and costSyncWorkflow on the time-skipping test server', () => {
  let env: TestWorkflowEnvironment;
  let bundle: WorkflowBundleWithSourceMap;
  beforeAll(async () => {
    [env, bundle] = await Promise.all([createTimeSkippingEnv(), bundleWorkflowCode(workflowBundleOptions(workspaceRoot))]);
  });
  afterAll(() => env?.teardown());

  const workerFor = (activities: CostIngestionActivities, taskQueue: string) =>
    Worker.create({ connection: env.nativeConnection, taskQueue, activities, workflowBundle: bundle });

  it('shows its progress through the query while it runs: months and pages done, rows so far', async () => {
    const held = gate();
    let monthsStarted = 0;
    const stub = stubIngestion({
      // The second month stops on its second page until the test has looked.
      hold: (call) => (call.pageNumber === 1 ? (monthsStarted += 1, null) : monthsStarted === 2 ? held : null),
    });
    const input: CostBackfillInput = { orgId: 'org-1', connectionId: 'conn-progress', months: 3 };
    const worker = await workerFor(stub.activities, 'backfill-progress');
    const final = await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(costBackfillWorkflowName, {
        args: [input],
        workflowId: costBackfillWorkflowId(input.connectionId),
        taskQueue: 'backfill-progress',
      });
      const during = await waitFor(
        () => handle.query<CostBackfillProgress>(costBackfillProgressQuery),
        (p) => p.monthsDone === 1 && p.pagesDone === 3,
        { what: 'the second month half done' },
      );
      expect(during).toMatchObject({ state: 'running', monthsTotal: 3, monthsDone: 1, pagesDone: 3, rowsSoFar: 12, failure: null });
      expect(during.currentPeriod).toBe(during.periods[1].period);
      expect(during.periods.map((p) => [p.state, p.pagesDone, p.rowsSoFar])).toEqual([
        ['done', 2, 7],
        ['ingesting', 1, 5],
        ['waiting', 0, 0],
      ]);
      held.open();
      return handle.result() as Promise<CostBackfillProgress>;
    });
    expect(final).toMatchObject({ state: 'completed', monthsDone: 3, pagesDone: 6, rowsSoFar: 21, currentPeriod: null });
    expect(stub.ingestedMonths).toEqual(final.periods.map((p) => p.period));
    expect(stub.statuses.map((s) => [s.status, s.lastError, s.onlyFrom])).toEqual([
      ['backfilling', null, ['pending']],
      ['active', null, ['backfilling']],
    ]);
  });

  it('stops at a month that cannot be ingested and marks the connection failing with the reason', async () => {
    const stub = stubIngestion({
      fail: () => ApplicationFailure.nonRetryable('OpenAI rejected the admin key: Incorrect API key provided', CostIngestionFailure.credentialsRejected),
    });
    const input: CostBackfillInput = { orgId: 'org-1', connectionId: 'conn-refused', months: 2 };
    const worker = await workerFor(stub.activities, 'backfill-refused');
    const result = (await worker.runUntil(
      env.client.workflow.execute(costBackfillWorkflowName, { args: [input], workflowId: costBackfillWorkflowId(input.connectionId), taskQueue: 'backfill-refused' }),
    )) as CostBackfillProgress;
    const month = result.periods[0].period;
    expect(result).toMatchObject({ state: 'failed', monthsDone: 0, failure: `${month}: OpenAI rejected the admin key: Incorrect API key provided` });
    expect(result.periods.map((p) => p.state)).toEqual(['failed', 'waiting']);
    expect(stub.statuses.map((s) => [s.status, s.lastError])).toEqual([
      ['backfilling', null],
      ['failing', `${month}: OpenAI rejected the admin key: Incorrect API key provided`],
    ]);
  });

  it('syncs the previous and the running month, leaving a month that is being ingested to its ingestion', async () => {
    const held = gate();
    let blockFirst = true;
    const stub = stubIngestion({
      hold: () => {
        if (!blockFirst) return null;
        blockFirst = false;
        return held;
      },
    });
    const worker = await workerFor(stub.activities, 'sync-overlap');
    const result = await worker.runUntil(async () => {
      // An ingestion of the running month is under way (a backfill's, say) when the sync starts.
      const now = new Date(await env.currentTimeMs());
      const running = now.toISOString().slice(0, 7);
      const ingestion = await env.client.workflow.start(costIngestionWorkflowName, {
        args: [{ orgId: 'org-1', connectionId: 'conn-sync', period: { month: running, start: `${running}-01`, end: now.toISOString().slice(0, 10) } }],
        workflowId: `ingest-conn-sync-${running}`,
        taskQueue: 'sync-overlap',
      });
      await waitFor(async () => stub.ingestedMonths.length + (blockFirst ? 0 : 1), (n) => n > 0, { what: 'the ingestion to be held' });
      const synced = (await env.client.workflow.execute(costSyncWorkflowName, {
        args: [{ orgId: 'org-1', connectionId: 'conn-sync' }],
        workflowId: 'cost-sync-conn-sync-1',
        taskQueue: 'sync-overlap',
      })) as CostSyncResult;
      held.open();
      await ingestion.result();
      return { synced, running };
    });
    expect(result.synced.failure).toBeNull();
    expect(result.synced.months).toHaveLength(2);
    expect(result.synced.months[1]).toEqual({ month: result.running, outcome: 'already_running' });
    expect(result.synced.months[0].outcome).toBe('loaded');
    expect(stub.statuses.map((s) => [s.status, s.lastError, s.onlyFrom])).toEqual([['active', null, ['active', 'failing']]]);
  });

  it('marks the connection failing when a sync cannot ingest a month', async () => {
    const stub = stubIngestion({ fail: () => ApplicationFailure.nonRetryable('AWS denied access to Cost Explorer', CostIngestionFailure.permanent) });
    const worker = await workerFor(stub.activities, 'sync-denied');
    const result = (await worker.runUntil(
      env.client.workflow.execute(costSyncWorkflowName, { args: [{ orgId: 'org-1', connectionId: 'conn-denied' }], workflowId: 'cost-sync-conn-denied-1', taskQueue: 'sync-denied' }),
    )) as CostSyncResult;
    expect(result.failure).toMatch(/^\d{4}-\d{2}: AWS denied access to Cost Explorer$/);
    expect(stub.statuses).toEqual([expect.objectContaining({ status: 'failing', lastError: result.failure, onlyFrom: ['active', 'failing'] })]);
  });
});
