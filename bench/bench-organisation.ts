/**
 * What the run and proof benchmarks share: an organisation's AI cost rows seeded straight into cost_rows (90 days,
 * hourly, five real models of OpenAI and Anthropic, tokens and requests, costs at list prices), the API as a client,
 * and the worker's resident set.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { Connection, WorkflowClient } from '@temporalio/client';
import { Client } from 'pg';
import type { RunDetail, RunStatus } from '@apex/contracts';
import { Stack, startStack } from '@apex/devstack';

const SEED_BATCH = 1_000_000;
const RSS_SAMPLE_MS = 200;
const POLL_MS = 250;
const ENDED: RunStatus[] = ['succeeded', 'failed', 'cancelled', 'failed_to_start'];

export class BenchFailure extends Error {}

/** `--name=value` or `--name value`, as Nx forwards them. */
export function argument(name: string, fallback: number): number {
  const args = process.argv.slice(2);
  const i = args.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return fallback;
  const raw = args[i].includes('=') ? args[i].split('=')[1] : args[i + 1];
  const value = Number(String(raw).replace(/[_,]/g, ''));
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} must be a positive whole number, got ${raw}`);
  return value;
}

/** Starts a supervisor run and polls it until it has ended, or fails after `timeoutMs`. */
export async function runToEnd(stack: Stack, token: string, timeoutMs: number): Promise<{ run: RunDetail; observedMs: number }> {
  const started = performance.now();
  const created = await api<RunDetail>(stack, token, 'POST', '/api/v1/runs', {});
  if (created.status !== 202) throw new BenchFailure(`POST /api/v1/runs answered HTTP ${created.status}: ${JSON.stringify(created.json)}`);
  const deadline = started + timeoutMs;
  for (;;) {
    const polled = await api<RunDetail>(stack, token, 'GET', `/api/v1/runs/${created.json.id}`);
    if (polled.status !== 200) throw new BenchFailure(`GET /api/v1/runs/${created.json.id} answered HTTP ${polled.status}`);
    if (ENDED.includes(polled.json.status)) return { run: polled.json, observedMs: performance.now() - started };
    if (performance.now() > deadline) {
      throw new BenchFailure(`Run ${created.json.id} had not ended after ${timeoutMs / 60_000} minutes (status ${polled.json.status}, agent ${polled.json.progress?.agent ?? 'none'})`);
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

/** Five real models with list prices in USD per million tokens: uncached input, cached input, output. */
const MODELS_SQL = `(VALUES
  (0, 'OpenAI', 'OpenAI API', 'gpt-4o-2024-08-06', 2.50, 1.25, 10.00),
  (1, 'OpenAI', 'OpenAI API', 'gpt-4o-mini', 0.15, 0.075, 0.60),
  (2, 'OpenAI', 'OpenAI API', 'gpt-4.1', 2.00, 0.50, 8.00),
  (3, 'Anthropic', 'Claude API', 'claude-3-5-sonnet-20241022', 3.00, 0.30, 15.00),
  (4, 'Anthropic', 'Claude API', 'claude-3-haiku-20240307', 0.25, 0.03, 1.25)
) AS m(i, provider, service, model, input_price, cached_price, output_price)`;

/** A FOCUS-upload connection and one loaded source holding `rows` rows for the organisation. */
export async function seedOrganisation(pg: Client, orgId: string, rows: number): Promise<void> {
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

export async function otherOrganisation(pg: Client, name: string): Promise<string> {
  return (await pg.query("INSERT INTO organizations (name, tier) VALUES ($1, 'mid') RETURNING id", [name])).rows[0].id;
}

export async function api<T>(stack: Stack, token: string | null, method: string, path: string, body?: unknown): Promise<{ status: number; json: T }> {
  const response = await fetch(`${stack.apiUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: (text ? JSON.parse(text) : {}) as T };
}

/** The worker's resident set: sampled while the run works, and the kernel's high-water mark afterwards. */
export class RssProbe {
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

export const RSS_SAMPLE_INTERVAL_MS = RSS_SAMPLE_MS;
export const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
export const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;

/** The whole product on the bench's database, quiet but for errors. */
export function startBenchStack(workspaceRoot: string, dataDir: string, databaseUrl: string): Promise<Stack> {
  return startStack({
    workspaceRoot,
    dataDir,
    persistent: false,
    ports: { api: 0, postgres: 0, temporal: 0, temporalUi: 0, smtp: 0, inbox: 0 },
    external: { databaseUrl },
    env: { LOG_LEVEL: 'warn', NODE_ENV: 'production', ACCESS_TOKEN_TTL_SECONDS: '86400' },
    output: (service, line) => (/error|fatal/i.test(line) ? console.error(`[${service}] ${line}`) : undefined),
  });
}

/** Signs up the owner of a new organisation on Mid, where every agent works. */
export async function benchOwner(stack: Stack, pg: Client, organizationName: string): Promise<{ token: string; orgId: string }> {
  const email = `bench-${randomUUID()}@example.com`;
  const password = 'correct horse battery';
  const signUp = await api(stack, null, 'POST', '/api/v1/auth/signup', { email, password, name: 'Bench Owner', organizationName });
  if (signUp.status !== 202) throw new BenchFailure(`sign-up answered HTTP ${signUp.status}: ${JSON.stringify(signUp.json)}`);
  const logIn = await api<{ accessToken: string }>(stack, null, 'POST', '/api/v1/auth/login', { email, password });
  if (logIn.status !== 200) throw new BenchFailure(`sign-in answered HTTP ${logIn.status}: ${JSON.stringify(logIn.json)}`);
  const orgId: string = (await pg.query('SELECT org_id FROM users WHERE email = $1', [email])).rows[0].org_id;
  await pg.query("UPDATE organizations SET tier = 'mid' WHERE id = $1", [orgId]);
  return { token: logIn.json.accessToken, orgId };
}

/** `rows` rows for the organisation and a tenth of that for each of two others, analysed; the seeding's wall time. */
export async function seedBenchRows(pg: Client, orgId: string, rows: number): Promise<number> {
  const started = performance.now();
  await seedOrganisation(pg, orgId, rows);
  for (const name of ['Bench Neighbour A', 'Bench Neighbour B']) await seedOrganisation(pg, await otherOrganisation(pg, name), Math.max(1, Math.floor(rows / 10)));
  await pg.query('ANALYZE cost_rows');
  const [{ n }] = (await pg.query('SELECT count(*)::bigint AS n FROM cost_rows WHERE org_id = $1', [orgId])).rows;
  if (Number(n) !== rows) throw new BenchFailure(`seeded ${n} rows for ${rows}`);
  const ms = performance.now() - started;
  console.log(`seeded ${rows.toLocaleString('en')} rows (+ 2 × ${Math.floor(rows / 10).toLocaleString('en')} for other organisations) in ${seconds(ms)}`);
  return ms;
}

/**
 * Where a workflow's time went: each activity's wall time from its history (scheduled → completed), labelled by its
 * type and, for the optimizer's agents, the agent it ran.
 */
export async function activityTimings(stack: Stack, workflowId: string): Promise<{ activity: string; ms: number }[]> {
  const connection = await Connection.connect({ address: stack.temporalAddress });
  try {
    const history = await new WorkflowClient({ connection }).getHandle(workflowId).fetchHistory();
    const scheduled = new Map<string, { activity: string; at: number }>();
    const timings: { activity: string; ms: number }[] = [];
    const at = (time: { seconds?: unknown; nanos?: number | null } | null | undefined) => Number(time?.seconds ?? 0) * 1000 + (time?.nanos ?? 0) / 1e6;
    for (const event of history.events ?? []) {
      const started = event.activityTaskScheduledEventAttributes;
      if (started) {
        const args = (started.input?.payloads ?? []).map((p) => JSON.parse(Buffer.from(p.data ?? []).toString('utf8')) as unknown);
        const agent = typeof args[1] === 'string' ? ` ${args[1]}` : '';
        scheduled.set(String(event.eventId), { activity: `${started.activityType?.name ?? '?'}${agent}`, at: at(event.eventTime) });
      }
      const completed = event.activityTaskCompletedEventAttributes;
      const begun = completed && scheduled.get(String(completed.scheduledEventId));
      if (begun) timings.push({ activity: begun.activity, ms: at(event.eventTime) - begun.at });
    }
    return timings;
  } finally {
    await connection.close();
  }
}

/** Prints each activity's wall time, indented under a heading. */
export async function printActivityTimings(stack: Stack, workflowId: string): Promise<void> {
  console.log('  by activity (scheduled → completed):');
  for (const { activity, ms } of await activityTimings(stack, workflowId)) console.log(`    ${activity.padEnd(40)} ${seconds(ms).padStart(10)}`);
}

/** The wall time of `sql`'s second run: the first warms the cache, as a run or a proof finds it warm. */
export async function warmQueryMs(pg: Client, sql: string, params: unknown[]): Promise<number> {
  await pg.query(sql, params);
  const started = performance.now();
  await pg.query(sql, params);
  return performance.now() - started;
}
