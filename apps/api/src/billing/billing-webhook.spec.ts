import { DataSource } from 'typeorm';
import { dunningWorkflowId, dunningWorkflowName, trialWorkflowId } from '@apex/contracts';
import {
  invoiceObject,
  paymentMethodObject,
  postStripeWebhook,
  signStripePayload,
  stripeEvent,
  stripeId,
  subscriptionObject,
  TEST_STRIPE_WEBHOOK_SECRET,
} from '@apex/testing';
import { readJson, signUp } from '../auth/testing/account-fixtures';
import { BillingStack, billingStateOf, linkCustomer, sendEvent, startBillingStack } from './testing/billing-test-kit';

const now = () => Math.floor(Date.now() / 1000);

describe('Stripe webhooks: POST /api/v1/billing/webhook', () => {
  let stack: BillingStack;
  let db: DataSource;
  let emails = 0;

  beforeAll(async () => {
    stack = await startBillingStack();
    db = stack.db;
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
  });

  async function newCustomer() {
    const owner = await signUp(stack.api, `owner-${++emails}@webhooks.example`);
    return { orgId: owner.orgId, customerId: await linkCustomer(db, owner.orgId) };
  }

  const storedEvents = async (id: string) => Number((await db.query('SELECT count(*) FROM stripe_events WHERE id = $1', [id]))[0].count);
  const tierOf = async (orgId: string) => (await db.query('SELECT tier FROM organizations WHERE id = $1', [orgId]))[0].tier;

  /** The names of the signals a workflow has received, in order. */
  async function signalsOf(workflowId: string): Promise<string[]> {
    const history = await stack.temporal.client.workflow.getHandle(workflowId).fetchHistory();
    return (history.events ?? []).flatMap((e) => (e.workflowExecutionSignaledEventAttributes ? [e.workflowExecutionSignaledEventAttributes.signalName!] : []));
  }

  describe('refuses what it cannot trust with a 400 problem and stores nothing', () => {
    const invoicePaid = () => stripeEvent('invoice.paid', { id: 'in_x', object: 'invoice', status: 'paid' });

    it.each([
      ['unsigned', (body: string) => ({ payload: body, signature: null })],
      ['signed with another secret', (body: string) => ({ payload: body, signature: signStripePayload(body, { secret: 'whsec_someone_else_000000' }) })],
      ['signed longer ago than the tolerance', (body: string) => ({ payload: body, signature: signStripePayload(body, { timestamp: now() - 301 }) })],
      ['signed, then changed', (body: string) => ({ payload: body.replace('"paid"', '"void"'), signature: signStripePayload(body) })],
      ['not JSON, though signed', () => ({ payload: '{"id": "evt_broken", ', signature: signStripePayload('{"id": "evt_broken", ') })],
      ['JSON but not an event, though signed', () => {
        const body = JSON.stringify({ id: 'evt_not_an_event', hello: 'world' });
        return { payload: body, signature: signStripePayload(body) };
      }],
    ])('%s', async (_case, make) => {
      const event = invoicePaid();
      const { payload, signature } = make(JSON.stringify(event, null, 2));
      const before = Number((await db.query('SELECT count(*) FROM stripe_events'))[0].count);
      const response = await postStripeWebhook(stack.api.url, payload, { signature });
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await readJson(response)).toMatchObject({ type: 'https://apex.dev/problems/invalid-webhook', status: 400 });
      expect(Number((await db.query('SELECT count(*) FROM stripe_events'))[0].count)).toBe(before);
    });
  });

  it('accepts a signature at the edge of the tolerance', async () => {
    const event = stripeEvent('customer.created', { id: stripeId('cus'), object: 'customer' });
    const response = await postStripeWebhook(stack.api.url, event, { timestamp: now() - 290, secret: TEST_STRIPE_WEBHOOK_SECRET });
    expect(response.status).toBe(200);
    expect(await storedEvents(event['id'] as string)).toBe(1);
  });

  it('stores an event of a type it does not act on, acknowledges it and changes nothing', async () => {
    const { orgId, customerId } = await newCustomer();
    const before = await billingStateOf(db, orgId, {});
    const event = stripeEvent('customer.tax_id.created', { id: 'txi_1', object: 'tax_id', customer: customerId, type: 'eu_vat', value: 'DE123456789' });

    const response = await postStripeWebhook(stack.api.url, event);
    expect(response.status).toBe(200);
    expect(await readJson(response)).toEqual({ eventId: event['id'], duplicate: false, outcome: 'unhandled' });
    const [stored] = await db.query('SELECT type, outcome, processed_at, payload FROM stripe_events WHERE id = $1', [event['id']]);
    expect(stored).toMatchObject({ type: 'customer.tax_id.created', outcome: 'unhandled', processed_at: expect.any(Date), payload: event });
    expect(await billingStateOf(db, orgId, {})).toEqual(before);
  });

  it('handles the same event delivered five times once: one stored row, one change, four 200 duplicates', async () => {
    const { orgId, customerId } = await newCustomer();
    const subscription = subscriptionObject({ id: stripeId('sub'), customerId, status: 'active', tier: 'early', periodStart: now() - 86_400 });
    const event = stripeEvent('customer.subscription.created', subscription);

    const rowVersion = async () =>
      (await db.query('SELECT xmin::text AS version FROM subscriptions WHERE org_id = $1', [orgId]))[0].version as string;
    const first = await postStripeWebhook(stack.api.url, event);
    expect(first.status).toBe(200);
    expect(await readJson(first)).toMatchObject({ duplicate: false, outcome: 'applied' });
    const written = await rowVersion();

    const again = await Promise.all([1, 2, 3, 4].map(() => postStripeWebhook(stack.api.url, event)));
    for (const response of again) {
      expect(response.status).toBe(200);
      expect(await readJson(response)).toMatchObject({ duplicate: true });
    }
    expect(await storedEvents(event['id'] as string)).toBe(1);
    const [row] = await db.query('SELECT tier, status, last_event_id FROM subscriptions WHERE org_id = $1', [orgId]);
    expect(row).toEqual({ tier: 'early', status: 'active', last_event_id: event['id'] });
    expect(await tierOf(orgId)).toBe('early');
    // Any second write of the row would have given it a newer transaction id.
    expect(await rowVersion()).toBe(written);
  });

  it('reaches the same state whether events arrive in order or in reverse, days late', async () => {
    const t0 = now() - 5 * 86_400;
    const history = (customerId: string, subscriptionId: string, invoiceId: string, paymentMethod: Record<string, unknown>) => [
      ['customer.subscription.created', subscriptionObject({ id: subscriptionId, customerId, status: 'incomplete', tier: 'early', periodStart: t0 })],
      ['invoice.finalized', invoiceObject({ id: invoiceId, customerId, subscriptionId, status: 'open', attemptCount: 0 })],
      ['invoice.payment_failed', invoiceObject({ id: invoiceId, customerId, subscriptionId, status: 'open', attemptCount: 1 })],
      ['customer.subscription.updated', subscriptionObject({ id: subscriptionId, customerId, status: 'past_due', tier: 'early', periodStart: t0 })],
      ['invoice.paid', invoiceObject({ id: invoiceId, customerId, subscriptionId, status: 'paid', attemptCount: 2 })],
      ['customer.subscription.updated', subscriptionObject({ id: subscriptionId, customerId, status: 'active', tier: 'early', periodStart: t0 })],
      ['payment_method.attached', paymentMethod],
      ['customer.subscription.updated', subscriptionObject({ id: subscriptionId, customerId, status: 'active', tier: 'mid', periodStart: t0, cancelAtPeriodEnd: true })],
    ] as const;

    const inOrder = await newCustomer();
    const reversed = await newCustomer();
    const names: Record<string, string>[] = [];
    for (const [org, order] of [[inOrder, 'forward'], [reversed, 'backward']] as const) {
      const ids = { subscriptionId: stripeId('sub'), invoiceId: stripeId('in') };
      const paymentMethod = paymentMethodObject(org.customerId, '4242');
      names.push({ [org.customerId]: 'customer', [ids.subscriptionId]: 'subscription', [ids.invoiceId]: 'invoice', [paymentMethod['id'] as string]: 'pm' });
      const events = history(org.customerId, ids.subscriptionId, ids.invoiceId, paymentMethod).map(([type, object], i) => ({ type, object, created: t0 + i * 3600 }));
      for (const e of order === 'forward' ? events : [...events].reverse()) {
        const response = await sendEvent(stack.api, e.type, e.object, e.created);
        expect(response.status).toBe(200);
      }
    }

    const forward = await billingStateOf(db, inOrder.orgId, names[0]!);
    const backward = await billingStateOf(db, reversed.orgId, names[1]!);
    expect(backward).toEqual(forward);
    expect(forward).toMatchObject({
      org: { tier: 'mid', has_payment_method: true, payment_method_brand: 'visa', payment_method_last4: '4242' },
      subscriptions: [{ tier: 'mid', status: 'active', cancel_at_period_end: true }],
      invoices: [{ status: 'paid', attempt_count: 2 }],
    });
  });

  it('a failed payment starts the dunning workflow of that invoice once, and its payment signals it', async () => {
    const { orgId, customerId } = await newCustomer();
    const subscriptionId = stripeId('sub');
    const invoiceId = stripeId('in');
    await sendEvent(stack.api, 'customer.subscription.created', subscriptionObject({ id: subscriptionId, customerId, status: 'active', tier: 'early', periodStart: now() }));

    const failed = invoiceObject({ id: invoiceId, customerId, subscriptionId, status: 'open', attemptCount: 1, amountDueCents: 9900 });
    const handle = stack.temporal.client.workflow.getHandle(dunningWorkflowId(invoiceId));
    expect((await sendEvent(stack.api, 'invoice.payment_failed', failed, now() - 10)).status).toBe(200);
    const started = await handle.describe();
    expect((await sendEvent(stack.api, 'invoice.payment_failed', { ...failed, attempt_count: 2 }, now() - 5)).status).toBe(200);

    expect(started.type).toBe(dunningWorkflowName);
    expect((await handle.describe()).runId).toBe(started.runId);
    const [input] = (await handle.fetchHistory()).events![0]!.workflowExecutionStartedEventAttributes!.input!.payloads!;
    expect(JSON.parse(Buffer.from(input!.data!).toString())).toMatchObject({
      orgId,
      invoiceId,
      subscriptionId,
      amountDueCents: 9900,
      currency: 'usd',
      retryDays: [3, 5, 7],
    });

    expect((await sendEvent(stack.api, 'invoice.paid', invoiceObject({ id: invoiceId, customerId, subscriptionId, status: 'paid', attemptCount: 3 }))).status).toBe(200);
    expect(await signalsOf(dunningWorkflowId(invoiceId))).toEqual(['invoicePaid']);
    expect(await tierOf(orgId)).toBe('early');
  });

  it('a signal for a workflow that is not running does not fail the webhook', async () => {
    const { customerId } = await newCustomer();
    const paid = invoiceObject({ id: stripeId('in'), customerId, subscriptionId: stripeId('sub'), status: 'paid', attemptCount: 2 });
    const response = await sendEvent(stack.api, 'invoice.paid', paid);
    expect(response.status).toBe(200);
    expect(await readJson(response)).toMatchObject({ duplicate: false, outcome: 'applied' });
  });

  it('a payment method added during a trial reaches the trial workflow at once', async () => {
    const owner = await signUp(stack.api, `trial-${++emails}@webhooks.example`);
    const customerId = await linkCustomer(db, owner.orgId);
    expect((await stack.api.call('POST', '/billing/trial', { token: owner.accessToken })).status).toBe(201);

    const response = await sendEvent(stack.api, 'payment_method.attached', paymentMethodObject(customerId, '1881'));
    expect(response.status).toBe(200);
    expect(await signalsOf(trialWorkflowId(owner.orgId))).toEqual(['paymentMethodAdded']);
    const overview = await readJson(await stack.api.call('GET', '/billing', { token: owner.accessToken }));
    expect(overview.paymentMethod).toEqual({ brand: 'visa', last4: '1881' });
  });

  it('a completed checkout links the customer to the organisation named in it', async () => {
    const owner = await signUp(stack.api, `checkout-${++emails}@webhooks.example`);
    const customerId = stripeId('cus');
    const session = { id: stripeId('cs'), object: 'checkout.session', mode: 'subscription', status: 'complete', customer: customerId, subscription: stripeId('sub'), client_reference_id: owner.orgId, metadata: {} };
    expect((await sendEvent(stack.api, 'checkout.session.completed', session)).status).toBe(200);
    const [org] = await db.query('SELECT stripe_customer_id FROM organizations WHERE id = $1', [owner.orgId]);
    expect(org.stripe_customer_id).toBe(customerId);
  });

  it('an event of a customer Apex does not know is stored as unmatched and changes nothing', async () => {
    const event = stripeEvent('customer.subscription.created', subscriptionObject({ id: stripeId('sub'), customerId: stripeId('cus'), status: 'active', tier: 'mid', periodStart: now() }));
    const response = await postStripeWebhook(stack.api.url, event);
    expect(await readJson(response)).toMatchObject({ outcome: 'unmatched', duplicate: false });
    expect(Number((await db.query('SELECT count(*) FROM subscriptions WHERE id = $1', [(event['data'] as { object: { id: string } }).object.id]))[0].count)).toBe(0);
  });
});
