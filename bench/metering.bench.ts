/**
 * What authentication, the feature guard, idempotency and metering cost a request.
 *
 *   metered   the real API (apps/api/src/main.ts): GET /api/v1/usage/me with a bearer token;
 *             every request resolves its caller and is written as a usage event with ledger entries
 *   baseline  a bare Nest app (bench/metering-baseline.server.ts) answering the same endpoint with the
 *             same UsageTracker and database, for a fixed user, with no guard or metering at all
 *
 * Both run as their own processes on loopback; this process only sends requests, IN_FLIGHT at a
 * time over keep-alive connections. Rounds alternate baseline and metered so drift hits both.
 *
 *   npx nx run bench:metering                    (REQUESTS=2000 ROUNDS=2 IN_FLIGHT=16 to change the size)
 *   APEX_BENCH_DATABASE_URL=postgres://…         uses that database instead of an embedded server
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { freePort, NodeAppHandle, startNodeApp } from '@apex/devstack';
import { benchDatabase } from './bench-database';

const REQUESTS = Number(process.env['REQUESTS'] ?? 2000);
const ROUNDS = Number(process.env['ROUNDS'] ?? 2);
const IN_FLIGHT = Number(process.env['IN_FLIGHT'] ?? 16);
const WARM_UP = 300;
const PHASE_TIME_LIMIT_MS = 30_000;
const workspaceRoot = resolve(__dirname, '..');

interface Target {
  name: 'baseline' | 'metered';
  port: number;
  headers: Record<string, string>;
}

interface Sample {
  requests: number;
  seconds: number;
  latenciesMs: number[];
}

const agent = new Agent({ keepAlive: true, maxSockets: IN_FLIGHT });

function get(target: Target, path: string): Promise<number> {
  return new Promise((resolveStatus, reject) => {
    const req = request({ host: '127.0.0.1', port: target.port, path, method: 'GET', agent, headers: target.headers }, (res) => {
      res.resume();
      res.on('end', () => resolveStatus(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

function post(port: number, path: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  return new Promise((resolveBody, reject) => {
    const payload = JSON.stringify(body);
    const req = request(
      { host: '127.0.0.1', port, path, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } },
      (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolveBody({ status: res.statusCode ?? 0, json: JSON.parse(text || '{}') }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

async function waitUntilServing(app: NodeAppHandle, target: Target, path: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  let exited = false;
  void app.exited.then(() => (exited = true));
  while (Date.now() < deadline && !exited) {
    try {
      if ((await get(target, path)) < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${app.name} did not start serving ${path}`);
}

async function load(target: Target, total: number): Promise<Sample> {
  const latenciesMs: number[] = [];
  let sent = 0;
  const started = performance.now();
  const deadline = started + PHASE_TIME_LIMIT_MS;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (sent < total && performance.now() < deadline) {
        sent += 1;
        const t0 = performance.now();
        const status = await get(target, '/api/v1/usage/me');
        latenciesMs.push(performance.now() - t0);
        if (status !== 200) throw new Error(`${target.name}: HTTP ${status}`);
      }
    }),
  );
  return { requests: latenciesMs.length, seconds: (performance.now() - started) / 1000, latenciesMs };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

function summarise(samples: Sample[]) {
  const latencies = samples.flatMap((s) => s.latenciesMs).sort((a, b) => a - b);
  const requests = samples.reduce((n, s) => n + s.requests, 0);
  const seconds = samples.reduce((n, s) => n + s.seconds, 0);
  return { requests, rps: requests / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

async function main(): Promise<void> {
  const db = await benchDatabase();
  const apps: NodeAppHandle[] = [];
  try {
    const env = {
      DATABASE_URL: db.url,
      DATABASE_POOL_SIZE: '10',
      // Nothing here starts a workflow; the client connects lazily and is never used.
      TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}`,
      SMTP_URL: 'smtp://127.0.0.1:1',
      JWT_SECRET: randomBytes(32).toString('hex'),
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
    };
    const quiet = (line: string) => (/error/i.test(line) ? console.error(line) : undefined);

    const apiPort = await freePort();
    const api = startNodeApp({ name: 'api', entry: 'apps/api/src/main.ts', cwd: workspaceRoot, env: { ...env, PORT: String(apiPort) }, output: quiet });
    apps.push(api);
    await waitUntilServing(api, { name: 'metered', port: apiPort, headers: {} }, '/api/v1/plans');

    const owner = { email: `bench-${randomUUID()}@example.com`, password: 'correct horse battery' };
    const signUp = await post(apiPort, '/api/v1/auth/signup', { ...owner, name: 'Bench', organizationName: 'Bench Ltd' });
    if (signUp.status !== 202) throw new Error(`sign-up failed: HTTP ${signUp.status}`);
    const logIn = await post(apiPort, '/api/v1/auth/login', owner);
    if (logIn.status !== 200) throw new Error(`sign-in failed: HTTP ${logIn.status}`);
    const token = String(logIn.json['accessToken']);
    const userId = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).sub as string;
    const metered: Target = { name: 'metered', port: apiPort, headers: { authorization: `Bearer ${token}` } };

    const basePort = await freePort();
    const baselineApp = startNodeApp({
      name: 'baseline', entry: 'bench/metering-baseline.server.ts', cwd: workspaceRoot, env: { ...env, PORT: String(basePort), BENCH_USER_ID: userId }, output: quiet,
    });
    apps.push(baselineApp);
    const baseline: Target = { name: 'baseline', port: basePort, headers: {} };
    await waitUntilServing(baselineApp, baseline, '/api/v1/usage/me');

    console.log(`GET /api/v1/usage/me, ${IN_FLIGHT} in flight, ${ROUNDS} rounds of ${REQUESTS} requests per variant (after ${WARM_UP} to warm up)`);
    await load(baseline, WARM_UP);
    await load(metered, WARM_UP);
    const samples: Record<Target['name'], Sample[]> = { baseline: [], metered: [] };
    for (let round = 0; round < ROUNDS; round++) {
      for (const target of [baseline, metered]) samples[target.name].push(await load(target, REQUESTS));
    }

    const base = summarise(samples.baseline);
    const full = summarise(samples.metered);
    const row = (name: string, s: ReturnType<typeof summarise>) =>
      `${name.padEnd(10)} ${String(s.requests).padStart(8)} ${s.rps.toFixed(0).padStart(10)} ${s.p50.toFixed(2).padStart(9)} ${s.p99.toFixed(2).padStart(9)}`;
    console.log(`${'variant'.padEnd(10)} ${'requests'.padStart(8)} ${'req/s'.padStart(10)} ${'p50 ms'.padStart(9)} ${'p99 ms'.padStart(9)}`);
    console.log(row('baseline', base));
    console.log(row('metered', full));
    console.log(
      `metered/baseline: throughput ${(full.rps / base.rps).toFixed(2)}x, p50 ${(full.p50 / base.p50).toFixed(2)}x, p99 ${(full.p99 / base.p99).toFixed(2)}x`,
    );

    // Every metered request must have become a usage event; the API writes them just after answering.
    const pg = new Client({ connectionString: db.url });
    await pg.connect();
    try {
      const expected = WARM_UP + full.requests;
      const count = async () =>
        Number((await pg.query("SELECT count(*) FROM usage_events WHERE user_id = $1 AND endpoint = '/api/v1/usage/me'", [userId])).rows[0].count);
      const deadline = Date.now() + 30_000;
      let events = await count();
      while (events < expected && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 200));
        events = await count();
      }
      console.log(`usage events written for the metered requests: ${events} of ${expected}`);
      if (events !== expected) process.exitCode = 1;
    } finally {
      await pg.end();
    }
  } finally {
    agent.destroy();
    for (const app of apps.reverse()) await app.stop();
    await db.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
