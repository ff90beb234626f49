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
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import type { RunDetail, RunStatus } from '@apex/contracts';
import { Stack, startStack } from '@apex/devstack';
import { benchDatabase } from './bench-database';

const workspaceRoot = resolve(__dirname, '..');
const ENDED: RunStatus[] = ['succeeded', 'failed', 'cancelled', 'failed_to_start'];
const POLL_MS = 250;
const RSS_SAMPLE_MS = 200;
const SEED_BATCH = 1_000_000;

/** `--name=value` or `--name value`, as Nx forwards them. */
function argument(name: string, fallback: number): number {
  const args = process.argv.slice(2);
  const i = args.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return fallback;
  const raw = args[i].includes('=') ? args[i].split('=')[1] : args[i + 1];
  const value = Number(String(raw).replace(/[_,]/g, ''));
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} must be a positive whole number, got ${raw}`);
  return value;
}

const ROWS = argument('rows', 1_000_000);
const RUN_TIMEOUT_MS = argument('timeout-minutes', 10) * 60_000;

class BenchFailure extends Error {}

/** Five real models with list prices in USD per million tokens: uncached input, cached input, output. */
const MODELS_SQL = `(VALUES
  (0, 'OpenAI', 'OpenAI API', 'gpt-4o-2024-08-06', 2.50, 1.25, 10.00),
  (1, 'OpenAI', 'OpenAI API', 'gpt-4o-mini', 0.15, 0.075, 0.60),
  (2, 'OpenAI', 'OpenAI API', 'gpt-4.1', 2.00, 0.50, 8.00),
  (3, 'Anthropic', 'Claude API', 'claude-3-5-sonnet-20241022', 3.00, 0.30, 15.00),
  (4, 'Anthropic', 'Claude API', 'claude-3-haiku-20240307', 0.25, 0.03, 1.25)
) AS m(i, provider, service, model, input_price, cached_price, output_price)`;

/** A FOCUS-upload connection and one loaded source holding `rows` rows for the organisation. */
async function seedOrganisation(pg: Client, orgId: string, rows: number): Promise<void> {
  const [connection] = (
    await pg.query("INSERT INTO cost_connections (org_id, provider, name, status) VALUES ($1, 'focus_upload', 'Bench upload', 'active') RETURNING id", [orgId])
  ).rows;
  const [source] = (
    await pg.query(
      `INSERT INTO cost_sources (org_id, connection_id, kind, file_name, focus_version, period_start, period_end, row_count, status, loaded_at)
       VALUES ($1, $2, 'file', 'bench.csv', '1.2', date_trunc('hour', now()) - interval '90 days', date_trunc('hour', now()), $3, 'loaded', now())
       RETURNING id`,
      [orgId, connection.id, rows],
    )
  ).rows;
  for (let from = 1; from <= rows; from += SEED_BATCH) {
    const to = Math.min(rows, from + SEED_BATCH - 1);
    await pg.query(
      `INSERT INTO cost_rows (org_id, connection_id, source_id, source_row, charge_period_start, charge_period_end, charge_category,
         billed_cost, effective_cost, list_cost, billing_currency, provider_name, service_name, service_category, consumed_quantity,
         consumed_unit, is_ai, model, input_tokens, output_tokens, cached_tokens, requests)
       SELECT $1, $2, $3, t.g, t.start, t.start + interval '1 hour', 'Usage',
         t.cost, t.cost, t.cost, 'USD', m.provider, m.service, 'AI and Machine Learning', t.input + t.output, 'Tokens',
         true, m.model, t.input, t.output, t.cached, t.requests
       FROM (
         SELECT s.*, round(((s.input - s.cached) * s.input_price + s.cached * s.cached_price + s.output * s.output_price) / 1000000, 10) AS cost
         FROM (
           SELECT g, m.i, m.input_price, m.cached_price, m.output_price,
             date_trunc('hour', now()) - interval '90 days' + ((g / 5) % 2160) * interval '1 hour' AS start,
             r.requests, r.requests * (200 + (g * 31) % 3000) AS input,
             r.requests * (200 + (g * 31) % 3000) * ((g / 7) % 5) / 10 AS cached,
             r.requests * (40 + (g * 17) % 600) AS output
           FROM generate_series($4::bigint, $5::bigint) AS g
           CROSS JOIN LATERAL (SELECT 1 + (g * 7919) % 40 AS requests) AS r
           JOIN ${MODELS_SQL} ON m.i = g % 5
         ) AS s
       ) AS t
       JOIN ${MODELS_SQL} ON m.i = t.i`,
      [orgId, connection.id, source.id, from, to],
    );
  }
}

async function otherOrganisation(pg: Client, name: string): Promise<string> {
  return (await pg.query("INSERT INTO organizations (name, tier) VALUES ($1, 'mid') RETURNING id", [name])).rows[0].id;
}

async function api<T>(stack: Stack, token: string | null, method: string, path: string, body?: unknown): Promise<{ status: number; json: T }> {
  const response = await fetch(`${stack.apiUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: (text ? JSON.parse(text) : {}) as T };
}

/** The worker's resident set: sampled while the run works, and the kernel's high-water mark afterwards. */
class RssProbe {
  peakSampledKb = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly pid: number) {}

  private field(name: 'VmRSS' | 'VmHWM'): number {
    const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
    return Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
  }

  start(): void {
    this.timer = setInterval(() => {
      try {
        this.peakSampledKb = Math.max(this.peakSampledKb, this.field('VmRSS'));
      } catch {
        // the worker has gone; the run's outcome will say why
      }
    }, RSS_SAMPLE_MS);
  }

  pause(): void {
    if (this.timer) clearInterval(this.timer);
  }

  stop(): { sampledKb: number; highWaterKb: number } {
    this.pause();
    return { sampledKb: this.peakSampledKb, highWaterKb: this.field('VmHWM') };
  }
}

async function runToEnd(stack: Stack, token: string): Promise<{ run: RunDetail; observedMs: number }> {
  const started = performance.now();
  const created = await api<RunDetail>(stack, token, 'POST', '/api/v1/runs', {});
  if (created.status !== 202) throw new BenchFailure(`POST /api/v1/runs answered HTTP ${created.status}: ${JSON.stringify(created.json)}`);
  const deadline = started + RUN_TIMEOUT_MS;
  for (;;) {
    const polled = await api<RunDetail>(stack, token, 'GET', `/api/v1/runs/${created.json.id}`);
    if (polled.status !== 200) throw new BenchFailure(`GET /api/v1/runs/${created.json.id} answered HTTP ${polled.status}`);
    if (ENDED.includes(polled.json.status)) return { run: polled.json, observedMs: performance.now() - started };
    if (performance.now() > deadline) {
      throw new BenchFailure(`Run ${created.json.id} had not ended after ${RUN_TIMEOUT_MS / 60_000} minutes (status ${polled.json.status}, agent ${polled.json.progress?.agent ?? 'none'})`);
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

async function baselineMs(pg: Client, orgId: string): Promise<number> {
  const sql = `SELECT provider_name, model, count(*), sum(effective_cost), sum(input_tokens), sum(output_tokens)
               FROM cost_rows WHERE org_id = $1 GROUP BY 1, 2`;
  await pg.query(sql, [orgId]);
  const started = performance.now();
  await pg.query(sql, [orgId]);
  return performance.now() - started;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;

async function main(): Promise<void> {
  const db = await benchDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'apex-bench-stack-'));
  let stack: Stack | null = null;
  const pg = new Client({ connectionString: db.url });
  try {
    stack = await startStack({
      workspaceRoot,
      dataDir,
      persistent: false,
      ports: { api: 0, postgres: 0, temporal: 0, temporalUi: 0, smtp: 0, inbox: 0 },
      external: { databaseUrl: db.url },
      env: { LOG_LEVEL: 'warn', NODE_ENV: 'production', ACCESS_TOKEN_TTL_SECONDS: '86400' },
      output: (service, line) => (/error|fatal/i.test(line) ? console.error(`[${service}] ${line}`) : undefined),
    });
    await pg.connect();

    const email = `bench-${randomUUID()}@example.com`;
    const signUp = await api<{ accessToken: string }>(stack, null, 'POST', '/api/v1/auth/signup', {
      email, password: 'correct horse battery', name: 'Bench Owner', organizationName: 'Bench Optimizer Ltd',
    });
    if (signUp.status !== 201) throw new BenchFailure(`sign-up answered HTTP ${signUp.status}: ${JSON.stringify(signUp.json)}`);
    const token = signUp.json.accessToken;
    const orgId: string = (await pg.query('SELECT org_id FROM users WHERE email = $1', [email])).rows[0].org_id;
    await pg.query("UPDATE organizations SET tier = 'mid' WHERE id = $1", [orgId]);

    // A run over no data first: the worker is polling and its code is warm before the measured run.
    const warmUp = await runToEnd(stack, token);
    console.log(`warm-up run over no rows: ${warmUp.run.status} in ${seconds(warmUp.observedMs)}`);

    const seedStarted = performance.now();
    await seedOrganisation(pg, orgId, ROWS);
    for (const name of ['Bench Neighbour A', 'Bench Neighbour B']) await seedOrganisation(pg, await otherOrganisation(pg, name), Math.max(1, Math.floor(ROWS / 10)));
    await pg.query('ANALYZE cost_rows');
    const seedMs = performance.now() - seedStarted;
    const [{ n }] = (await pg.query('SELECT count(*)::bigint AS n FROM cost_rows WHERE org_id = $1', [orgId])).rows;
    if (Number(n) !== ROWS) throw new BenchFailure(`seeded ${n} rows for ${ROWS}`);
    console.log(`seeded ${ROWS.toLocaleString('en')} rows (+ 2 × ${Math.floor(ROWS / 10).toLocaleString('en')} for other organisations) in ${seconds(seedMs)}`);

    const baseline = await baselineMs(pg, orgId);

    const workerPid = stack.worker.child.pid;
    if (!workerPid) throw new BenchFailure('the worker has no process id');
    const rss = new RssProbe(workerPid);
    rss.start();
    const measured = await runToEnd(stack, token).finally(() => rss.pause());
    const memory = rss.stop();
    const { run, observedMs } = measured;
    const ownMs = run.finishedAt ? Date.parse(run.finishedAt) - Date.parse(run.admittedAt) : NaN;

    console.log(`\nSupervisor run over ${ROWS.toLocaleString('en')} AI cost rows of one organisation:`);
    console.log(`  run ${run.id}: ${run.status}${run.failure ? ` (${run.failure})` : ''}, report ${run.report ? `${run.report.status}, ${run.report.findings.length} findings` : 'none'}`);
    console.log(`  run, admitted → finished (its timestamps)   ${seconds(ownMs).padStart(10)}`);
    console.log(`  run, POST → seen ended (this process)       ${seconds(observedMs).padStart(10)}`);
    console.log(`  baseline GROUP BY provider, model           ${seconds(baseline).padStart(10)}`);
    console.log(`  run / baseline                              ${(ownMs / baseline).toFixed(1).padStart(9)}x`);
    console.log(`  worker peak RSS: ${mb(memory.highWaterKb)} (VmHWM since start), ${mb(memory.sampledKb)} (VmRSS sampled every ${RSS_SAMPLE_MS} ms during the run)`);
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
