/**
 * The value page at scale: one organisation with `--rows` cost rows (10 million by default) and two others beside it
 * with a tenth each, then every metrics call the value page makes when it opens, `--rounds` times each.
 *
 *   http      through the running API (what the portal waits for): each endpoint alone, then the page's six calls
 *             at once, as the browser sends them
 *   rollups   the same six figures computed in this process by the API's own metrics services on the rollups
 *   rows      the same services on raw cost_rows (the baseline): what each figure costs without the rollups
 *
 * Prints p50 and p95 per endpoint and for the whole page, and rows ÷ rollups as the ratio. Before measuring, each
 * figure is read once from the rollups and once from the rows and the two answers must be equal.
 *
 *   npx nx run bench:dashboard --rows=10000000 --rounds=20
 *   APEX_BENCH_DATABASE_URL=postgres://…    uses that database instead of an embedded server
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { isDeepStrictEqual } from 'node:util';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { CostFacts, CostPerTokenMetrics, MetricsRanges, ROLLUP_FACTS, ROW_FACTS, SpendMetrics, SpendTrendMetrics, today } from '@apex/costs';
import { dataSourceOptions } from '@apex/db';
import type { Stack } from '@apex/devstack';
import { benchDatabase } from './bench-database';
import { api, argument, BenchFailure, benchOwner, seedBenchRows, startBenchStack } from './bench-organisation';

const workspaceRoot = resolve(__dirname, '..');
const ROWS = argument('rows', 10_000_000);
const ROUNDS = argument('rounds', 20);
const GOAL_ENDPOINT_P95_MS = 200;
const GOAL_PAGE_P95_MS = 1000;

/** The calls the value page makes when it opens on its default range (see apps/web/src/app/pages/value). */
function pageCalls(asOf: string): { name: string; path: string }[] {
  return [
    { name: 'summary', path: '/api/v1/metrics/summary' },
    { name: 'spend by provider, weekly', path: '/api/v1/metrics/spend?bucket=week&by=provider' },
    { name: 'cost per 1K tokens, weekly', path: '/api/v1/metrics/cost-per-token?bucket=week' },
    { name: 'drivers by model (10)', path: '/api/v1/metrics/drivers?by=model&limit=10' },
    { name: 'spend by model (8)', path: '/api/v1/metrics/drivers?by=model&limit=8' },
    { name: 'trend', path: `/api/v1/metrics/trend?asOf=${asOf}` },
  ];
}

function inProcessCalls(db: DataSource, facts: CostFacts, orgId: string, asOf: string): { name: string; call: () => Promise<unknown> }[] {
  const ranges = new MetricsRanges(db, facts);
  const spend = new SpendMetrics(db, ranges, facts);
  const perToken = new CostPerTokenMetrics(db, ranges, facts);
  const trend = new SpendTrendMetrics(db, facts);
  return [
    { name: 'summary', call: () => spend.summary(orgId, {}) },
    { name: 'spend by provider, weekly', call: () => spend.spend(orgId, { bucket: 'week', by: 'provider' }) },
    { name: 'cost per 1K tokens, weekly', call: () => perToken.series(orgId, { bucket: 'week' }) },
    { name: 'drivers by model (10)', call: () => spend.drivers(orgId, { by: 'model', limit: 10 }) },
    { name: 'spend by model (8)', call: () => spend.drivers(orgId, { by: 'model', limit: 8 }) },
    { name: 'trend', call: () => trend.trend(orgId, { asOf }) },
  ];
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function timings(rounds: number, once: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  const ms: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const started = performance.now();
    await once();
    ms.push(performance.now() - started);
  }
  ms.sort((a, b) => a - b);
  return { p50: percentile(ms, 50), p95: percentile(ms, 95) };
}

const fmt = (ms: number) => `${ms.toFixed(1)} ms`.padStart(11);

async function main(): Promise<void> {
  const database = await benchDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'apex-bench-stack-'));
  let stack: Stack | null = null;
  const pg = new Client({ connectionString: database.url });
  let db: DataSource | null = null;
  try {
    stack = await startBenchStack(workspaceRoot, dataDir, database.url);
    await pg.connect();
    const { token, orgId } = await benchOwner(stack, pg, 'Bench Dashboard Ltd');
    await seedBenchRows(pg, orgId, ROWS);
    const [{ n: rollupRows }] = (await pg.query('SELECT count(*)::int AS n FROM cost_daily_rollups WHERE org_id = $1', [orgId])).rows;
    console.log(`the organisation's ${ROWS.toLocaleString('en')} rows are kept as ${rollupRows.toLocaleString('en')} daily rollup rows`);

    db = await new DataSource(dataSourceOptions(database.url, 8)).initialize();
    const asOf = today();
    const rows = inProcessCalls(db, ROW_FACTS, orgId, asOf);
    const rollups = inProcessCalls(db, ROLLUP_FACTS, orgId, asOf);
    for (const [i, call] of rollups.entries()) {
      const [fromRollups, fromRows] = [await call.call(), await rows[i].call()];
      if (!isDeepStrictEqual(fromRollups, fromRows)) throw new BenchFailure(`${call.name}: the rollups and the rows answer differently`);
    }
    console.log('every figure read from the rollups equals the same figure read from the rows\n');

    const calls = pageCalls(asOf);
    const fetchOk = async (path: string) => {
      const answer = await api(stack!, token, 'GET', path);
      if (answer.status !== 200) throw new BenchFailure(`GET ${path} answered HTTP ${answer.status}`);
    };
    for (const call of calls) await fetchOk(call.path);

    console.log(`${ROUNDS} rounds each; p50 / p95`);
    console.log(`${'call'.padEnd(28)}${'http p50'.padStart(11)}${'http p95'.padStart(11)}${'rollups p95'.padStart(13)}${'rows p95'.padStart(11)}${'rows/rollups'.padStart(14)}`);
    let worstHttpP95 = 0;
    for (const [i, call] of calls.entries()) {
      const http = await timings(ROUNDS, () => fetchOk(call.path));
      const fromRollups = await timings(ROUNDS, rollups[i].call);
      const fromRows = await timings(Math.max(3, Math.ceil(ROUNDS / 4)), rows[i].call);
      worstHttpP95 = Math.max(worstHttpP95, http.p95);
      console.log(
        `${call.name.padEnd(28)}${fmt(http.p50)}${fmt(http.p95)}${fmt(fromRollups.p95).padStart(13)}${fmt(fromRows.p95)}${`${(fromRows.p50 / fromRollups.p50).toFixed(0)}×`.padStart(14)}`,
      );
    }
    const page = await timings(ROUNDS, () => Promise.all(calls.map((call) => fetchOk(call.path))));
    const pageRows = await timings(3, () => Promise.all(rows.map((call) => call.call())));
    const pageRollups = await timings(ROUNDS, () => Promise.all(rollups.map((call) => call.call())));
    console.log(
      `${'whole page (6 at once)'.padEnd(28)}${fmt(page.p50)}${fmt(page.p95)}${fmt(pageRollups.p95).padStart(13)}${fmt(pageRows.p95)}${`${(pageRows.p50 / pageRollups.p50).toFixed(0)}×`.padStart(14)}`,
    );
    console.log(`\ngoal: each endpoint p95 < ${GOAL_ENDPOINT_P95_MS} ms (worst ${worstHttpP95.toFixed(1)} ms), whole page p95 < ${GOAL_PAGE_P95_MS} ms (${page.p95.toFixed(1)} ms)`);
    if (worstHttpP95 >= GOAL_ENDPOINT_P95_MS || page.p95 >= GOAL_PAGE_P95_MS) throw new BenchFailure('the goal was missed');
  } finally {
    await db?.destroy().catch(() => undefined);
    await pg.end().catch(() => undefined);
    if (stack) await stack.stop();
    await database.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error instanceof BenchFailure ? `bench:dashboard failed: ${error.message}` : error);
  process.exit(1);
});
