/**
 * One proof of savings over an organisation's AI cost rows, end to end: the real API and worker, Temporal and
 * PostgreSQL, against a baseline of one plain GROUP BY day over the same organisation's rows of the proof's windows.
 *
 *   seed       N AI cost rows for the organisation under test over the last 90 days (bench-organisation.ts) and N/10
 *              for each of two other organisations
 *   recommend  one supervisor run over them; the recommendation with the largest expected savings is taken, and dated
 *              60 days back (it stands for one made then)
 *   prove      POST /api/v1/recommendations/:id/implemented 20 days ago: the 14-day reporting period has ended, so
 *              the proof captures its baseline, reads the period, calculates and signs without waiting; polled on
 *              GET /api/v1/proofs/:id; wall time from the proof's own timestamps (opened → finished)
 *   baseline   SELECT day, sum(tokens, requests, cost) … GROUP BY day over the organisation's rows of the baseline and
 *              reporting windows
 *
 *   npx nx run bench:proof                                    (1,000,000 rows)
 *   npx nx run bench:proof --rows=10000000 --timeout-minutes=30
 *   APEX_BENCH_DATABASE_URL=postgres://…                      uses that database instead of an embedded server
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import type { ProofStatus, ProofView, RecommendationPage, RecommendationView } from '@apex/contracts';
import { proofWorkflowId, runWorkflowId } from '@apex/contracts';
import type { Stack } from '@apex/devstack';
import { Decimal } from '@apex/domain';
import { benchDatabase } from './bench-database';
import { api, argument, BenchFailure, benchOwner, mb, RSS_SAMPLE_INTERVAL_MS, RssProbe, runToEnd, seconds, printActivityTimings, seedBenchRows, startBenchStack, warmQueryMs } from './bench-organisation';

const workspaceRoot = resolve(__dirname, '..');
const ROWS = argument('rows', 1_000_000);
const TIMEOUT_MS = argument('timeout-minutes', 10) * 60_000;
const IMPLEMENTED_DAYS_AGO = 20;
const POLL_MS = 250;
const ENDED: ProofStatus[] = ['finished', 'failed'];

const dayOffset = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

async function largestRecommendation(stack: Stack, token: string): Promise<RecommendationView> {
  const page = await api<RecommendationPage>(stack, token, 'GET', '/api/v1/recommendations?limit=100');
  if (page.status !== 200) throw new BenchFailure(`GET /api/v1/recommendations answered HTTP ${page.status}`);
  const [largest] = [...page.json.items].sort((a, b) => Decimal.of(b.monthlySavings.expected).compare(a.monthlySavings.expected));
  if (!largest) throw new BenchFailure('the run made no recommendation to prove');
  return largest;
}

async function proveToEnd(stack: Stack, token: string, recommendationId: string): Promise<ProofView> {
  const opened = await api<ProofView>(stack, token, 'POST', `/api/v1/recommendations/${recommendationId}/implemented`, { implementedOn: dayOffset(-IMPLEMENTED_DAYS_AGO) });
  if (opened.status !== 201) throw new BenchFailure(`POST implemented answered HTTP ${opened.status}: ${JSON.stringify(opened.json)}`);
  const deadline = performance.now() + TIMEOUT_MS;
  for (;;) {
    const polled = await api<ProofView>(stack, token, 'GET', `/api/v1/proofs/${opened.json.id}`);
    if (polled.status !== 200) throw new BenchFailure(`GET /api/v1/proofs/${opened.json.id} answered HTTP ${polled.status}`);
    if (ENDED.includes(polled.json.status)) return polled.json;
    if (performance.now() > deadline) throw new BenchFailure(`proof ${opened.json.id} had not ended after ${TIMEOUT_MS / 60_000} minutes (status ${polled.json.status})`);
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

function baselineMs(pg: Client, orgId: string, from: string, to: string): Promise<number> {
  const sql = `SELECT (charge_period_start AT TIME ZONE 'UTC')::date AS day, sum(input_tokens), sum(cached_tokens), sum(output_tokens),
                      sum(requests), sum(effective_cost)
               FROM cost_rows WHERE org_id = $1 AND charge_period_start >= $2::date AND charge_period_start < $3::date + 1 GROUP BY 1`;
  return warmQueryMs(pg, sql, [orgId, from, to]);
}

async function main(): Promise<void> {
  const db = await benchDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'apex-bench-stack-'));
  let stack: Stack | null = null;
  const pg = new Client({ connectionString: db.url });
  try {
    stack = await startBenchStack(workspaceRoot, dataDir, db.url);
    await pg.connect();
    const { token, orgId } = await benchOwner(stack, pg, 'Bench Proof Ltd');
    await seedBenchRows(pg, orgId, ROWS);

    const run = await runToEnd(stack, token, TIMEOUT_MS);
    if (run.run.status !== 'succeeded') throw new BenchFailure(`the run ended ${run.run.status}: ${run.run.failure ?? 'no reason given'}`);
    const recommendation = await largestRecommendation(stack, token);
    await pg.query("UPDATE recommendations SET created_at = now() - interval '60 days' WHERE id = $1", [recommendation.id]);
    console.log(`run over the rows: ${seconds(run.observedMs)}`);
    await printActivityTimings(stack, runWorkflowId(run.run.id));
    console.log(`proving "${recommendation.title}" (expected ${recommendation.monthlySavings.expected} ${recommendation.currency} a month)`);

    const workerPid = stack.worker.child.pid;
    if (!workerPid) throw new BenchFailure('the worker has no process id');
    const rss = new RssProbe(workerPid);
    rss.start();
    const proof = await proveToEnd(stack, token, recommendation.id).finally(() => rss.pause());
    const memory = rss.stop();
    if (proof.status !== 'finished' || !proof.signed) throw new BenchFailure(`the proof ended ${proof.status}`);
    const { report } = proof.signed;
    const ownMs = Date.parse(proof.finishedAt ?? '') - Date.parse(proof.createdAt);
    const baseline = await baselineMs(pg, orgId, report.baseline.from, report.reporting.to);

    console.log(`\nProof of savings over ${ROWS.toLocaleString('en')} AI cost rows of one organisation:`);
    console.log(`  proof ${proof.id}: ${proof.verdict}, savings ${report.savings} ${report.currency} (68 % ± ${report.uncertainty.at68 ?? 'n/a'})`);
    console.log(`  baseline ${report.baseline.from} → ${report.baseline.to} (${report.baseline.rowCount.toLocaleString('en')} rows), reporting ${report.reporting.from} → ${report.reporting.to} (${report.reporting.rowCount.toLocaleString('en')} rows)`);
    console.log(`  proof, opened → finished (its timestamps)   ${seconds(ownMs).padStart(10)}`);
    console.log(`  baseline GROUP BY day over both windows     ${seconds(baseline).padStart(10)}`);
    console.log(`  proof / baseline                            ${(ownMs / baseline).toFixed(1).padStart(9)}x`);
    console.log(`  worker peak RSS: ${mb(memory.highWaterKb)} (VmHWM since start), ${mb(memory.sampledKb)} (VmRSS sampled every ${RSS_SAMPLE_INTERVAL_MS} ms during the proof)`);
    await printActivityTimings(stack, proofWorkflowId(recommendation.id));
  } finally {
    await pg.end().catch(() => undefined);
    if (stack) await stack.stop();
    await db.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error instanceof BenchFailure ? `bench:proof failed: ${error.message}` : error);
  process.exit(1);
});
