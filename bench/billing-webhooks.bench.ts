/**
 * Stripe webhook events handled per second by the real API (apps/api/src/main.ts, POST /api/v1/billing/webhook:
 * signature check, store once, version-guarded state change in one transaction, workflow starts and signals on
 * a Temporal dev server), and proof that delivery order and repeats do not change the outcome.
 *
 *   in-order   each organisation's events once, in the order they happened (organisations in parallel)
 *   shuffled   the same histories for a second set of organisations, plus 20% repeated deliveries, all shuffled
 *
 * Both run in this process against one API, IN_FLIGHT requests at a time over keep-alive connections. At the
 * end every organisation of the second set must be in exactly the state of its twin in the first.
 *
 *   npx nx run bench:billing-webhooks           (ORGS=100 EVENTS_PER_ORG=20 DUPLICATES=0.2 IN_FLIGHT=16 to change the size)
 *   APEX_BENCH_DATABASE_URL=postgres://…        uses that database instead of an embedded server
 */
import { randomBytes } from 'node:crypto';
import { Agent, request } from 'node:http';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { freePort, NodeAppHandle, startNodeApp, startTemporalDevServer, temporalBinaries, TemporalDevServerHandle } from '@apex/devstack';
import { signStripePayload, stripeEvent, TEST_STRIPE_WEBHOOK_SECRET } from '@apex/testing';
import { benchDatabase } from './bench-database';

const ORGS = Number(process.env['ORGS'] ?? 100);
const EVENTS_PER_ORG = 20;
const DUPLICATES = Number(process.env['DUPLICATES'] ?? 0.2);
const IN_FLIGHT = Number(process.env['IN_FLIGHT'] ?? 16);
const workspaceRoot = resolve(__dirname, '..');
const DAY = 86_400;

type Json = Record<string, unknown>;
interface Delivery {
  org: number;
  body: string;
}
interface Org {
  id: string;
  customerId: string;
}

const agent = new Agent({ keepAlive: true, maxSockets: IN_FLIGHT });

function post(port: number, path: string, body: string, headers: Record<string, string>): Promise<{ status: number; text: string }> {
  return new Promise((done, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method: 'POST', agent, headers: { 'content-length': Buffer.byteLength(body), ...headers } },
      (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => done({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** One organisation's billing history: 20 events over four months, each a distinct second. */
interface History {
  events: { type: string; object: Json; created: number }[];
  /** This organisation's Stripe ids and the names they have in the comparison (the same for twin organisations). */
  names: [string, string][];
}

function history(org: Org, index: number, start: number): History {
  const subscriptionId = `sub_bench${randomBytes(8).toString('hex')}`;
  const subscription = (status: string, tier: 'early' | 'mid', periodStart: number, cancelAtPeriodEnd = false): Json => ({
    id: subscriptionId,
    object: 'subscription',
    customer: org.customerId,
    status,
    cancel_at_period_end: cancelAtPeriodEnd,
    canceled_at: null,
    ended_at: null,
    trial_end: null,
    metadata: {},
    items: {
      object: 'list',
      data: [
        {
          id: `si_${subscriptionId}`,
          object: 'subscription_item',
          current_period_start: periodStart,
          current_period_end: periodStart + 30 * DAY,
          price: { id: `price_${tier}`, object: 'price', lookup_key: `apex_${tier}_monthly` },
        },
      ],
    },
  });
  const invoice = (n: number, status: 'open' | 'paid', attempts: number, periodStart: number): Json => ({
    id: `in_bench${subscriptionId.slice(9)}${n}`,
    object: 'invoice',
    customer: org.customerId,
    parent: { type: 'subscription_details', subscription_details: { subscription: subscriptionId, metadata: {} } },
    status,
    number: `BENCH-${n}`,
    amount_due: 9900,
    amount_paid: status === 'paid' ? 9900 : 0,
    currency: 'usd',
    attempt_count: attempts,
    hosted_invoice_url: `https://invoice.stripe.com/i/bench${n}`,
    period_start: periodStart,
    period_end: periodStart + 30 * DAY,
    status_transitions: { paid_at: null },
  });
  const paymentMethod: Json = { id: `pm_${subscriptionId.slice(4)}`, object: 'payment_method', type: 'card', customer: org.customerId, card: { brand: 'visa', last4: '4242' } };
  const hour = 3600;
  const events: [string, Json, number][] = [
    ['customer.subscription.created', subscription('incomplete', 'early', start), start],
    ['invoice.finalized', invoice(0, 'open', 0, start), start + hour],
    ['invoice.payment_failed', invoice(0, 'open', 1, start), start + 2 * hour],
    ['customer.subscription.updated', subscription('past_due', 'early', start), start + 3 * hour],
    ['invoice.paid', invoice(0, 'paid', 2, start), start + 2 * DAY],
    ['customer.subscription.updated', subscription('active', 'early', start), start + 2 * DAY + hour],
    ['payment_method.attached', paymentMethod, start + 2 * DAY + 2 * hour],
  ];
  for (let month = 1; month <= 4; month++) {
    const periodStart = start + month * 30 * DAY;
    events.push(
      ['customer.subscription.updated', subscription('active', month < 3 ? 'early' : 'mid', periodStart), periodStart],
      ['invoice.finalized', invoice(month, 'open', 0, periodStart), periodStart + hour],
      ['invoice.paid', invoice(month, 'paid', 1, periodStart), periodStart + 2 * hour],
    );
  }
  events.push(['customer.subscription.updated', subscription('active', 'mid', start + 4 * 30 * DAY, true), start + 4 * 30 * DAY + DAY]);
  if (events.length !== EVENTS_PER_ORG) throw new Error(`a history has ${events.length} events, not ${EVENTS_PER_ORG}`);
  const names: [string, string][] = [
    [org.customerId, `customer-${index}`],
    [subscriptionId, `subscription-${index}`],
    [paymentMethod['id'] as string, `payment-method-${index}`],
    ...[0, 1, 2, 3, 4].map((n): [string, string] => [invoice(n, 'open', 0, start)['id'] as string, `invoice-${index}-${n}`]),
  ];
  return { events: events.map(([type, object, created]) => ({ type, object, created })), names };
}

/** The items in a random order (sorting by random keys). */
function shuffle<T>(items: T[]): T[] {
  return items
    .map((item) => ({ item, key: Math.random() }))
    .sort((a, b) => a.key - b.key)
    .map(({ item }) => item);
}

async function deliverAll(port: number, queues: Delivery[][]): Promise<{ deliveries: number; seconds: number }> {
  let deliveries = 0;
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      for (let queue = queues[next++]; queue; queue = queues[next++]) {
        for (const delivery of queue) {
          // Signed at delivery, as Stripe does: the timestamp is the moment of sending.
          const response = await post(port, '/api/v1/billing/webhook', delivery.body, {
            'content-type': 'application/json; charset=utf-8',
            'stripe-signature': signStripePayload(delivery.body),
          });
          if (response.status !== 200) throw new Error(`HTTP ${response.status}: ${response.text.slice(0, 300)}`);
          deliveries += 1;
        }
      }
    }),
  );
  return { deliveries, seconds: (performance.now() - started) / 1000 };
}

async function createOrgs(pg: Client, count: number, label: string): Promise<Org[]> {
  const orgs: Org[] = [];
  for (let i = 0; i < count; i++) {
    const customerId = `cus_bench${randomBytes(8).toString('hex')}`;
    const { rows } = await pg.query('INSERT INTO organizations (name, stripe_customer_id) VALUES ($1, $2) RETURNING id', [`${label} ${i}`, customerId]);
    orgs.push({ id: rows[0].id, customerId });
  }
  return orgs;
}

/** Everything stored about an organisation's billing, with its own Stripe ids replaced by names. */
async function stateOf(pg: Client, org: Org, names: Map<string, string>): Promise<string> {
  const rows = async (sql: string) => (await pg.query(sql, [org.id])).rows;
  const state = {
    org: await rows('SELECT tier, has_payment_method, payment_method_id, payment_method_brand, payment_method_last4 FROM organizations WHERE id = $1'),
    subscriptions: await rows(
      `SELECT id, customer_id, tier, price_id, status, current_period_start, current_period_end, cancel_at_period_end, canceled_at,
              ended_at, trial_end, last_event_created FROM subscriptions WHERE org_id = $1 ORDER BY id`,
    ),
    invoices: await rows(
      `SELECT id, subscription_id, number, status, amount_due_cents, amount_paid_cents, currency, hosted_invoice_url, period_start,
              period_end, attempt_count, paid_at, last_event_created FROM invoices WHERE org_id = $1 ORDER BY number`,
    ),
    events: await rows("SELECT count(*)::int AS stored FROM stripe_events WHERE org_id = $1 AND outcome IN ('applied', 'stale')"),
  };
  let text = JSON.stringify(state);
  for (const [id, name] of names) text = text.split(id).join(name);
  return text;
}

async function main(): Promise<void> {
  const db = await benchDatabase();
  let api: NodeAppHandle | null = null;
  let temporal: TemporalDevServerHandle | null = null;
  const pg = new Client({ connectionString: db.url });
  try {
    temporal = await startTemporalDevServer({
      cliPath: temporalBinaries(workspaceRoot).cliPath,
      port: await freePort(),
      uiPort: await freePort(),
      dbFile: null,
      namespace: 'default',
    });
    const apiPort = await freePort();
    api = startNodeApp({
      name: 'api',
      entry: 'apps/api/src/main.ts',
      cwd: workspaceRoot,
      env: {
        PORT: String(apiPort),
        DATABASE_URL: db.url,
        DATABASE_POOL_SIZE: '10',
        TEMPORAL_ADDRESS: temporal.address,
        SMTP_URL: 'smtp://127.0.0.1:1',
        JWT_SECRET: randomBytes(32).toString('hex'),
        STRIPE_WEBHOOK_SECRET: TEST_STRIPE_WEBHOOK_SECRET,
        FLAG_PAYMENTS_ENABLED: 'true',
        LOG_LEVEL: 'warn',
        NODE_ENV: 'production',
      },
      output: (line) => (/error/i.test(line) ? console.error(line) : undefined),
    });
    const deadline = Date.now() + 120_000;
    for (;;) {
      try {
        const probe = await post(apiPort, '/api/v1/billing/webhook', '{}', { 'content-type': 'application/json' });
        if (probe.status === 400) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error('the API did not start');
      await new Promise((r) => setTimeout(r, 250));
    }
    await pg.connect();

    const start = Math.floor(Date.now() / 1000) - 150 * DAY;
    const inOrderOrgs = await createOrgs(pg, ORGS, 'in-order');
    const shuffledOrgs = await createOrgs(pg, ORGS, 'shuffled');
    const namesA = new Map<string, string>();
    const namesB = new Map<string, string>();
    const inOrder: Delivery[][] = [];
    const shuffled: Delivery[] = [];
    const delivery = (org: number, e: History['events'][number]): Delivery => ({
      org,
      body: JSON.stringify(stripeEvent(e.type, e.object, { created: e.created }), null, 2),
    });
    const twins = inOrderOrgs.map((org, i) => [org, shuffledOrgs[i] as Org] as const);
    for (const [i, [orgA, orgB]] of twins.entries()) {
      // Twins share every timestamp; their Stripe ids differ and are named alike for the comparison.
      const a = history(orgA, i, start);
      const b = history(orgB, i, start);
      for (const [id, name] of a.names) namesA.set(id, name);
      for (const [id, name] of b.names) namesB.set(id, name);
      inOrder.push(a.events.map((e) => delivery(i, e)));
      shuffled.push(...b.events.map((e) => delivery(i, e)));
    }
    const repeats = Math.round(shuffled.length * DUPLICATES);
    const unique = [...shuffled];
    for (let i = 0; i < repeats; i++) shuffled.push(unique[Math.floor(Math.random() * unique.length)] as Delivery);
    const chaos = shuffle(shuffled);

    // Warm the API up on organisations outside both sets.
    const spare = await createOrgs(pg, 5, 'warm-up');
    await deliverAll(apiPort, spare.map((org, i) => history(org, i, start).events.map((e) => delivery(-1, e))));

    console.log(`${ORGS} organisations × ${EVENTS_PER_ORG} events; ${IN_FLIGHT} requests in flight; real API, Postgres and Temporal`);
    const baseline = await deliverAll(apiPort, inOrder);
    // One queue per delivery: any order, any concurrency, repeats included.
    const chaotic = await deliverAll(apiPort, chaos.map((d) => [d]));

    const rate = (r: { deliveries: number; seconds: number }) => r.deliveries / r.seconds;
    const row = (name: string, r: { deliveries: number; seconds: number }) =>
      `${name.padEnd(28)} ${String(r.deliveries).padStart(10)} ${r.seconds.toFixed(2).padStart(9)} ${rate(r).toFixed(0).padStart(10)}`;
    console.log(`${'variant'.padEnd(28)} ${'deliveries'.padStart(10)} ${'seconds'.padStart(9)} ${'events/s'.padStart(10)}`);
    console.log(row('in order, unique', baseline));
    console.log(row(`shuffled, ${Math.round(DUPLICATES * 100)}% duplicates`, chaotic));
    console.log(`shuffled+duplicates / in-order: ${(rate(chaotic) / rate(baseline)).toFixed(2)}x events/s`);

    const stored = Number((await pg.query('SELECT count(*) FROM stripe_events WHERE org_id = ANY($1)', [shuffledOrgs.map((o) => o.id)])).rows[0].count);
    let different = 0;
    for (const [i, [orgA, orgB]] of twins.entries()) {
      const [a, b] = [await stateOf(pg, orgA, namesA), await stateOf(pg, orgB, namesB)];
      if (a !== b) {
        if (different === 0) console.error(`organisation ${i} differs:\n  in order: ${a}\n  shuffled: ${b}`);
        different += 1;
      }
    }
    console.log(`events stored for the shuffled set: ${stored} of ${ORGS * EVENTS_PER_ORG} distinct (${repeats} repeats stored nothing)`);
    console.log(`final state identical to in-order delivery: ${ORGS - different} of ${ORGS} organisations`);
    if (different > 0 || stored !== ORGS * EVENTS_PER_ORG) process.exitCode = 1;
  } finally {
    agent.destroy();
    await pg.end().catch(() => undefined);
    await api?.stop();
    await temporal?.stop();
    await db.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
