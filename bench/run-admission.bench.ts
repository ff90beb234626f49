/**
 * Run admission throughput under contention, against a real PostgreSQL on loopback.
 *
 * Admissions of one user are serialised by an advisory lock; this measures what that
 * costs. Each round admits the same number of runs three ways, through two
 * connection pools (two API processes' worth):
 *   spread     64 users, 64 requests in flight: no two requests wait for each other (baseline)
 *   contended  one user, 64 requests in flight: every request queues on the user's lock
 *   serial     one user, one request at a time: the lock's work without any waiting
 * Every user is on a contract with a limit far above the runs admitted, so nothing is refused.
 *
 *   npx nx run bench:run-admission            (ADMISSIONS=1500 ROUNDS=3 to change the size)
 *   APEX_BENCH_DATABASE_URL=postgres://…      uses that server instead of an embedded one
 */
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AppConfig } from '@apex/config';
import { dataSourceOptions, runMigrations } from '@apex/db';
import { EntitlementsService, FeatureFlagsService } from '@apex/entitlements';
import { RunAdmissionService, RunRequester } from '@apex/runs';
import { benchDatabase } from './bench-database';

const ADMISSIONS = Number(process.env['ADMISSIONS'] ?? 1500);
const ROUNDS = Number(process.env['ROUNDS'] ?? 3);
const IN_FLIGHT = 64;
const POOL_SIZE = 10;
const TIME_LIMIT_MS = 10 * 60_000;

interface Scenario {
  name: 'spread' | 'contended' | 'serial';
  inFlight: number;
  users: number;
}

const SCENARIOS: Scenario[] = [
  { name: 'spread', inFlight: IN_FLIGHT, users: IN_FLIGHT },
  { name: 'contended', inFlight: IN_FLIGHT, users: 1 },
  { name: 'serial', inFlight: 1, users: 1 },
];

/** Users of a fresh Enterprise organisation each, with a contract limit nothing here reaches. */
async function contractUsers(db: DataSource, count: number): Promise<RunRequester[]> {
  const users: RunRequester[] = [];
  for (let i = 0; i < count; i++) {
    const [org] = await db.query("INSERT INTO organizations (name, tier) VALUES ('Bench', 'enterprise') RETURNING id");
    await db.query('INSERT INTO organization_plan_overrides (org_id, run_limit) VALUES ($1, 1000000000)', [org.id]);
    const [user] = await db.query(
      "INSERT INTO users (org_id, email, name, password_hash, role) VALUES ($1, $2, 'Bench', 'x', 'owner') RETURNING id",
      [org.id, `${randomUUID()}@bench.test`],
    );
    users.push({ orgId: org.id, userId: user.id });
  }
  return users;
}

async function admitAll(admissions: RunAdmissionService[], users: RunRequester[], total: number, inFlight: number): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      for (let i = next++; i < total; i = next++) {
        const admission = await admissions[i % admissions.length].admit(users[i % users.length], null);
        if (admission.outcome !== 'admitted') throw new Error(`Admission ${i} was ${admission.outcome}`);
      }
    }),
  );
  return performance.now() - started;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main(): Promise<void> {
  const deadline = setTimeout(() => {
    console.error(`The benchmark did not finish within ${TIME_LIMIT_MS / 60_000} minutes`);
    process.exit(1);
  }, TIME_LIMIT_MS);
  const pg = await benchDatabase();
  const pools: DataSource[] = [];
  try {
    for (let i = 0; i < 2; i++) pools.push(await new DataSource(dataSourceOptions(pg.url, POOL_SIZE)).initialize());
    await runMigrations(pools[0]);
    const config = AppConfig.fromEnv({
      DATABASE_URL: pg.url,
      TEMPORAL_ADDRESS: '127.0.0.1:7233',
      SMTP_URL: 'smtp://127.0.0.1:1025',
      JWT_SECRET: randomUUID().repeat(2),
    });
    const admissions = pools.map((ds) => new RunAdmissionService(ds, new EntitlementsService(ds), new FeatureFlagsService(ds, config)));

    await admitAll(admissions, await contractUsers(pools[0], 8), 400, IN_FLIGHT);

    const rates: Record<Scenario['name'], number[]> = { spread: [], contended: [], serial: [] };
    for (let round = 1; round <= ROUNDS; round++) {
      for (const scenario of SCENARIOS) {
        const users = await contractUsers(pools[0], scenario.users);
        const ms = await admitAll(admissions, users, ADMISSIONS, scenario.inFlight);
        const [{ n }] = await pools[0].query('SELECT count(*)::int AS n FROM runs WHERE user_id = ANY($1)', [users.map((u) => u.userId)]);
        if (n !== ADMISSIONS) throw new Error(`${scenario.name}: ${n} runs recorded for ${ADMISSIONS} admissions`);
        rates[scenario.name].push((ADMISSIONS / ms) * 1000);
        console.log(`round ${round}  ${scenario.name.padEnd(9)}  ${ADMISSIONS} admissions in ${(ms / 1000).toFixed(2)} s`);
      }
    }

    const [spread, contended, serial] = [median(rates.spread), median(rates.contended), median(rates.serial)];
    console.log(`\nRun admission, median of ${ROUNDS} rounds of ${ADMISSIONS} admissions (2 pools x ${POOL_SIZE} connections):`);
    console.log(`  spread over ${IN_FLIGHT} users, ${IN_FLIGHT} in flight   ${spread.toFixed(0).padStart(6)} admissions/s  (baseline)`);
    console.log(`  one user, ${IN_FLIGHT} in flight              ${contended.toFixed(0).padStart(6)} admissions/s`);
    console.log(`  one user, 1 in flight               ${serial.toFixed(0).padStart(6)} admissions/s`);
    console.log(`  contended / spread = ${(contended / spread).toFixed(2)}   contended / serial = ${(contended / serial).toFixed(2)}`);
  } finally {
    clearTimeout(deadline);
    for (const pool of pools) await pool.destroy();
    await pg.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
