import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  createLocalEnv,
  createTestDatabase,
  postStripeWebhook,
  startStripeMock,
  stripeEvent,
  stripeId,
  StripeMockHandle,
  TEST_STRIPE_WEBHOOK_SECRET,
  TestDatabase,
} from '@apex/testing';
import { ApiUnderTest, startApiUnderTest } from '../../testing/api-under-test';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface BillingStack {
  database: TestDatabase;
  temporal: TestWorkflowEnvironment;
  stripeMock: StripeMockHandle;
  api: ApiUnderTest;
  db: DataSource;
  /** Another API process on the same database and Temporal, with its own settings. */
  startApi(env: Record<string, string>): Promise<ApiUnderTest>;
  stop(): Promise<void>;
}

/** Postgres, stripe-mock, a Temporal dev server and the API with payments on, talking to all three. */
export async function startBillingStack(): Promise<BillingStack> {
  const parts = await Promise.allSettled([createTestDatabase(), createLocalEnv(), startStripeMock()] as const);
  const [databasePart, temporalPart, stripeMockPart] = parts;
  if (databasePart.status === 'rejected' || temporalPart.status === 'rejected' || stripeMockPart.status === 'rejected') {
    await Promise.allSettled([
      databasePart.status === 'fulfilled' && databasePart.value.drop(),
      temporalPart.status === 'fulfilled' && temporalPart.value.teardown(),
      stripeMockPart.status === 'fulfilled' && stripeMockPart.value.stop(),
    ]);
    throw parts.map((part) => (part.status === 'rejected' ? part.reason : null)).find(Boolean);
  }
  const [database, temporal, stripeMock] = [databasePart.value, temporalPart.value, stripeMockPart.value];
  const baseEnv = {
    DATABASE_URL: database.url,
    TEMPORAL_ADDRESS: temporal.connection.options.address as string,
    STRIPE_SECRET_KEY: 'sk_test_apexbillingtests',
    STRIPE_WEBHOOK_SECRET: TEST_STRIPE_WEBHOOK_SECRET,
    STRIPE_API_URL: stripeMock.url,
    FLAG_PAYMENTS_ENABLED: 'true',
  };
  const others: ApiUnderTest[] = [];
  let api: ApiUnderTest;
  try {
    api = await startApiUnderTest(baseEnv);
  } catch (error) {
    await Promise.allSettled([temporal.teardown(), stripeMock.stop(), database.drop()]);
    throw error;
  }
  return {
    database,
    temporal,
    stripeMock,
    api,
    db: api.app.get(DataSource),
    async startApi(env) {
      const other = await startApiUnderTest({ ...baseEnv, ...env });
      others.push(other);
      return other;
    },
    async stop() {
      for (const other of others) await other.close();
      await api.close();
      await Promise.all([temporal.teardown(), stripeMock.stop()]);
      await database.drop();
    },
  };
}

/** An HTTP server that only counts the requests it gets: where a Stripe URL points to prove nothing is sent. */
export async function startRequestCounter(): Promise<{ url: string; count(): number; stop(): Promise<void> }> {
  let requests = 0;
  const server: Server = createServer((_req, res) => {
    requests += 1;
    res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":{"message":"not Stripe"}}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    count: () => requests,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Links a Stripe customer to the organisation, as checkout or the portal would have. */
export async function linkCustomer(db: DataSource, orgId: string): Promise<string> {
  const customerId = stripeId('cus');
  await db.query('UPDATE organizations SET stripe_customer_id = $2 WHERE id = $1', [orgId, customerId]);
  return customerId;
}

/** Signs and posts one event; returns the response. */
export function sendEvent(api: ApiUnderTest, type: string, object: Json, created?: number, id?: string): Promise<Response> {
  return postStripeWebhook(api.url, stripeEvent(type, object, { created, id }));
}

/** Everything Apex stores about an organisation's billing, with its own ids replaced, to compare two organisations. */
export async function billingStateOf(db: DataSource, orgId: string, ids: Record<string, string>): Promise<unknown> {
  const anonymise = (value: unknown) =>
    JSON.parse(Object.entries(ids).reduce((text, [id, name]) => text.split(id).join(name), JSON.stringify(value)));
  const [org] = await db.query(
    `SELECT tier, stripe_customer_id, has_payment_method, payment_method_brand, payment_method_last4
       FROM organizations WHERE id = $1`,
    [orgId],
  );
  const subscriptions = await db.query(
    `SELECT id, customer_id, tier, status, current_period_start, current_period_end, cancel_at_period_end, canceled_at, ended_at
       FROM subscriptions WHERE org_id = $1 ORDER BY id`,
    [orgId],
  );
  const invoices = await db.query(
    `SELECT id, subscription_id, status, amount_due_cents, amount_paid_cents, attempt_count, paid_at
       FROM invoices WHERE org_id = $1 ORDER BY id`,
    [orgId],
  );
  return anonymise({ org, subscriptions, invoices });
}
