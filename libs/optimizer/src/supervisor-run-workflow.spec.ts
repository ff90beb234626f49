import { readFileSync } from 'node:fs';
import { Context } from '@temporalio/activity';
import { WorkflowFailedError, WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import type { AppConfig } from '@apex/config';
import type { RunProgress, RunStatus, SupervisorRunActivities, SupervisorRunInput } from '@apex/contracts';
import { OPTIMIZER_AGENTS, runProgressQueryName, runWorkflowId, supervisorRunWorkflowName } from '@apex/contracts';
import { EntitlementsService } from '@apex/entitlements';
import { UsageTracker } from '@apex/metering';
import { BUNDLED_PRICE_FILES, PriceBook } from '@apex/pricing';
import { RunsService, RunUsageService, SupervisorRunActivitiesService } from '@apex/runs';
import { workflowBundleOptions } from '@apex/temporal';
import { createMigratedDataSource, createTimeSkippingEnv, workspaceRoot } from '@apex/testing';
import { NarrativeWriter } from './narrative';
import { OptimizerActivitiesService } from './optimizer-activities';
import { ReportingAgent } from './reporting/reporting-agent';
import { RecommendationsStore } from './stores/recommendations.store';
import { RunReportsStore } from './stores/run-reports.store';
import { RunWorkspaceStore } from './stores/run-workspace.store';

/** A promise the test opens when it chooses. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

/** Waits for `until` while heartbeating, as real work does; answers early when the activity is cancelled. */
async function heartbeatUntil(until: Promise<void>): Promise<void> {
  const context = Context.current();
  const beat = setInterval(() => context.heartbeat(), 20);
  try {
    await Promise.race([until, context.cancelled.catch(() => undefined)]);
  } finally {
    clearInterval(beat);
  }
}

/**
 * The supervisor run workflow on the time-skipping test server, with a real worker running the worker's real
 * activities over a migrated PostgreSQL, the bundled price book and an organisation's cost rows: 30 days of
 * gpt-4o-2024-08-06 at 35 USD a day, on which a Free organisation is shown caching and batch (see optimizer-run.spec).
 * Wrappers around the real activities change only when they run, or fail after the real work committed.
 */
describe('supervisorRunWorkflow over the real activities and PostgreSQL', () => {
  let env: TestWorkflowEnvironment;
  let db: Awaited<ReturnType<typeof createMigratedDataSource>>;
  let code: string;
  let real: SupervisorRunActivities;
  let reports: RunReportsStore;
  let recommendations: RecommendationsStore;

  beforeAll(async () => {
    const { workflowsPath, webpackConfigHook } = workflowBundleOptions(workspaceRoot);
    [env, db, { code }] = await Promise.all([createTimeSkippingEnv(), createMigratedDataSource(), bundleWorkflowCode({ workflowsPath, webpackConfigHook })]);
    const ds = db.dataSource;
    const priceBook = new PriceBook(ds);
    await priceBook.importVersion({ litellm: readFileSync(BUNDLED_PRICE_FILES.litellm), genaiPrices: readFileSync(BUNDLED_PRICE_FILES.genaiPrices) }, null, true);

    const runs = new RunsService(ds);
    const entitlements = new EntitlementsService(ds);
    recommendations = new RecommendationsStore(ds);
    reports = new RunReportsStore(ds, recommendations);
    const reporting = new ReportingAgent(ds, entitlements, recommendations, reports, new NarrativeWriter({ llm: null } as unknown as AppConfig));
    const optimizer = new OptimizerActivitiesService(ds, runs, priceBook, new RunWorkspaceStore(ds), reporting);
    const bookkeeping = new SupervisorRunActivitiesService(runs, new RunUsageService(runs, new UsageTracker(ds, entitlements)));
    real = { ...bookkeeping.activities(), ...optimizer.activities() };
  }, 120_000);
  afterAll(async () => {
    await env?.teardown();
    await db?.close();
  });

  /** A Free organisation with its owner and 30 days of gpt-4o rows, and one run admitted for it. */
  async function admittedRun(name: string): Promise<SupervisorRunInput> {
    const ds = db.dataSource;
    const [org] = await ds.query('INSERT INTO organizations (name) VALUES ($1) RETURNING id', [name]);
    const [user] = await ds.query("INSERT INTO users (org_id, email, name, password_hash, role) VALUES ($1, $2, 'Ada', 'x', 'owner') RETURNING id", [
      org.id,
      `ada@${org.id}.example.com`,
    ]);
    const [connection] = await ds.query("INSERT INTO cost_connections (org_id, provider, name, status) VALUES ($1, 'focus_upload', 'uploads', 'active') RETURNING id", [org.id]);
    const [source] = await ds.query(
      "INSERT INTO cost_sources (org_id, connection_id, kind, file_name, period_start, period_end, row_count, status) VALUES ($1, $2, 'file', 'openai.csv', '2026-11-01', '2026-12-01', 30, 'loaded') RETURNING id",
      [org.id, connection.id],
    );
    await ds.query(
      `INSERT INTO cost_rows (org_id, connection_id, source_id, source_row, charge_period_start, charge_period_end, charge_category, billed_cost, effective_cost, list_cost,
                              billing_currency, provider_name, service_name, is_ai, model, input_tokens, output_tokens, cached_tokens, requests)
       SELECT $1, $2, $3, d, timestamptz '2026-11-01' + (d - 1) * interval '1 day', timestamptz '2026-11-01' + d * interval '1 day', 'Usage', 35, 35, 35,
              'USD', 'OpenAI', 'OpenAI API', true, 'gpt-4o-2024-08-06', 10000000, 1000000, 0, 2000
       FROM generate_series(1, 30) d`,
      [org.id, connection.id, source.id],
    );
    const [run] = await ds.query("INSERT INTO runs (org_id, user_id, status, admitted_at) VALUES ($1, $2, 'admitted', now()) RETURNING id", [org.id, user.id]);
    return { runId: run.id, orgId: org.id, userId: user.id };
  }

  /** Runs `body` while a worker on its own task queue offers `activities`; the worker has stopped when this returns. */
  async function withWorker<T>(taskQueue: string, activities: SupervisorRunActivities, body: (start: (input: SupervisorRunInput) => Promise<WorkflowHandle>) => Promise<T>): Promise<T> {
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      activities,
      workflowBundle: { code },
      // Heartbeats reach the server at once, so that a cancelled activity hears of it while the test waits.
      maxHeartbeatThrottleInterval: '20 milliseconds',
    });
    const start = (input: SupervisorRunInput) =>
      env.client.workflow.start(supervisorRunWorkflowName, { args: [input], workflowId: runWorkflowId(input.runId), taskQueue });
    return worker.runUntil(body(start));
  }

  const runRow = async (runId: string) => (await db.dataSource.query('SELECT status, started_at, finished_at, tokens_used, failure FROM runs WHERE id = $1', [runId]))[0];
  const count = async (sql: string, params: unknown[]) => Number((await db.dataSource.query(`SELECT count(*)::int AS n FROM ${sql}`, params))[0].n);
  const usageEvents = (input: SupervisorRunInput) =>
    db.dataSource.query("SELECT user_id, tokens, cost_saved::text FROM usage_events WHERE org_id = $1 AND kind = 'agent_run' AND idempotency_key = $2", [
      input.orgId,
      `run:${input.runId}`,
    ]);
  /** The organisation's agent-run balance in the ledger: how many runs it is charged for. */
  const runsCharged = async (input: SupervisorRunInput) =>
    Number((await db.dataSource.query('SELECT coalesce(sum(amount), 0)::text AS n FROM ledger_entries WHERE account = $1', [`org:${input.orgId}:agent_runs`]))[0].n);

  /** What a user of a Free organisation is shown for the gpt-4o rows: batch, then caching (figures from optimizer-run.spec). */
  async function expectAnalysedReport(input: SupervisorRunInput): Promise<void> {
    const report = await reports.find(input.orgId, input.runId);
    expect(report).toMatchObject({ runId: input.runId, status: 'analysed', priceBookVersion: 1, agents: [...OPTIMIZER_AGENTS] });
    const findings = report?.findings ?? [];
    expect(findings.map((f) => f.kind)).toEqual(['batch', 'prompt_caching']);
    expect(findings.find((f) => f.kind === 'prompt_caching')?.monthlySavings).toEqual({ low: '93.75', expected: '187.5', high: '281.25' });
    expect(findings.every((f) => f.firstRunId === input.runId && f.lastRunId === input.runId && f.status === 'open')).toBe(true);
    // The organisation's recommendations are exactly the report's findings, one each.
    const { items } = await recommendations.list(input.orgId, { limit: 50 });
    expect(items.map((r) => r.id).sort()).toEqual(findings.map((f) => f.id).sort());
    expect(await count('run_reports WHERE run_id = $1', [input.runId])).toBe(1);
  }

  it('runs every real agent over the rows, answers its progress while an agent works, and files the report and its recommendations', async () => {
    const input = await admittedRun('Progress Ltd');
    const batchReached = gate();
    const batchMayWork = gate();
    const activities: SupervisorRunActivities = {
      ...real,
      runOptimizationAgent: async (runId, agent) => {
        if (agent === 'batch') {
          batchReached.open();
          await heartbeatUntil(batchMayWork.opened);
        }
        return real.runOptimizationAgent(runId, agent);
      },
    };

    const { status, working, rowWhileWorking, foundBefore, final } = await withWorker('supervisor-run-real-happy', activities, async (start) => {
      const handle = await start(input);
      await batchReached.opened;
      const working = await handle.query<RunProgress>(runProgressQueryName);
      const foundBefore = await count('run_findings WHERE run_id = $1', [input.runId]);
      const rowWhileWorking = await runRow(input.runId);
      batchMayWork.open();
      const status: RunStatus = await handle.result();
      return { status, working, rowWhileWorking, foundBefore, final: await handle.query<RunProgress>(runProgressQueryName) };
    });

    // While the batch agent worked, the portal was told so, with what the agents before it had found.
    expect(rowWhileWorking).toMatchObject({ status: 'running', started_at: expect.any(Date), finished_at: null });
    expect(working).toEqual({
      state: 'working',
      agent: 'batch',
      completed: ['data', 'model_substitution', 'prompt_caching'],
      planned: [...OPTIMIZER_AGENTS],
      findings: foundBefore,
    });
    expect(foundBefore).toBeGreaterThan(0);
    expect(status).toBe('succeeded');
    expect(final).toEqual({ state: 'finished', agent: null, completed: [...OPTIMIZER_AGENTS], planned: [...OPTIMIZER_AGENTS], findings: expect.any(Number) });
    expect(final.findings).toBe(await count('run_findings WHERE run_id = $1', [input.runId]));

    expect(await runRow(input.runId)).toMatchObject({ status: 'succeeded', started_at: expect.any(Date), finished_at: expect.any(Date), tokens_used: '0', failure: null });
    await expectAnalysedReport(input);
    expect(await usageEvents(input)).toEqual([{ user_id: input.userId, tokens: '0', cost_saved: '0.000000' }]);
    expect(await runsCharged(input)).toBe(1);
  });

  it('ends a run cancelled while an agent works as cancelled, with no report, no recommendations and its usage once', async () => {
    const input = await admittedRun('Cancelled Ltd');
    const batchReached = gate();
    let batchEnded!: Promise<unknown>;
    const activities: SupervisorRunActivities = {
      ...real,
      runOptimizationAgent: (runId, agent) => {
        if (agent !== 'batch') return real.runOptimizationAgent(runId, agent);
        const work = (async () => {
          batchReached.open();
          // Held until the cancellation reaches it; then the real agent goes on and notices it.
          await heartbeatUntil(new Promise<void>(() => undefined));
          return real.runOptimizationAgent(runId, agent);
        })();
        batchEnded = work.catch((error: unknown) => error);
        return work;
      },
    };

    const { failure, progress, batchOutcome } = await withWorker('supervisor-run-real-cancel', activities, async (start) => {
      const handle = await start(input);
      await batchReached.opened;
      await handle.cancel();
      const failure = await handle.result().then(
        () => null,
        (error: unknown) => error,
      );
      // The held agent has ended too before anything is checked.
      return { failure, progress: await handle.query<RunProgress>(runProgressQueryName), batchOutcome: await batchEnded };
    });

    expect(failure).toBeInstanceOf(WorkflowFailedError);
    expect((failure as WorkflowFailedError).cause).toBeInstanceOf(CancelledFailure);
    expect(batchOutcome).toBeInstanceOf(CancelledFailure);
    expect(progress).toMatchObject({ state: 'cancelled', agent: null, completed: ['data', 'model_substitution', 'prompt_caching'] });

    expect(await runRow(input.runId)).toMatchObject({ status: 'cancelled', finished_at: expect.any(Date), tokens_used: '0', failure: null });
    // The reporting agent never ran: no report, nothing filed; the cancelled agent wrote nothing either.
    expect(await reports.find(input.orgId, input.runId)).toBeNull();
    expect(await count('recommendations WHERE org_id = $1', [input.orgId])).toBe(0);
    expect(await count("run_findings WHERE run_id = $1 AND agent = 'batch'", [input.runId])).toBe(0);
    // The slot it used is usage, recorded once.
    expect(await usageEvents(input)).toEqual([{ user_id: input.userId, tokens: '0', cost_saved: '0.000000' }]);
    expect(await runsCharged(input)).toBe(1);
  });

  it('retries activities that failed after their work committed and still files each finding, the report and the usage once', async () => {
    const input = await admittedRun('Retried Ltd');
    const attempts: Record<string, number[]> = { prompt_caching: [], reporting: [], usage: [] };
    /** Does the real work, then on its first attempt fails as a worker that stopped right after the commit would. */
    const crashingAfterCommit = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
      const { attempt } = Context.current().info;
      attempts[name].push(attempt);
      const result = await work();
      if (attempt === 1) throw ApplicationFailure.retryable(`the worker stopped after ${name} committed`);
      return result;
    };
    const activities: SupervisorRunActivities = {
      ...real,
      runOptimizationAgent: (runId, agent) =>
        agent === 'prompt_caching' ? crashingAfterCommit('prompt_caching', () => real.runOptimizationAgent(runId, agent)) : real.runOptimizationAgent(runId, agent),
      runReportingAgent: (runId) => crashingAfterCommit('reporting', () => real.runReportingAgent(runId)),
      recordRunUsage: (runId) => crashingAfterCommit('usage', () => real.recordRunUsage(runId)),
    };

    const status = await withWorker('supervisor-run-real-retry', activities, async (start) => (await start(input)).result());

    expect(status).toBe('succeeded');
    expect(attempts).toEqual({ prompt_caching: [1, 2], reporting: [1, 2], usage: [1, 2] });
    expect(await runRow(input.runId)).toMatchObject({ status: 'succeeded', tokens_used: '0', failure: null });
    // Each agent's findings once, each recommendation once, one report.
    const perAgent = await db.dataSource.query('SELECT agent, count(*)::int AS n, count(DISTINCT fingerprint)::int AS d FROM run_findings WHERE run_id = $1 GROUP BY agent', [input.runId]);
    expect(perAgent.every((r: { n: number; d: number }) => r.n === r.d)).toBe(true);
    expect(await count('recommendations WHERE org_id = $1', [input.orgId])).toBe(2);
    await expectAnalysedReport(input);
    expect(await usageEvents(input)).toEqual([{ user_id: input.userId, tokens: '0', cost_saved: '0.000000' }]);
    expect(await runsCharged(input)).toBe(1);
  });
});
