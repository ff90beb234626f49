import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker, WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { ApplicationFailure, WorkflowFailedError } from '@temporalio/client';
import type { CostIngestionActivities, CostIngestionInput, CostIngestionResult, StageCostPageInput } from '@apex/contracts';
import { CostIngestionFailure, costIngestionWorkflowName } from '@apex/contracts';
import { workflowBundleOptions } from '@apex/temporal';
import { createTimeSkippingEnv, workspaceRoot } from '@apex/testing';
import { recentMonths } from './cost-periods';

const period = { month: '2025-03', start: '2025-03-01', end: '2025-04-01' };

/**
 * A provider with three pages of 2, 3 and 1 rows, and activities that stage them in memory by (source, page) the
 * way the real ones do in Postgres. `misbehave` decides per call whether the provider fails instead.
 */
function fakeProvider(misbehave: (call: StageCostPageInput, attempt: number) => Error | null = () => null) {
  const pages = [['a', 'b'], ['c', 'd', 'e'], ['f']];
  const tokenFor = (page: number, generation: number) => `token-${page}-g${generation}`;
  let generation = 1;
  const staged = new Map<string, { token: string | null; next: string | null; rows: string[] }>();
  const fetches: { page: number; token: string | null; refresh: boolean }[] = [];
  const failed: string[] = [];
  let promoted: string[] = [];
  const attempts = new Map<string, number>();
  const activities: CostIngestionActivities = {
    beginCostSource: async () => 'started',
    stageCostPage: async (input) => {
      const key = `${input.sourceId}:${input.pageNumber}`;
      const stored = staged.get(key);
      if (!input.refresh && stored && stored.token === input.pageToken) return { pageNumber: input.pageNumber, rowCount: stored.rows.length, nextPageToken: stored.next, fetched: false };
      const attempt = (attempts.get(`${key}:${input.pageToken}`) ?? 0) + 1;
      attempts.set(`${key}:${input.pageToken}`, attempt);
      fetches.push({ page: input.pageNumber, token: input.pageToken, refresh: input.refresh });
      const failure = misbehave(input, attempt);
      if (failure) throw failure;
      // A fetch hands out tokens of the current generation; the provider may expire older ones.
      const next = input.pageNumber < pages.length ? tokenFor(input.pageNumber + 1, generation) : null;
      staged.set(key, { token: input.pageToken, next, rows: pages[input.pageNumber - 1] });
      return { pageNumber: input.pageNumber, rowCount: pages[input.pageNumber - 1].length, nextPageToken: next, fetched: true };
    },
    replaceCostPeriod: async ({ sourceId, pages: last }) => {
      promoted = [...staged.entries()]
        .filter(([key]) => key.startsWith(`${sourceId}:`) && Number(key.split(':')[1]) <= last)
        .sort(([a], [b]) => Number(a.split(':')[1]) - Number(b.split(':')[1]))
        .flatMap(([, page]) => page.rows);
      return { outcome: 'loaded', rowCount: promoted.length, replacedSources: 0 };
    },
    failCostSource: async ({ reason }) => {
      failed.push(reason);
    },
    setCostConnectionStatus: async () => true,
  };
  return {
    activities,
    fetches,
    failed,
    promoted: () => promoted,
    expireTokens: () => (generation += 1),
    isCurrent: (token: string | null) => token === null || token.endsWith(`-g${generation}`),
  };
}

describe('costIngestionWorkflow on the time-skipping test server', () => {
  let env: TestWorkflowEnvironment;
  let bundle: WorkflowBundleWithSourceMap;
  beforeAll(async () => {
    [env, bundle] = await Promise.all([createTimeSkippingEnv(), bundleWorkflowCode(workflowBundleOptions(workspaceRoot))]);
  });
  afterAll(() => env?.teardown());

  async function ingest(activities: CostIngestionActivities, workflowId: string): Promise<CostIngestionResult> {
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue: workflowId, activities, workflowBundle: bundle });
    const input: CostIngestionInput = { orgId: 'org-1', connectionId: 'conn-1', period };
    return worker.runUntil(env.client.workflow.execute(costIngestionWorkflowName, { args: [input], workflowId, taskQueue: workflowId }));
  }

  it('pages through the period and promotes every row once', async () => {
    const provider = fakeProvider();
    const result = await ingest(provider.activities, 'ingest-clean');
    expect(result).toMatchObject({ outcome: 'loaded', pages: 3, rows: 6, restarts: 0 });
    expect(provider.promoted()).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
  });

  it('retries a page the provider throttles twice, with backoff, and stores it once', async () => {
    const provider = fakeProvider((call, attempt) =>
      call.pageNumber === 2 && attempt <= 2 ? ApplicationFailure.create({ message: 'throttled (HTTP 429)', type: 'CostProviderUnavailable' }) : null,
    );
    const result = await ingest(provider.activities, 'ingest-throttled');
    expect(provider.fetches.filter((f) => f.page === 2)).toHaveLength(3);
    expect(result).toMatchObject({ outcome: 'loaded', pages: 3, rows: 6 });
    expect(provider.promoted()).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
  });

  it('goes back to the last stored page when a page token has expired, and ends with the rows of a clean run', async () => {
    let expired = false;
    // Only the token of page 3 expires; page 2's still works.
    const provider = fakeProvider((call) => {
      if (call.pageNumber !== 3) return null;
      if (!expired) {
        expired = true;
        provider.expireTokens();
      }
      return provider.isCurrent(call.pageToken) ? null : ApplicationFailure.nonRetryable('the page token has expired', CostIngestionFailure.pageTokenExpired);
    });
    const result = await ingest(provider.activities, 'ingest-expired');
    // Page 3 refused its old token; page 2, the checkpoint, was fetched again with its own (still valid) token.
    expect(provider.fetches.map((f) => [f.page, f.refresh])).toEqual([
      [1, false],
      [2, false],
      [3, false],
      [2, true],
      [3, false],
    ]);
    expect(result).toMatchObject({ outcome: 'loaded', pages: 3, rows: 6, restarts: 1 });
    expect(provider.promoted()).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
  });

  it("starts over from the first page when the checkpoint's own token has expired too", async () => {
    let expired = false;
    const provider = fakeProvider((call) => {
      if (call.pageNumber === 3 && !expired) {
        expired = true;
        provider.expireTokens();
      }
      return provider.isCurrent(call.pageToken) ? null : ApplicationFailure.nonRetryable('token expired', CostIngestionFailure.pageTokenExpired);
    });
    // Page 2's token was handed out in the first generation as well, so it is refused when page 2 is fetched again.
    const result = await ingest(provider.activities, 'ingest-expired-twice');
    expect(provider.fetches.map((f) => [f.page, f.refresh])).toEqual([
      [1, false],
      [2, false],
      [3, false],
      [2, true],
      [1, true],
      [2, true],
      [3, false],
    ]);
    expect(result).toMatchObject({ outcome: 'loaded', pages: 3, rows: 6, restarts: 2 });
    expect(provider.promoted()).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
  });

  it('fails at once, with the reason, when the provider refuses the credentials', async () => {
    const provider = fakeProvider((call) =>
      call.pageNumber === 1 ? ApplicationFailure.nonRetryable('AWS rejected the access key: invalid token', CostIngestionFailure.credentialsRejected) : null,
    );
    const error = await ingest(provider.activities, 'ingest-bad-credentials').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkflowFailedError);
    expect((error as WorkflowFailedError).cause?.message).toBe('2025-03: AWS rejected the access key: invalid token');
    expect(provider.fetches).toHaveLength(1);
    expect(provider.failed).toEqual(['AWS rejected the access key: invalid token']);
    expect(provider.promoted()).toEqual([]);
  });
});

describe('recentMonths', () => {
  it('lists the running month (up to tomorrow) and the ones before it, newest first, across a year end', () => {
    expect(recentMonths(new Date('2025-02-14T23:59:00Z'), 3)).toEqual([
      { month: '2025-02', start: '2025-02-01', end: '2025-02-15' },
      { month: '2025-01', start: '2025-01-01', end: '2025-02-01' },
      { month: '2024-12', start: '2024-12-01', end: '2025-01-01' },
    ]);
  });

  it('ends the running month on the first of the next when today is its last day', () => {
    expect(recentMonths(new Date('2024-02-29T08:00:00Z'), 1)).toEqual([{ month: '2024-02', start: '2024-02-01', end: '2024-03-01' }]);
  });
});
