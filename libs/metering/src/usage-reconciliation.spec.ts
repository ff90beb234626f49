import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker, WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { DataSource } from 'typeorm';
import type { ReconciliationReport } from '@apex/contracts';
import { usageReconciliationWorkflowName } from '@apex/contracts';
import { EntitlementsService } from '@apex/entitlements';
import { workflowBundleOptions } from '@apex/temporal';
import { createMigratedDataSource, createTimeSkippingEnv, workspaceRoot } from '@apex/testing';
import { UsageReconciliationActivitiesService } from './usage-reconciliation-activities';
import { UsageReconciliationService } from './usage-reconciliation.service';
import { UsageTracker } from './usage-tracker';

/**
 * The reconciliation workflow as the worker runs it, with the real activities
 * against a real database whose books are corrupted by hand, as only a
 * superuser bypassing the ledger's triggers could.
 */
describe('Usage reconciliation with real activities and PostgreSQL', () => {
  let db: { dataSource: DataSource; close(): Promise<void> };
  let env: TestWorkflowEnvironment;
  let bundle: WorkflowBundleWithSourceMap;
  let tracker: UsageTracker;
  let reconciliation: UsageReconciliationService;
  let orgId: string;
  let userId: string;
  let checks = 0;

  beforeAll(async () => {
    [db, env, bundle] = await Promise.all([createMigratedDataSource(), createTimeSkippingEnv(), bundleWorkflowCode(workflowBundleOptions(workspaceRoot))]);
    tracker = new UsageTracker(db.dataSource, new EntitlementsService(db.dataSource));
    reconciliation = new UsageReconciliationService(db.dataSource);
    [{ id: orgId }] = await db.dataSource.query("INSERT INTO organizations (name, tier) VALUES ('Engines Ltd', 'early') RETURNING id");
    [{ id: userId }] = await db.dataSource.query(
      "INSERT INTO users (org_id, email, name, password_hash, role) VALUES ($1, 'ada@example.com', 'Ada', 'x', 'owner') RETURNING id",
      [orgId],
    );
  });
  afterAll(async () => {
    await env?.teardown();
    await db?.close();
  });

  async function reconcile(): Promise<ReconciliationReport> {
    checks += 1;
    const workflowId = `usage-reconciliation-test-${checks}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: workflowId,
      workflowBundle: bundle,
      activities: new UsageReconciliationActivitiesService(reconciliation).activities(),
    });
    return worker.runUntil(env.client.workflow.execute(usageReconciliationWorkflowName, { args: [], workflowId, taskQueue: workflowId }));
  }

  const driftRows = () => db.dataSource.query('SELECT kind, event_id, details FROM usage_drift ORDER BY id');

  /** Runs `sql` with the ledger's triggers off (session_replication_role needs a superuser). */
  const asSuperuserBypassingTriggers = (sql: string, params: unknown[]) =>
    db.dataSource.transaction(async (tx) => {
      await tx.query('SET LOCAL session_replication_role = replica');
      return tx.query(sql, params);
    });

  it('finds nothing in books kept by the tracker, and records nothing', async () => {
    await tracker.trackApiCall({ orgId, userId, apiKeyId: null, idempotencyKey: 'request:1', endpoint: '/api/v1/usage/me', method: 'GET', statusCode: 200, rejected: false, tokens: 0 });
    await tracker.trackApiCall({ orgId, userId, apiKeyId: null, idempotencyKey: 'request:2', endpoint: '/api/v1/runs', method: 'POST', statusCode: 429, rejected: true, tokens: 0 });
    await tracker.trackOptimizationRun({ orgId, userId, runId: 'b8c1d2e3-f4a5-4b6c-8d7e-9f0a1b2c3d4e', tokensUsed: 1500, costSaved: '42.125' });

    const report = await reconcile();
    expect(report.findings).toEqual([]);
    expect(await driftRows()).toEqual([]);
  });

  it('records an event that posted no ledger entries, and the balance it leaves short', async () => {
    const [event] = await db.dataSource.query(
      "INSERT INTO usage_events (org_id, user_id, kind, idempotency_key) VALUES ($1, $2, 'api_call', 'request:unbooked') RETURNING id",
      [orgId, userId],
    );
    const report = await reconcile();
    expect(report.findings).toEqual([
      { kind: 'missing_entries', eventId: event.id, details: expect.objectContaining({ orgId, eventKind: 'api_call', idempotencyKey: 'request:unbooked' }) },
      { kind: 'balance_mismatch', eventId: null, details: { orgId, account: `org:${orgId}:api_calls`, unit: 'api_calls', expected: '3.000000', actual: '2.000000' } },
    ]);
    expect(await driftRows()).toEqual([
      { kind: 'missing_entries', event_id: event.id, details: expect.objectContaining({ checkId: report.checkId, idempotencyKey: 'request:unbooked' }) },
      { kind: 'balance_mismatch', event_id: null, details: expect.objectContaining({ checkId: report.checkId, expected: '3.000000', actual: '2.000000' }) },
    ]);
    await db.dataSource.query('DELETE FROM usage_events WHERE id = $1', [event.id]);
    await db.dataSource.query('DELETE FROM usage_drift');
  });

  it('records an event whose entries do not balance, which only a trigger bypass can write', async () => {
    const [event] = await db.dataSource.query(
      "SELECT id FROM usage_events WHERE idempotency_key = 'request:1' AND org_id = $1",
      [orgId],
    );
    await expect(
      db.dataSource.query("INSERT INTO ledger_entries (event_id, account, unit, amount) VALUES ($1, $2, 'api_calls', 1)", [event.id, `org:${orgId}:api_calls`]),
    ).rejects.toThrow(/do not balance/);
    await asSuperuserBypassingTriggers("INSERT INTO ledger_entries (event_id, account, unit, amount) VALUES ($1, $2, 'api_calls', 1)", [event.id, `org:${orgId}:api_calls`]);

    const report = await reconcile();
    expect(report.findings).toEqual([
      { kind: 'unbalanced_event', eventId: event.id, details: { unit: 'api_calls', total: '1.000000' } },
      { kind: 'balance_mismatch', eventId: null, details: { orgId, account: `org:${orgId}:api_calls`, unit: 'api_calls', expected: '2.000000', actual: '3.000000' } },
    ]);
    expect((await driftRows()).map((row: { kind: string }) => row.kind)).toEqual(['unbalanced_event', 'balance_mismatch']);
  });

  it('writes the findings of one check once, however often the activity is retried', async () => {
    const findings = await reconciliation.balanceMismatches();
    expect(await reconciliation.recordDrift('check-retried', findings)).toBe(1);
    expect(await reconciliation.recordDrift('check-retried', findings)).toBe(0);
    expect(await reconciliation.driftOfCheck('check-retried')).toHaveLength(1);
  });
});
