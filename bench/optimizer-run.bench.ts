/**
 * One supervisor run over an organisation's AI cost rows, end to end: the real API and worker, Temporal and
 * PostgreSQL, against a baseline of one plain GROUP BY over the same rows in the same database.
 *
 *   seed      N AI cost rows for the organisation under test (90 days, hourly, five real models of OpenAI and
 *             Anthropic, tokens and requests, costs at list prices) and N/10 for each of two other organisations,
 *             by INSERT … SELECT generate_series straight into cost_rows, then ANALYZE
 *   run       POST /api/v1/runs, polled on GET /api/v1/runs/:id until it has ended; wall time from the run's own
 *             timestamps (admitted → finished) and as this process saw it; the worker's peak RSS
 *   baseline  SELECT provider_name, model, count(*), sum(…) … GROUP BY 1, 2 over the same organisation's rows
 *
 *   npx nx run bench:optimizer-run                          (1,000,000 rows)
 *   npx nx run bench:optimizer-run --rows=10000000 --timeout-minutes=30
 *   APEX_BENCH_DATABASE_URL=postgres://…                    uses that database instead of an embedded server
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { runWorkflowId } from '@apex/contracts';
import type { Stack } from '@apex/devstack';
import { benchDatabase } from './bench-database';
import { argument, BenchFailure, benchOwner, mb, RSS_SAMPLE_INTERVAL_MS, RssProbe, runToEnd, seconds, printActivityTimings, seedBenchRows, startBenchStack, warmQueryMs } from './bench-organisation';

const workspaceRoot = resolve(__dirname, '..');

const ROWS = argument('rows', 1_000_000);
const RUN_TIMEOUT_MS = argument('timeout-minutes', 10) * 60_000;

function baselineMs(pg: Client, orgId: string): Promise<number> {
  const sql = `SELECT provider_name, model, count(*), sum(effective_cost), sum(input_tokens), sum(output_tokens)
               FROM cost_rows WHERE org_id = $1 GROUP BY 1, 2`;
  return warmQueryMs(pg, sql, [orgId]);
}

async function main(): Promise<void> {
  const db = await benchDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'apex-bench-stack-'));
  let stack: Stack | null = null;
  const pg = new Client({ connectionString: db.url });
  try {
    stack = await startBenchStack(workspaceRoot, dataDir, db.url);
    await pg.connect();
    const { token, orgId } = await benchOwner(stack, pg, 'Bench Optimizer Ltd');

    // A run over no data first: the worker is polling and its code is warm before the measured run.
    const warmUp = await runToEnd(stack, token, RUN_TIMEOUT_MS);
    console.log(`warm-up run over no rows: ${warmUp.run.status} in ${seconds(warmUp.observedMs)}`);

    await seedBenchRows(pg, orgId, ROWS);

    const baseline = await baselineMs(pg, orgId);

    const workerPid = stack.worker.child.pid;
    if (!workerPid) throw new BenchFailure('the worker has no process id');
    const rss = new RssProbe(workerPid);
    rss.start();
    const measured = await runToEnd(stack, token, RUN_TIMEOUT_MS).finally(() => rss.pause());
    const memory = rss.stop();
    const { run, observedMs } = measured;
    const ownMs = run.finishedAt ? Date.parse(run.finishedAt) - Date.parse(run.admittedAt) : NaN;

    console.log(`\nSupervisor run over ${ROWS.toLocaleString('en')} AI cost rows of one organisation:`);
    console.log(`  run ${run.id}: ${run.status}${run.failure ? ` (${run.failure})` : ''}, report ${run.report ? `${run.report.status}, ${run.report.findings.length} findings` : 'none'}`);
    console.log(`  run, admitted → finished (its timestamps)   ${seconds(ownMs).padStart(10)}`);
    console.log(`  run, POST → seen ended (this process)       ${seconds(observedMs).padStart(10)}`);
    console.log(`  baseline GROUP BY provider, model           ${seconds(baseline).padStart(10)}`);
    console.log(`  run / baseline                              ${(ownMs / baseline).toFixed(1).padStart(9)}x`);
    console.log(`  worker peak RSS: ${mb(memory.highWaterKb)} (VmHWM since start), ${mb(memory.sampledKb)} (VmRSS sampled every ${RSS_SAMPLE_INTERVAL_MS} ms during the run)`);
    await printActivityTimings(stack, runWorkflowId(run.id));
    if (run.status !== 'succeeded') throw new BenchFailure(`the run ended ${run.status}: ${run.failure ?? 'no reason given'}`);
  } finally {
    await pg.end().catch(() => undefined);
    if (stack) await stack.stop();
    await db.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error instanceof BenchFailure ? `bench:optimizer-run failed: ${error.message}` : error);
  process.exit(1);
});
