import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker, WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { DriftFinding, ReconciliationReport, UsageReconciliationActivities } from '@apex/contracts';
import { usageReconciliationWorkflowName } from '@apex/contracts';
import { workflowBundleOptions } from '@apex/temporal';
import { createTimeSkippingEnv, workspaceRoot } from '@apex/testing';

const missing: DriftFinding = { kind: 'missing_entries', eventId: '0b6a3c1e-2d4f-4a5b-8c7d-9e0f1a2b3c4d', details: { orgId: 'o1' } };
const mismatch: DriftFinding = { kind: 'balance_mismatch', eventId: null, details: { orgId: 'o1', unit: 'api_calls', expected: '1', actual: '0' } };

/** Activities over an in-memory set of findings, recording what the workflow asked for. */
function stubBooks(findings: { missing?: DriftFinding[]; unbalanced?: DriftFinding[]; mismatched?: DriftFinding[] }, failFirstChecks = 0) {
  const recorded: { checkId: string; findings: DriftFinding[] }[] = [];
  let failures = 0;
  const flaky = async <T>(value: T): Promise<T> => {
    if (failures < failFirstChecks) {
      failures += 1;
      throw new Error('database unavailable');
    }
    return value;
  };
  const activities: UsageReconciliationActivities = {
    findEventsWithoutEntries: () => flaky(findings.missing ?? []),
    findUnbalancedEvents: async () => findings.unbalanced ?? [],
    findBalanceMismatches: async () => findings.mismatched ?? [],
    recordDrift: async (checkId, found) => {
      recorded.push({ checkId, findings: found });
      return found.length;
    },
  };
  return { activities, recorded, failures: () => failures };
}

describe('usageReconciliationWorkflow on the time-skipping test server', () => {
  let env: TestWorkflowEnvironment;
  let bundle: WorkflowBundleWithSourceMap;
  beforeAll(async () => {
    [env, bundle] = await Promise.all([createTimeSkippingEnv(), bundleWorkflowCode(workflowBundleOptions(workspaceRoot))]);
  });
  afterAll(() => env?.teardown());

  async function check(activities: UsageReconciliationActivities, workflowId: string): Promise<ReconciliationReport> {
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue: workflowId, activities, workflowBundle: bundle });
    return worker.runUntil(env.client.workflow.execute(usageReconciliationWorkflowName, { args: [], workflowId, taskQueue: workflowId }));
  }

  it('reports clean books and records nothing', async () => {
    const books = stubBooks({});
    expect(await check(books.activities, 'reconcile-clean')).toEqual({ checkId: 'reconcile-clean', findings: [] });
    expect(books.recorded).toEqual([]);
  });

  it('records every finding of all three checks under the check id, and returns them', async () => {
    const books = stubBooks({ missing: [missing], mismatched: [mismatch] });
    const report = await check(books.activities, 'reconcile-drift');
    expect(report).toEqual({ checkId: 'reconcile-drift', findings: [missing, mismatch] });
    expect(books.recorded).toEqual([{ checkId: 'reconcile-drift', findings: [missing, mismatch] }]);
  });

  it('retries a check that fails, with backoff, until the database answers', async () => {
    const books = stubBooks({ missing: [missing] }, 3);
    const report = await check(books.activities, 'reconcile-retry');
    expect(books.failures()).toBe(3);
    expect(report.findings).toEqual([missing]);
  });
});
