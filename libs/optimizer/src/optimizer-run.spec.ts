import { readFileSync } from 'node:fs';
import type { AppConfig } from '@apex/config';
import { Decimal } from '@apex/domain';
import { EntitlementsService } from '@apex/entitlements';
import { BUNDLED_PRICE_FILES, PriceBook } from '@apex/pricing';
import { RunsService } from '@apex/runs';
import { createMigratedDataSource } from '@apex/testing';
import { collectEvidence } from './findings/evidence';
import { NarrativeWriter } from './narrative';
import { OptimizerActivitiesService } from './optimizer-activities';
import { ReportingAgent } from './reporting/reporting-agent';
import { sqlRunnerOf } from './sql-runner';
import { RecommendationsStore } from './stores/recommendations.store';
import { RunReportsStore } from './stores/run-reports.store';
import { RunWorkspaceStore } from './stores/run-workspace.store';

/*
 * A Free organisation with 30 days of gpt-4o-2024-08-06 on OpenAI: each day 10,000,000 input tokens (none cached),
 * 1,000,000 output tokens and 2,000 requests, costing list: 10 × 2.5 + 1 × 10 = 35 USD a day (price book v1 from
 * the bundled LiteLLM file: 2.5 / 10 per Mtok, cached 1.25, batch 1.25 / 5).
 */
describe('a supervisor run over real cost rows and the bundled price book', () => {
  let db: Awaited<ReturnType<typeof createMigratedDataSource>>;
  let optimizer: OptimizerActivitiesService;
  let reports: RunReportsStore;
  let recommendations: RecommendationsStore;
  let orgId: string;
  let userId: string;

  beforeAll(async () => {
    db = await createMigratedDataSource();
    const ds = db.dataSource;
    const priceBook = new PriceBook(ds);
    await priceBook.importVersion({ litellm: readFileSync(BUNDLED_PRICE_FILES.litellm), genaiPrices: readFileSync(BUNDLED_PRICE_FILES.genaiPrices) }, null, true);
    recommendations = new RecommendationsStore(ds);
    reports = new RunReportsStore(ds, recommendations);
    const reporting = new ReportingAgent(ds, new EntitlementsService(ds), recommendations, reports, new NarrativeWriter({ llm: null } as unknown as AppConfig));
    optimizer = new OptimizerActivitiesService(ds, new RunsService(ds), priceBook, new RunWorkspaceStore(ds), reporting);
    const [org] = await ds.query("INSERT INTO organizations (name) VALUES ('Tokens Ltd') RETURNING id");
    const [user] = await ds.query("INSERT INTO users (org_id, email, name, password_hash, role) VALUES ($1, 'ada@example.com', 'Ada', 'x', 'owner') RETURNING id", [org.id]);
    [orgId, userId] = [org.id, user.id];
  });
  afterAll(() => db?.close());

  async function runningRun(): Promise<string> {
    const [row] = await db.dataSource.query("INSERT INTO runs (org_id, user_id, status, admitted_at, started_at) VALUES ($1, $2, 'running', now(), now()) RETURNING id", [orgId, userId]);
    return row.id;
  }

  async function loadRows(): Promise<void> {
    const ds = db.dataSource;
    const [connection] = await ds.query("INSERT INTO cost_connections (org_id, provider, name, status) VALUES ($1, 'focus_upload', 'uploads', 'active') RETURNING id", [orgId]);
    const [source] = await ds.query(
      "INSERT INTO cost_sources (org_id, connection_id, kind, file_name, period_start, period_end, row_count, status) VALUES ($1, $2, 'file', 'openai.csv', '2026-11-01', '2026-12-01', 30, 'loaded') RETURNING id",
      [orgId, connection.id],
    );
    await ds.query(
      `INSERT INTO cost_rows (org_id, connection_id, source_id, source_row, charge_period_start, charge_period_end, charge_category, billed_cost, effective_cost, list_cost,
                              billing_currency, provider_name, service_name, is_ai, model, input_tokens, output_tokens, cached_tokens, requests)
       SELECT $1, $2, $3, d, timestamptz '2026-11-01' + (d - 1) * interval '1 day', timestamptz '2026-11-01' + d * interval '1 day', 'Usage', 35, 35, 35,
              'USD', 'OpenAI', 'OpenAI API', true, 'gpt-4o-2024-08-06', 10000000, 1000000, 0, 2000
       FROM generate_series(1, 30) d`,
      [orgId, connection.id, source.id],
    );
  }

  const runAll = async (runId: string) => {
    const { hasData } = await optimizer.runDataAgent(runId);
    if (hasData) for (const agent of ['model_substitution', 'prompt_caching', 'batch', 'service_tier', 'deprecated_model'] as const) await optimizer.runOptimizationAgent(runId, agent);
    return { hasData, outcome: await optimizer.runReportingAgent(runId) };
  };

  it('finishes a run with no cost data as "no data to analyse", not as a failure', async () => {
    const runId = await runningRun();
    const { hasData, outcome } = await runAll(runId);
    expect(hasData).toBe(false);
    expect(outcome).toEqual({ tokensUsed: 0, costSaved: '0' });
    const report = await reports.find(orgId, runId);
    expect(report).toMatchObject({ status: 'no_data', findings: [], summary: expect.stringContaining('no cost data') });
  });

  it('prices caching and batch on Free from the rows, in sequence, and counts what Early would add', async () => {
    await loadRows();
    const runId = await runningRun();
    const { outcome } = await runAll(runId);
    expect(outcome).toEqual({ tokensUsed: 0, costSaved: '0' });
    const report = (await reports.find(orgId, runId))!;
    expect(report.status).toBe('analysed');
    expect(report.priceBookVersion).toBe(1);

    // Caching alone: 300M uncached input × (2.5 − 1.25) / 1M = 375 a month; expected 50 % = 187.50.
    const caching = report.findings.find((f) => f.kind === 'prompt_caching')!;
    expect(caching.monthlySavings).toEqual({ low: '93.75', expected: '187.5', high: '281.25' });
    // Batch alone: half of 1,050 at 50 % of traffic = 262.50, taken from what caching leaves: 262.5 × 862.5 / 1050.
    const batch = report.findings.find((f) => f.kind === 'batch')!;
    const expectedBatch = Decimal.of('262.5').times(Decimal.of('862.5').dividedBy('1050', 12)).round(2);
    expect(batch.monthlySavings.expected).toBe(expectedBatch.toString());
    expect(report.findings.map((f) => f.kind)).toEqual(['batch', 'prompt_caching']);
    expect(report.potentialMonthlySavings).toEqual([{ currency: 'USD', amount: Decimal.of('187.5').plus(expectedBatch).toString() }]);
    const spend = Decimal.of('1050');
    expect(Decimal.sum(report.findings.map((f) => f.monthlySavings.expected)).lte(spend)).toBe(true);

    // The evidence is exactly the 30 rows and recomputes to the same digest.
    expect(caching.evidence).toMatchObject({ rowCount: 30, amount: '1050' });
    expect((await collectEvidence(sqlRunnerOf(db.dataSource), orgId, caching.evidence.filters)).sha256).toBe(caching.evidence.sha256);
    // Substitution is Early's; it is counted, not shown.
    expect(report.locked).toContainEqual(expect.objectContaining({ tier: 'early', feature: 'advanced_optimization', findingCount: expect.any(Number) }));
    expect(report.findings.every((f) => f.kind !== 'model_substitution')).toBe(true);
    expect(report.summary).toContain('potential');
  });

  it('updates, never duplicates, recommendations when an agent or a later run finds the same thing again', async () => {
    const runId = await runningRun();
    await runAll(runId);
    await optimizer.runOptimizationAgent(runId, 'prompt_caching');
    await optimizer.runReportingAgent(runId);
    const { items } = await recommendations.list(orgId, { limit: 50 });
    expect(items.filter((r) => r.kind === 'prompt_caching')).toHaveLength(1);
    expect(items.find((r) => r.kind === 'prompt_caching')!.lastRunId).toBe(runId);
  });

  it('refuses to work on a run that is not running', async () => {
    const [row] = await db.dataSource.query("INSERT INTO runs (org_id, user_id, status, admitted_at) VALUES ($1, $2, 'failed_to_start', now()) RETURNING id", [orgId, userId]);
    await expect(optimizer.runDataAgent(row.id)).rejects.toThrow('is failed_to_start, not running');
  });
});
