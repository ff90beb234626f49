import { DataSource } from 'typeorm';
import { billingPeriodWorkflowId, billingPeriodWorkflowName, trialConvertedSignal, trialWorkflowId, trialWorkflowName } from '@apex/contracts';
import { addMember, expectProblem, logIn, readJson, setTier, signUp, TestAccount } from '../auth/testing/account-fixtures';
import { startStripeRequestLog, stripeId, StripeRequestLog, subscriptionObject } from '@apex/testing';
import type { ApiUnderTest } from '../testing/api-under-test';
import { BillingStack, linkCustomer, sendEvent, startBillingStack, startRequestCounter } from './testing/billing-test-kit';

const now = () => Math.floor(Date.now() / 1000);
const DAY = 86_400;

describe('Billing: checkout, portal, plan changes, cancellation, trial, overview', () => {
  let stack: BillingStack;
  let api: ApiUnderTest;
  let db: DataSource;
  let emails = 0;

  /** What reaches Stripe from `logged`, an API process whose Stripe requests pass through this log. */
  let stripeLog: StripeRequestLog;
  let logged: ApiUnderTest;

  beforeAll(async () => {
    stack = await startBillingStack();
    api = stack.api;
    db = stack.db;
    stripeLog = await startStripeRequestLog(stack.stripeMock.url);
    logged = await stack.startApi({ STRIPE_API_URL: stripeLog.url });
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
    await stripeLog?.stop();
  });

  const newOwner = () => signUp(api, `owner-${++emails}@billing.example`);

  /** Gives the organisation a running subscription, as Stripe reports it after checkout. */
  async function subscribe(owner: TestAccount, tier: 'early' | 'mid', periodStart = now() - DAY) {
    const customerId = await linkCustomer(db, owner.orgId);
    const subscriptionId = stripeId('sub');
    const response = await sendEvent(api, 'customer.subscription.created', subscriptionObject({ id: subscriptionId, customerId, status: 'active', tier, periodStart }));
    expect(response.status).toBe(200);
    return { customerId, subscriptionId };
  }

  async function addAiSpend(orgId: string, rows: { cost: string; at: Date; ai?: boolean; currency?: string }[]) {
    const [connection] = await db.query(
      "INSERT INTO cost_connections (org_id, provider, name) VALUES ($1, 'openai', $2) RETURNING id",
      [orgId, `openai ${stripeId('c')}`],
    );
    const [source] = await db.query(
      `INSERT INTO cost_sources (org_id, connection_id, kind, period_start, period_end, status)
       VALUES ($1, $2, 'api', now() - interval '60 days', now() + interval '1 day', 'loaded') RETURNING id`,
      [orgId, connection.id],
    );
    let row = 0;
    for (const r of rows) {
      await db.query(
        `INSERT INTO cost_rows (org_id, connection_id, source_id, source_row, charge_period_start, charge_period_end, charge_category,
           billed_cost, effective_cost, billing_currency, provider_name, is_ai)
         VALUES ($1, $2, $3, $4, $5, $5::timestamptz + interval '1 hour', 'Usage', $6, $6, $7, 'OpenAI', $8)`,
        [orgId, connection.id, source.id, ++row, r.at, r.cost, r.currency ?? 'USD', r.ai ?? true],
      );
    }
  }

  describe('checkout', () => {
    it('gives an owner a Stripe Checkout page for the organisation’s Stripe customer, created on first use', async () => {
      const owner = await newOwner();
      const token = (await readJson(await logIn(logged, owner.email, owner.password))).accessToken;
      stripeLog.clear();
      const response = await logged.call('POST', '/billing/checkout', { token, body: { tier: 'early' } });
      expect(response.status).toBe(201);
      expect((await readJson(response)).url).toMatch(/^https:\/\/checkout\.stripe\.com\//);
      const [org] = await db.query('SELECT stripe_customer_id, tier FROM organizations WHERE id = $1', [owner.orgId]);
      expect(org).toEqual({ stripe_customer_id: expect.stringMatching(/^cus_/), tier: 'free' });
      const session = stripeLog.writes().find((r) => r.path === '/v1/checkout/sessions');
      expect([session?.form.get('customer'), session?.form.get('client_reference_id')]).toEqual([org.stripe_customer_id, owner.orgId]);
    });

    it('refuses a tier the organisation already has with a 409 that says so', async () => {
      const owner = await newOwner();
      await subscribe(owner, 'early');
      const same = await expectProblem(await api.call('POST', '/billing/checkout', { token: owner.accessToken, body: { tier: 'early' } }), 409, 'conflict');
      expect(same.detail).toBe('Your organisation already has the Early plan.');
      const other = await expectProblem(await api.call('POST', '/billing/checkout', { token: owner.accessToken, body: { tier: 'mid' } }), 409, 'conflict');
      expect(other.detail).toMatch(/change the plan of that subscription instead/);
    });

    it('refuses Enterprise (sold by contract) and unknown tiers as invalid', async () => {
      const owner = await newOwner();
      const problem = await expectProblem(await api.call('POST', '/billing/checkout', { token: owner.accessToken, body: { tier: 'enterprise' } }), 400, 'validation');
      expect(problem.errors).toEqual([{ field: 'tier', message: expect.stringMatching(/Enterprise is sold by contract/) }]);
    });

    it('is for owners only: a member gets a 403 problem, an API key too', async () => {
      const owner = await newOwner();
      const member = await addMember(api, owner.orgId, `member-${++emails}@billing.example`, 'admin');
      await expectProblem(await api.call('POST', '/billing/checkout', { token: member.accessToken, body: { tier: 'early' } }), 403, 'forbidden');
      await setTier(api, owner.orgId, 'mid');
      const key = await readJson(await api.call('POST', '/api-keys', { token: owner.accessToken, body: { name: 'billing key' } }));
      expect(key.key).toEqual(expect.any(String));
      await expectProblem(await api.call('POST', '/billing/checkout', { headers: { 'x-api-key': key.key }, body: { tier: 'early' } }), 403, 'forbidden');
      expect((await db.query('SELECT stripe_customer_id FROM organizations WHERE id = $1', [owner.orgId]))[0].stripe_customer_id).toBeNull();
    });

    it('replays the same answer for a retried request with the same Idempotency-Key', async () => {
      const owner = await newOwner();
      const send = () => api.call('POST', '/billing/checkout', { token: owner.accessToken, body: { tier: 'mid' }, headers: { 'idempotency-key': 'checkout-once' } });
      const first = await readJson(await send());
      const retry = await send();
      expect(retry.headers.get('idempotent-replayed')).toBe('true');
      expect(await readJson(retry)).toEqual(first);
    });
  });

  it('opens the Stripe customer portal for an owner', async () => {
    const owner = await newOwner();
    const response = await api.call('POST', '/billing/portal', { token: owner.accessToken });
    expect(response.status).toBe(201);
    expect((await readJson(response)).url).toMatch(/^https:\/\//);
  });

  describe('plan changes and cancellation', () => {
    it('moves a running subscription to another tier, and refuses the tier it is on', async () => {
      const owner = await newOwner();
      const { subscriptionId } = await subscribe(owner, 'early');
      const changed = await api.call('POST', '/billing/subscription', { token: owner.accessToken, body: { tier: 'mid' } });
      expect(changed.status).toBe(200);
      expect(await readJson(changed)).toMatchObject({ id: subscriptionId, status: 'active', cancelAtPeriodEnd: false });
      const same = await expectProblem(await api.call('POST', '/billing/subscription', { token: owner.accessToken, body: { tier: 'early' } }), 409, 'conflict');
      expect(same.detail).toBe('The subscription is already on the Early plan.');
    });

    it('refuses a plan change or a cancellation without a running subscription', async () => {
      const owner = await newOwner();
      await expectProblem(await api.call('POST', '/billing/subscription', { token: owner.accessToken, body: { tier: 'mid' } }), 409, 'conflict');
      await expectProblem(await api.call('DELETE', '/billing/subscription', { token: owner.accessToken }), 409, 'conflict');
    });

    it('cancels at the end of the period: the plan stays until then and the portal shows it', async () => {
      const owner = await newOwner();
      await subscribe(owner, 'mid');
      const cancelled = await api.call('DELETE', '/billing/subscription', { token: owner.accessToken });
      expect(cancelled.status).toBe(200);
      expect(await readJson(cancelled)).toMatchObject({ tier: 'mid', cancelAtPeriodEnd: true });
      const overview = await readJson(await api.call('GET', '/billing', { token: owner.accessToken }));
      expect(overview).toMatchObject({ tier: 'mid', cancelAtPeriodEnd: true, subscription: { tier: 'mid', status: 'active' } });
    });
  });

  describe('trial', () => {
    it('starts the one trial of Early and its workflow trial-<orgId>; a second start is refused', async () => {
      const owner = await newOwner();
      const response = await api.call('POST', '/billing/trial', { token: owner.accessToken });
      expect(response.status).toBe(201);
      const started = await readJson(response);
      expect(started).toMatchObject({ workflowId: trialWorkflowId(owner.orgId), trial: { status: 'active', daysLeft: 7 } });
      expect(Date.parse(started.trial.endsAt) - Date.parse(started.trial.startedAt)).toBe(7 * DAY * 1000);

      const workflow = await stack.temporal.client.workflow.getHandle(trialWorkflowId(owner.orgId)).describe();
      expect(workflow.type).toBe(trialWorkflowName);
      const [org] = await db.query('SELECT tier, trial_started_at, trial_ends_at FROM organizations WHERE id = $1', [owner.orgId]);
      expect(org).toEqual({ tier: 'early', trial_started_at: new Date(started.trial.startedAt), trial_ends_at: new Date(started.trial.endsAt) });

      const overview = await readJson(await api.call('GET', '/billing', { token: owner.accessToken }));
      expect(overview).toMatchObject({ tier: 'early', trialUsed: true, trial: { daysLeft: 7, endsAt: started.trial.endsAt }, estimate: null });

      const again = await expectProblem(await api.call('POST', '/billing/trial', { token: owner.accessToken }), 409, 'trial-unavailable');
      expect(again.reason).toBe('on_paid_plan');
      await setTier(api, owner.orgId, 'free');
      const used = await expectProblem(await api.call('POST', '/billing/trial', { token: owner.accessToken }), 409, 'trial-unavailable');
      expect(used).toMatchObject({ reason: 'used', detail: 'Your organisation has already had its trial: each organisation gets one.' });
    });

    it('starts no trial while trial_enabled is off', async () => {
      const owner = await newOwner();
      await db.query("INSERT INTO feature_flag_overrides (flag, enabled) VALUES ('trial_enabled', false)");
      try {
        const refused = await expectProblem(await api.call('POST', '/billing/trial', { token: owner.accessToken }), 403, 'trial-unavailable');
        expect(refused.reason).toBe('disabled');
      } finally {
        await db.query("DELETE FROM feature_flag_overrides WHERE flag = 'trial_enabled'");
      }
      expect((await db.query('SELECT count(*) FROM trials WHERE org_id = $1', [owner.orgId]))[0].count).toBe('0');
      expect((await db.query('SELECT tier FROM organizations WHERE id = $1', [owner.orgId]))[0].tier).toBe('free');
    });
  });

  describe('overview (GET /billing)', () => {
    it('estimates this period from the AI spend measured in it: 2% of $1,234.56 is less than Early’s $99', async () => {
      const owner = await newOwner();
      const periodStart = now() - 3 * DAY;
      await subscribe(owner, 'early', periodStart);
      const inPeriod = new Date((periodStart + DAY) * 1000);
      await addAiSpend(owner.orgId, [
        { cost: '1000.00', at: inPeriod },
        { cost: '234.56', at: inPeriod },
        { cost: '5000', at: inPeriod, ai: false },
        { cost: '777', at: new Date((periodStart - DAY) * 1000) },
        { cost: '999', at: inPeriod, currency: 'EUR' },
      ]);

      const overview = await readJson(await api.call('GET', '/billing', { token: owner.accessToken }));
      expect(overview).toMatchObject({
        tier: 'early',
        paymentsEnabled: true,
        priceRule: { rule: 'flat_or_percent', flatCents: 9900, percent: '2.00', minimumCents: null },
        estimate: {
          periodStart: new Date(periodStart * 1000).toISOString(),
          measuredSpend: '1234.56',
          spendCurrency: 'USD',
          spendRowCount: 2,
          chargeCents: 2469,
          appliedRule: 'percent_of_spend',
        },
        paymentMethod: null,
        invoices: [],
        trial: null,
      });
      expect(overview.estimate.explanation).toMatch(/2% of \$1,234\.56 measured AI spend/);
    });

    it('says plainly when no spend was measured: the flat price applies', async () => {
      const owner = await newOwner();
      await subscribe(owner, 'mid');
      const { estimate } = await readJson(await api.call('GET', '/billing', { token: owner.accessToken }));
      expect(estimate).toMatchObject({ measuredSpend: '0', spendRowCount: 0, chargeCents: 49900, appliedRule: 'flat_price' });
      expect(estimate.explanation).toBe('No AI spend has been measured this period, so the flat price applies.');
    });

    it('shows a Free organisation no estimate, and any member may read it', async () => {
      const owner = await newOwner();
      const member = await addMember(api, owner.orgId, `reader-${++emails}@billing.example`, 'member');
      const overview = await readJson(await api.call('GET', '/billing', { token: member.accessToken }));
      expect(overview).toMatchObject({ tier: 'free', priceRule: { rule: 'free' }, estimate: null, subscription: null, trialUsed: false, trialDays: 7 });
    });
  });

  describe('Enterprise terms (operators)', () => {
    let operator: string;
    let staff: TestAccount;
    let contractsOperator: string;
    beforeAll(async () => {
      staff = await signUp(api, 'operator@billing.example');
      await db.query('UPDATE users SET is_operator = true WHERE id = $1', [staff.userId]);
      operator = (await readJson(await logIn(api, staff.email, staff.password))).accessToken;
      contractsOperator = (await readJson(await logIn(logged, staff.email, staff.password))).accessToken;
    });

    const setTerms = (orgId: string, body: { percent: string; minimumCents: number }) =>
      logged.call('PUT', `/admin/organizations/${orgId}/enterprise-terms`, { token: contractsOperator, body });
    const subscriptionCreates = () => stripeLog.writes().filter((r) => r.method === 'POST' && r.path === '/v1/subscriptions');

    it('sets the contract and moves the organisation to Enterprise; the estimate follows the contract', async () => {
      const owner = await newOwner();
      const set = await api.call('PUT', `/admin/organizations/${owner.orgId}/enterprise-terms`, { token: operator, body: { percent: '12.50', minimumCents: 250000 } });
      expect(set.status).toBe(200);
      expect(await readJson(set)).toEqual({ orgId: owner.orgId, tier: 'enterprise', percent: '12.50', minimumCents: 250000, subscriptionId: expect.stringMatching(/^sub_/) });
      await addAiSpend(owner.orgId, [{ cost: '40000', at: new Date() }]);
      const overview = await readJson(await api.call('GET', '/billing', { token: owner.accessToken }));
      expect(overview).toMatchObject({
        tier: 'enterprise',
        priceRule: { rule: 'contract', percent: '12.50', minimumCents: 250000, flatCents: null },
        estimate: { chargeCents: 500000, appliedRule: 'contract_percent', measuredSpend: '40000', spendRowCount: 1 },
      });
    });

    it("opens the contract's Stripe subscription once, invoiced rather than charged; its creation starts the billing period", async () => {
      const owner = await newOwner();
      stripeLog.clear();
      const set = await setTerms(owner.orgId, { percent: '10', minimumCents: 500000 });
      expect(set.status).toBe(200);
      const { subscriptionId } = await readJson(set);
      const [org] = await db.query('SELECT stripe_customer_id FROM organizations WHERE id = $1', [owner.orgId]);

      expect(stripeLog.requests.find((r) => r.path === '/v1/prices')?.query.get('lookup_keys[0]')).toBe('apex_enterprise_monthly');
      const [create] = subscriptionCreates();
      expect(create.idempotencyKey).toBe(`enterprise-contract:${owner.orgId}:first`);
      expect(Object.fromEntries(['customer', 'items[0][price]', 'collection_method', 'days_until_due', 'metadata[tier]', 'metadata[org_id]'].map((k) => [k, create.form.get(k)]))).toEqual({
        customer: org.stripe_customer_id,
        'items[0][price]': expect.stringMatching(/^price_/),
        collection_method: 'send_invoice',
        days_until_due: '30',
        'metadata[tier]': 'enterprise',
        'metadata[org_id]': owner.orgId,
      });
      const [terms] = await db.query('SELECT contract_percent::text AS percent, contract_subscription_id FROM organization_plan_overrides WHERE org_id = $1', [owner.orgId]);
      expect(terms).toEqual({ percent: '10.00', contract_subscription_id: subscriptionId });

      // New terms for the same contract: the subscription stays the one it was.
      stripeLog.clear();
      const again = await setTerms(owner.orgId, { percent: '11.25', minimumCents: 400000 });
      expect(await readJson(again)).toMatchObject({ percent: '11.25', minimumCents: 400000, subscriptionId });
      expect(subscriptionCreates()).toEqual([]);

      // Stripe confirms the subscription: it is stored as the contract's, the plan stays Enterprise, and its billing period runs.
      const periodStart = now();
      const created = await sendEvent(api, 'customer.subscription.created', subscriptionObject({ id: subscriptionId, customerId: org.stripe_customer_id, status: 'active', tier: 'enterprise', periodStart }));
      expect(created.status).toBe(200);
      expect(await db.query('SELECT tier, status FROM subscriptions WHERE id = $1', [subscriptionId])).toEqual([{ tier: 'enterprise', status: 'active' }]);
      const periodHandle = stack.temporal.client.workflow.getHandle(billingPeriodWorkflowId(subscriptionId));
      const period = await periodHandle.describe();
      expect([period.type, period.status.name]).toEqual([billingPeriodWorkflowName, 'RUNNING']);
      const [started] = (await periodHandle.fetchHistory()).events![0]!.workflowExecutionStartedEventAttributes!.input!.payloads!;
      // Settled two days (BILLING_SETTLE_AFTER_HOURS) after each period's end, so late cost data counts.
      expect(JSON.parse(Buffer.from(started.data!).toString())).toMatchObject({ orgId: owner.orgId, subscriptionId, settleAfterMs: 48 * 3_600_000 });
      const overview = await readJson(await api.call('GET', '/billing', { token: owner.accessToken }));
      expect(overview).toMatchObject({ tier: 'enterprise', subscription: { id: subscriptionId, tier: 'enterprise', status: 'active' } });

      // The owner cannot change or cancel a contract, here or in Stripe's customer portal; Apex sales do.
      const ownerToken = (await readJson(await logIn(logged, owner.email, owner.password))).accessToken;
      stripeLog.clear();
      expect((await logged.call('POST', '/billing/portal', { token: ownerToken })).status).toBe(201);
      const [configuration, session] = stripeLog.writes();
      expect([configuration.path, configuration.form.get('features[subscription_cancel][enabled]'), configuration.form.get('features[subscription_update][enabled]')]).toEqual([
        '/v1/billing_portal/configurations',
        'false',
        'false',
      ]);
      expect([session.path, session.form.get('configuration')]).toEqual(['/v1/billing_portal/sessions', expect.stringMatching(/^bpc_/)]);
      for (const [method, path, body] of [['DELETE', '/billing/subscription', undefined], ['POST', '/billing/subscription', { tier: 'mid' }]] as const) {
        const refused = await expectProblem(await api.call(method, path, { token: owner.accessToken, body }), 409, 'conflict');
        expect(refused.detail).toBe('Your organisation is on an Enterprise contract; its terms change through Apex sales.');
      }

      // A Checkout page opened before the contract and paid after it: Stripe's subscription is ended at once.
      const stray = stripeId('sub');
      stripeLog.clear();
      const strayCreated = await sendEvent(logged, 'customer.subscription.created', subscriptionObject({ id: stray, customerId: org.stripe_customer_id, status: 'active', tier: 'early', periodStart }));
      expect(strayCreated.status).toBe(200);
      expect(stripeLog.writes().map((r) => [r.method, r.path, r.idempotencyKey])).toEqual([
        ['DELETE', `/v1/subscriptions/${stray}`, `enterprise-contract:${owner.orgId}:replaces:${stray}`],
      ]);
      expect((await db.query('SELECT tier FROM organizations WHERE id = $1', [owner.orgId]))[0].tier).toBe('enterprise');

      // A contract whose subscription has ended gets a new one when its terms are set again.
      await sendEvent(api, 'customer.subscription.deleted', subscriptionObject({ id: subscriptionId, customerId: org.stripe_customer_id, status: 'canceled', tier: 'enterprise', periodStart }), now() + 1);
      expect((await db.query('SELECT tier FROM organizations WHERE id = $1', [owner.orgId]))[0].tier).toBe('enterprise');
      stripeLog.clear();
      await setTerms(owner.orgId, { percent: '11.25', minimumCents: 400000 });
      expect(subscriptionCreates().map((r) => r.idempotencyKey)).toEqual([`enterprise-contract:${owner.orgId}:${subscriptionId}`]);
    });

    it('closes open Checkout pages, ends a running Early subscription without proration and a running trial, converted by the contract', async () => {
      const subscribed = await newOwner();
      const { subscriptionId: early } = await subscribe(subscribed, 'early');
      // Stripe does not answer the cancellation the first time: the contract stands, and setting it again finishes.
      stripeLog.clear();
      stripeLog.loseAnswers(`/v1/subscriptions/${early}`, 3);
      const pending = await expectProblem(await setTerms(subscribed.orgId, { percent: '9', minimumCents: 100000 }), 502, 'payment-provider-error');
      expect(pending.detail).toBe(
        `The Enterprise terms are set and the contract's billing is open, but Stripe did not end subscription ${early}, which the contract replaces: set the terms again to finish.`,
      );
      expect((await db.query('SELECT tier FROM organizations WHERE id = $1', [subscribed.orgId]))[0].tier).toBe('enterprise');
      const contract = (await db.query('SELECT contract_subscription_id FROM organization_plan_overrides WHERE org_id = $1', [subscribed.orgId]))[0].contract_subscription_id;
      stripeLog.clear();
      expect(await readJson(await setTerms(subscribed.orgId, { percent: '9', minimumCents: 100000 }))).toMatchObject({ subscriptionId: contract });
      expect(subscriptionCreates()).toEqual([]);
      const [org] = await db.query('SELECT stripe_customer_id FROM organizations WHERE id = $1', [subscribed.orgId]);
      const listed = stripeLog.requests.find((r) => r.method === 'GET' && r.path === '/v1/checkout/sessions');
      expect([listed?.query.get('customer'), listed?.query.get('status')]).toEqual([org.stripe_customer_id, 'open']);
      const expired = stripeLog.writes().filter((r) => r.path.startsWith('/v1/checkout/sessions/'));
      expect(expired.map((r) => r.path)).toEqual([expect.stringMatching(/^\/v1\/checkout\/sessions\/cs_[^/]+\/expire$/)]);
      const cancels = stripeLog.writes().filter((r) => r.method === 'DELETE');
      expect(cancels.map((r) => [r.path, r.idempotencyKey])).toEqual([[`/v1/subscriptions/${early}`, `enterprise-contract:${subscribed.orgId}:replaces:${early}`]]);
      expect([...cancels[0].form.keys()]).toEqual([]);
      // Stripe confirms the cancellation: the organisation stays on its contract.
      await sendEvent(api, 'customer.subscription.deleted', subscriptionObject({ id: early, customerId: org.stripe_customer_id, status: 'canceled', tier: 'early', periodStart: now() - DAY }), now() + 1);
      expect((await db.query('SELECT tier FROM organizations WHERE id = $1', [subscribed.orgId]))[0].tier).toBe('enterprise');

      const trialling = await newOwner();
      expect((await api.call('POST', '/billing/trial', { token: trialling.accessToken })).status).toBe(201);
      const set = await readJson(await setTerms(trialling.orgId, { percent: '9', minimumCents: 100000 }));
      expect((await db.query('SELECT status FROM trials WHERE org_id = $1', [trialling.orgId]))[0].status).toBe('converted');
      const history = await stack.temporal.client.workflow.getHandle(trialWorkflowId(trialling.orgId)).fetchHistory();
      const signals = history.events!.map((e) => e.workflowExecutionSignaledEventAttributes).filter((a) => a != null);
      expect(signals.map((a) => a.signalName)).toEqual([trialConvertedSignal]);
      const [payload] = signals[0].input!.payloads!;
      expect(JSON.parse(Buffer.from(payload.data!).toString())).toMatchObject({ subscriptionId: set.subscriptionId, byContract: true });
    });

    it('leaves everything as it was when Stripe refuses the contract subscription', async () => {
      const owner = await newOwner();
      await linkCustomer(db, owner.orgId);
      const refusing = await startRequestCounter();
      try {
        const broken = await stack.startApi({ STRIPE_API_URL: refusing.url });
        const token = (await readJson(await logIn(broken, staff.email, staff.password))).accessToken;
        const refused = await expectProblem(
          await broken.call('PUT', `/admin/organizations/${owner.orgId}/enterprise-terms`, { token, body: { percent: '10', minimumCents: 0 } }),
          502,
          'payment-provider-error',
        );
        expect(refused.detail).toMatch(/^Nothing changed in Apex; try again/);
        expect(refusing.count()).toBeGreaterThan(0);
      } finally {
        await refusing.stop();
      }
      expect((await db.query('SELECT tier FROM organizations WHERE id = $1', [owner.orgId]))[0].tier).toBe('free');
      expect(await db.query('SELECT * FROM organization_plan_overrides WHERE org_id = $1', [owner.orgId])).toEqual([]);
    });

    it('refuses a percentage outside 8–15 and an unknown organisation', async () => {
      const owner = await newOwner();
      for (const percent of ['7.99', '15.01', '12.345', 'ten']) {
        const bad = await expectProblem(
          await api.call('PUT', `/admin/organizations/${owner.orgId}/enterprise-terms`, { token: operator, body: { percent, minimumCents: 0 } }),
          400,
          'validation',
        );
        expect(bad.errors[0].field).toBe('percent');
      }
      await expectProblem(
        await api.call('PUT', '/admin/organizations/00000000-0000-4000-8000-000000000000/enterprise-terms', { token: operator, body: { percent: '10', minimumCents: 0 } }),
        404,
        'not-found',
      );
      await expectProblem(
        await api.call('PUT', `/admin/organizations/${owner.orgId}/enterprise-terms`, { token: owner.accessToken, body: { percent: '10', minimumCents: 0 } }),
        403,
        'forbidden',
      );
    });
  });

  describe('with payments_enabled off', () => {
    let off: ApiUnderTest;
    let stripe: Awaited<ReturnType<typeof startRequestCounter>>;
    beforeAll(async () => {
      stripe = await startRequestCounter();
      off = await stack.startApi({ FLAG_PAYMENTS_ENABLED: 'false', STRIPE_API_URL: stripe.url });
    });
    afterAll(async () => {
      await stripe?.stop();
    });

    it('answers every billing route but the overview with a payments-disabled problem and sends nothing to Stripe', async () => {
      const owner = await newOwner();
      await subscribe(owner, 'early');
      const token = (await readJson(await logIn(off, owner.email, owner.password))).accessToken;
      const calls: [string, string, unknown][] = [
        ['POST', '/billing/checkout', { tier: 'mid' }],
        ['POST', '/billing/portal', undefined],
        ['POST', '/billing/subscription', { tier: 'mid' }],
        ['DELETE', '/billing/subscription', undefined],
        ['POST', '/billing/trial', undefined],
      ];
      for (const [method, path, body] of calls) {
        const problem = await expectProblem(await off.call(method, path, { token, body }), 403, 'payments-disabled');
        expect(problem.detail).toMatch(/Payments are turned off/);
      }
      const webhook = await sendEvent(off, 'customer.subscription.updated', subscriptionObject({ id: stripeId('sub'), customerId: 'cus_x', status: 'active', tier: 'mid', periodStart: now() }));
      await expectProblem(webhook, 403, 'payments-disabled');

      const overview = await off.call('GET', '/billing', { token });
      expect(overview.status).toBe(200);
      expect(await readJson(overview)).toMatchObject({ tier: 'early', paymentsEnabled: false });
      expect(stripe.count()).toBe(0);
    });

    it('counts what reaches the Stripe URL (so a zero above means nothing was sent)', async () => {
      const owner = await newOwner();
      const on = await stack.startApi({ STRIPE_API_URL: stripe.url });
      const token = (await readJson(await logIn(on, owner.email, owner.password))).accessToken;
      const before = stripe.count();
      const response = await on.call('POST', '/billing/portal', { token });
      expect(response.status).toBeGreaterThanOrEqual(500);
      expect(stripe.count()).toBeGreaterThan(before);
    });
  });
});
