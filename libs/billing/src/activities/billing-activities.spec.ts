import type { INestApplicationContext } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '@apex/config';
import type { BillingPeriodActivities, DunningActivities, MeasuredAiSpend, PricingTerms, TrialActivities } from '@apex/contracts';
import type { SmtpCatcherHandle } from '@apex/devstack';
import { spendBasedCharge } from '@apex/domain';
import {
  createTestDatabase,
  PLAN_PRICING_TERMS,
  startStripeMock,
  startStripeRequestLog,
  startTestSmtp,
  StripeMockHandle,
  StripeRequestLog,
  TestDatabase,
} from '@apex/testing';
import { BillingActivitiesService } from './billing-activities.service';
import { createBillingActivitiesApp } from './testing/billing-activities-app';

/** The customer that stripe-mock's fixture invoice (in_123) and subscription (sub_123) belong to. */
const FIXTURE_CUSTOMER = 'cus_QXg1o8vcGmoR32';
/** The one payment method stripe-mock lists for any customer. */
const FIXTURE_PAYMENT_METHOD = 'pm_1Pgc75B7WZ01zgkWlHVgdEGJ';

describe('billing activities against Postgres, stripe-mock and an SMTP server', () => {
  let database: TestDatabase;
  let stripeMock: StripeMockHandle;
  let stripe: StripeRequestLog;
  let smtp: SmtpCatcherHandle;
  let app: INestApplicationContext;
  let db: DataSource;
  let activities: TrialActivities & DunningActivities & BillingPeriodActivities;
  let sequence = 0;

  beforeAll(async () => {
    [database, stripeMock, smtp] = await Promise.all([createTestDatabase(), startStripeMock(), startTestSmtp()]);
    stripe = await startStripeRequestLog(stripeMock.url);
    const config = AppConfig.fromEnv({
      DATABASE_URL: database.url,
      TEMPORAL_ADDRESS: 'localhost:7233',
      SMTP_URL: smtp.smtpUrl,
      JWT_SECRET: 'test-secret-'.padEnd(40, 'x'),
      EMAIL_FROM: 'Apex <billing@apex.test>',
      APP_URL: 'http://portal.test',
      STRIPE_SECRET_KEY: 'sk_test_ApexBillingActivities',
      STRIPE_API_URL: stripe.url,
      FLAG_PAYMENTS_ENABLED: 'true',
    });
    app = await createBillingActivitiesApp(config);
    db = app.get(DataSource);
    activities = app.get(BillingActivitiesService).activities();
  });
  afterAll(async () => {
    await app?.close();
    await Promise.all([stripe?.stop(), stripeMock?.stop(), smtp?.stop()]);
    await database?.drop();
  });
  beforeEach(async () => {
    stripe.clear();
    await smtp.clear();
    await db.query('DELETE FROM feature_flag_overrides');
  });

  async function organization(options: { tier?: string; customer?: string | null; paymentMethodId?: string | null; owner?: boolean } = {}) {
    sequence += 1;
    // A Stripe customer belongs to one organisation: the fixture customer moves to the newest one.
    if (options.customer) await db.query('UPDATE organizations SET stripe_customer_id = NULL WHERE stripe_customer_id = $1', [options.customer]);
    const [{ id: orgId }] = await db.query(
      `INSERT INTO organizations (name, tier, stripe_customer_id, has_payment_method, payment_method_id)
       VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [`Engines ${sequence}`, options.tier ?? 'early', options.customer ?? null, !!options.paymentMethodId, options.paymentMethodId ?? null],
    );
    const ownerEmail = `owner-${sequence}@example.com`;
    if (options.owner ?? true) {
      await db.query("INSERT INTO users (org_id, email, name, password_hash, role) VALUES ($1, $2, 'Ada', 'x', 'owner')", [orgId, ownerEmail]);
    }
    return { orgId: orgId as string, ownerEmail, name: `Engines ${sequence}` };
  }

  const trialOf = (orgId: string) =>
    db.query(
      `INSERT INTO trials (org_id, tier, status, started_at, ends_at) VALUES ($1, 'early', 'active', now() - interval '7 days', now())`,
      [orgId],
    );

  const subscriptionOf = (
    orgId: string,
    id: string,
    options: { customer?: string; status?: string; trialEnd?: string | null; tier?: string } = {},
  ) =>
    db.query(
      `INSERT INTO subscriptions (id, org_id, customer_id, tier, status, trial_end, last_event_created, last_event_id)
       VALUES ($1, $2, $3, $4, $5, $6, now(), 'evt_1')`,
      [id, orgId, options.customer ?? FIXTURE_CUSTOMER, options.tier ?? 'early', options.status ?? 'active', options.trialEnd ?? null],
    );

  const tierOf = async (orgId: string) => (await db.query('SELECT tier FROM organizations WHERE id = $1', [orgId]))[0].tier;
  const disablePayments = () => db.query("INSERT INTO feature_flag_overrides (flag, enabled) VALUES ('payments_enabled', false)");

  describe('sendBillingEmail', () => {
    it("emails the organisation's owner once per key, with the organisation's name and the billing page", async () => {
      const org = await organization();
      const request = {
        orgId: org.orgId,
        template: 'trial-reminder',
        idempotencyKey: `trial:${org.orgId}:reminder-3`,
        vars: { planName: 'Early', endDate: '2026-12-01', daysLeft: 3, timeLeft: '3 days', nextStep: 'Add a payment method before then.' },
      };
      const first = await activities.sendBillingEmail(request);
      const again = await activities.sendBillingEmail(request);

      expect([first.status, again.status]).toEqual(['sent', 'already-sent']);
      const received = await smtp.emails();
      expect(received).toHaveLength(1);
      expect(received[0].to[0].address).toBe(org.ownerEmail);
      expect(received[0].subject).toBe('Your Early trial ends in 3 days');
      expect(received[0].text).toContain(`The Early trial of ${org.name} ends on 2026-12-01, in 3 days.`);
      expect(received[0].text).toContain('http://portal.test/billing');
    });

    it('renders every billing template with the variables its workflow sends', async () => {
      const org = await organization();
      const sent: [string, Record<string, string | number>][] = [
        ['trial-started', { planName: 'Early', endDate: '2026-12-01', trialDays: 7 }],
        ['trial-reminder', { planName: 'Early', endDate: '2026-12-01', daysLeft: 1, timeLeft: '1 day', nextStep: 'x' }],
        ['trial-converted', { planName: 'Early', endDate: '2026-12-01' }],
        ['trial-ended-by-contract', { planName: 'Early', endDate: '2026-12-01' }],
        ['trial-ended-downgraded', { planName: 'Early', endDate: '2026-12-01', reason: 'The trial ended without a payment method on file.' }],
        ['payment-failed', { invoiceId: 'in_1', amount: '$99.00', nextRetry: '2026-12-04', retries: 3 }],
        ['payment-retry-failed', { invoiceId: 'in_1', amount: '$99.00', attempt: 1, failure: 'Your card was declined.', nextRetry: '2026-12-06' }],
        ['downgraded-for-non-payment', { invoiceId: 'in_1', amount: '$99.00', attempts: 3 }],
        ['payment-recovered', { invoiceId: 'in_1', amount: '$99.00' }],
      ];
      for (const [template, vars] of sent) {
        await activities.sendBillingEmail({ orgId: org.orgId, template, idempotencyKey: `render:${org.orgId}:${template}`, vars });
      }
      const subjects = (await smtp.emails()).map((email) => email.subject).sort();
      expect(subjects).toEqual(
        [
          'Your Early trial of Apex has started',
          'Your Early trial ends in 1 day',
          'You are on Apex Early',
          `${org.name} is on an Apex Enterprise contract`,
          `Your Early trial has ended: ${org.name} is on the Free plan`,
          'Your Apex payment of $99.00 failed',
          'Retry 1 of your Apex payment of $99.00 failed',
          `${org.name} has moved to the Free plan`,
          'Your Apex payment of $99.00 went through',
        ].sort(),
      );
    });

    it('skips an organisation without an owner instead of failing its workflow', async () => {
      const org = await organization({ owner: false });
      const result = await activities.sendBillingEmail({ orgId: org.orgId, template: 'trial-converted', idempotencyKey: 'k', vars: {} });
      expect(result).toEqual({ status: 'skipped', reason: 'the organisation has no owner to write to' });
      expect(await smtp.emails()).toHaveLength(0);
    });
  });

  describe('trial activities', () => {
    it('downgrades a trial without a subscription to Free without calling Stripe', async () => {
      const org = await organization();
      await trialOf(org.orgId);
      await activities.downgradeToFree({ orgId: org.orgId, reason: 'trial_ended', subscriptionId: null, idempotencyKey: `trial:${org.orgId}:downgrade` });
      await activities.recordTrialEnd({ orgId: org.orgId, state: 'downgraded' });

      expect(await tierOf(org.orgId)).toBe('free');
      expect(stripe.requests).toEqual([]);
      const [trial] = await db.query('SELECT status, ended_at FROM trials WHERE org_id = $1', [org.orgId]);
      expect(trial.status).toBe('downgraded');
      expect(trial.ended_at).toBeInstanceOf(Date);
      await activities.recordTrialEnd({ orgId: org.orgId, state: 'converted' });
      expect((await db.query('SELECT status FROM trials WHERE org_id = $1', [org.orgId]))[0].status).toBe('downgraded');
    });

    it('knows of a payment method on record, or asks Stripe when the webhook has not arrived', async () => {
      const none = await organization();
      const onRecord = await organization({ paymentMethodId: 'pm_on_record' });
      const atStripe = await organization({ customer: FIXTURE_CUSTOMER });
      expect(await activities.hasPaymentMethod(none.orgId)).toBe(false);
      expect(await activities.hasPaymentMethod(onRecord.orgId)).toBe(true);
      expect(stripe.requests).toEqual([]);
      expect(await activities.hasPaymentMethod(atStripe.orgId)).toBe(true);
      expect(stripe.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`GET /v1/customers/${FIXTURE_CUSTOMER}/payment_methods`]);

      stripe.clear();
      await disablePayments();
      expect(await activities.hasPaymentMethod(atStripe.orgId)).toBe(false);
      expect(stripe.requests).toEqual([]);
    });

    it('converts a trial into an Early subscription on the payment method on file, once', async () => {
      const org = await organization({ customer: FIXTURE_CUSTOMER, paymentMethodId: 'pm_card_on_file' });
      await trialOf(org.orgId);
      const key = `trial:${org.orgId}:convert`;
      const converted = await activities.convertTrialToPaid({ orgId: org.orgId, idempotencyKey: key });

      const created = stripe.writes();
      expect(created.map((r) => [r.method, r.path, r.idempotencyKey])).toEqual([['POST', '/v1/subscriptions', key]]);
      expect(created[0].form.get('customer')).toBe(FIXTURE_CUSTOMER);
      expect(created[0].form.get('default_payment_method')).toBe('pm_card_on_file');
      expect(created[0].form.get('metadata[tier]')).toBe('early');
      const priceLookup = stripe.requests.find((r) => r.path === '/v1/prices');
      expect(priceLookup?.query.get('lookup_keys[0]')).toBe('apex_early_monthly');
      const [trial] = await db.query('SELECT subscription_id FROM trials WHERE org_id = $1', [org.orgId]);
      expect(trial.subscription_id).toBe(converted.subscriptionId);

      stripe.clear();
      expect(await activities.convertTrialToPaid({ orgId: org.orgId, idempotencyKey: key })).toEqual(converted);
      expect(stripe.writes()).toEqual([]);
    });

    it('keeps the subscription an organisation bought during its trial', async () => {
      const org = await organization({ customer: FIXTURE_CUSTOMER });
      await trialOf(org.orgId);
      await subscriptionOf(org.orgId, 'sub_bought_during_trial');
      expect(await activities.convertTrialToPaid({ orgId: org.orgId, idempotencyKey: 'k' })).toEqual({
        subscriptionId: 'sub_bought_during_trial',
        status: 'active',
      });
      expect(stripe.requests).toEqual([]);
    });

    it('creates no subscription when an Enterprise contract replaced the trial meanwhile', async () => {
      const org = await organization({ customer: FIXTURE_CUSTOMER, tier: 'enterprise', paymentMethodId: 'pm_card_on_file' });
      await trialOf(org.orgId);
      expect(await activities.convertTrialToPaid({ orgId: org.orgId, idempotencyKey: 'k' })).toEqual({ subscriptionId: null, status: 'contract' });
      expect(stripe.requests).toEqual([]);
    });

    it('sends nothing to Stripe while payments are disabled, failing retryably so the trial waits', async () => {
      const org = await organization({ customer: FIXTURE_CUSTOMER, paymentMethodId: 'pm_card_on_file' });
      await trialOf(org.orgId);
      await disablePayments();
      const failure = await activities.convertTrialToPaid({ orgId: org.orgId, idempotencyKey: 'k' }).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(ApplicationFailure);
      expect(failure).toMatchObject({ type: 'PaymentsDisabled', nonRetryable: false });
      expect(stripe.requests).toEqual([]);
    });
  });

  describe('dunning activities', () => {
    it('retries an invoice payment under the attempt key, with a fallback payment method when given', async () => {
      const org = await organization({ customer: FIXTURE_CUSTOMER });
      const first = await activities.retryInvoicePayment({
        orgId: org.orgId,
        invoiceId: 'in_123',
        attempt: 1,
        paymentMethodId: null,
        idempotencyKey: 'dunning:in_123:retry-1',
      });
      await activities.retryInvoicePayment({
        orgId: org.orgId,
        invoiceId: 'in_123',
        attempt: 4,
        paymentMethodId: 'pm_backup',
        idempotencyKey: 'dunning:in_123:fallback',
      });

      // stripe-mock answers every payment with its fixture invoice, a draft: not paid.
      expect(first).toEqual({ paid: false, failure: 'the invoice is draft' });
      const payments = stripe.writes();
      expect(payments.map((r) => [r.path, r.idempotencyKey, r.form.get('off_session'), r.form.get('payment_method')])).toEqual([
        ['/v1/invoices/in_123/pay', 'dunning:in_123:retry-1', 'true', null],
        ['/v1/invoices/in_123/pay', 'dunning:in_123:fallback', 'true', 'pm_backup'],
      ]);
    });

    it("refuses to pay another customer's invoice, for good", async () => {
      const org = await organization({ customer: 'cus_someone_else' });
      const failure = await activities
        .retryInvoicePayment({ orgId: org.orgId, invoiceId: 'in_123', attempt: 1, paymentMethodId: null, idempotencyKey: 'k' })
        .catch((error: unknown) => error);
      expect(failure).toMatchObject({ type: 'ForeignInvoice', nonRetryable: true });
      expect(stripe.writes()).toEqual([]);
    });

    it('finds a payment method other than the one that failed, and none when there is no other', async () => {
      const withOther = await organization({ customer: FIXTURE_CUSTOMER, paymentMethodId: 'pm_failed_card' });
      expect(await activities.findFallbackPaymentMethod({ orgId: withOther.orgId, invoiceId: 'in_123' })).toBe(FIXTURE_PAYMENT_METHOD);
      const onlyOne = await organization({ customer: FIXTURE_CUSTOMER, paymentMethodId: FIXTURE_PAYMENT_METHOD });
      expect(await activities.findFallbackPaymentMethod({ orgId: onlyOne.orgId, invoiceId: 'in_123' })).toBeNull();
      const noCustomer = await organization();
      expect(await activities.findFallbackPaymentMethod({ orgId: noCustomer.orgId, invoiceId: 'in_123' })).toBeNull();
    });

    it('downgrades for non-payment: cancels the subscription now, under the key, and moves the organisation to Free', async () => {
      const org = await organization({ customer: FIXTURE_CUSTOMER });
      await activities.downgradeToFree({ orgId: org.orgId, reason: 'non_payment', subscriptionId: 'sub_123', idempotencyKey: 'dunning:in_123:downgrade' });
      expect(stripe.writes().map((r) => [r.method, r.path, r.idempotencyKey])).toEqual([
        ['DELETE', '/v1/subscriptions/sub_123', 'dunning:in_123:downgrade:cancel:sub_123'],
      ]);
      expect(await tierOf(org.orgId)).toBe('free');
    });

    it('never downgrades an organisation on an Enterprise contract, whose plan only its terms change', async () => {
      const org = await organization({ customer: FIXTURE_CUSTOMER, tier: 'enterprise' });
      await activities.downgradeToFree({ orgId: org.orgId, reason: 'trial_ended', subscriptionId: null, idempotencyKey: 'k' });
      await activities.downgradeToFree({ orgId: org.orgId, reason: 'non_payment', subscriptionId: 'sub_123', idempotencyKey: 'k2' });
      expect(stripe.requests).toEqual([]);
      expect(await tierOf(org.orgId)).toBe('enterprise');
    });

    it("never cancels a subscription that is not the organisation's", async () => {
      const org = await organization({ customer: 'cus_someone_else', tier: 'mid' });
      await activities.downgradeToFree({ orgId: org.orgId, reason: 'non_payment', subscriptionId: 'sub_123', idempotencyKey: 'k' });
      expect(stripe.writes()).toEqual([]);
      expect(await tierOf(org.orgId)).toBe('free');
    });

    it('keeps the dunning case: attempts grow, and a closed case stays closed', async () => {
      const org = await organization();
      const update = { orgId: org.orgId, invoiceId: `in_case_${org.orgId}`, subscriptionId: 'sub_1' };
      await activities.recordDunningCase({ ...update, status: 'open', attempts: 0 });
      await activities.recordDunningCase({ ...update, status: 'open', attempts: 2 });
      await activities.recordDunningCase({ ...update, status: 'recovered', attempts: 2 });
      await activities.recordDunningCase({ ...update, status: 'open', attempts: 3 });
      const [row] = await db.query('SELECT status, attempts, closed_at FROM dunning_cases WHERE invoice_id = $1', [update.invoiceId]);
      expect(row).toMatchObject({ status: 'recovered', attempts: 2 });
      expect(row.closed_at).toBeInstanceOf(Date);
    });
  });

  describe('billing period activities', () => {
    const periodStart = '2026-10-01T00:00:00.000Z';
    const periodEnd = '2026-11-01T00:00:00.000Z';

    async function costRows(orgId: string, rows: { at: string; cost: string; ai: boolean; currency?: string }[]) {
      const [{ id: connectionId }] = await db.query(
        "INSERT INTO cost_connections (org_id, provider, name) VALUES ($1, 'openai', $2) RETURNING id",
        [orgId, `OpenAI ${orgId}`],
      );
      const [{ id: sourceId }] = await db.query(
        `INSERT INTO cost_sources (org_id, connection_id, kind, period_start, period_end) VALUES ($1, $2, 'api', $3, $4) RETURNING id`,
        [orgId, connectionId, '2026-09-01T00:00:00Z', '2026-12-01T00:00:00Z'],
      );
      let row = 0;
      for (const cost of rows) {
        row += 1;
        await db.query(
          `INSERT INTO cost_rows (org_id, connection_id, source_id, source_row, charge_period_start, charge_period_end, charge_category,
             billed_cost, effective_cost, billing_currency, provider_name, is_ai)
           VALUES ($1, $2, $3, $4, $5, $5::timestamptz + interval '1 hour', 'Usage', $6, $6, $7, 'OpenAI', $8)`,
          [orgId, connectionId, sourceId, row, cost.at, cost.cost, cost.currency ?? 'USD', cost.ai],
        );
      }
    }

    it("measures the period's USD AI spend exactly, from its own rows only", async () => {
      const org = await organization();
      const other = await organization();
      await costRows(org.orgId, [
        { at: '2026-10-01T00:00:00Z', cost: '1000.10', ai: true },
        { at: '2026-10-31T23:00:00Z', cost: '234.4600000001', ai: true },
        { at: '2026-10-15T00:00:00Z', cost: '500', ai: false },
        { at: '2026-10-15T00:00:00Z', cost: '700', ai: true, currency: 'EUR' },
        { at: '2026-11-01T00:00:00Z', cost: '900', ai: true },
        { at: '2026-09-30T23:59:59Z', cost: '800', ai: true },
      ]);
      await costRows(other.orgId, [{ at: '2026-10-10T00:00:00Z', cost: '5000', ai: true }]);

      const spend = await activities.measureAiSpend({ orgId: org.orgId, periodStart, periodEnd });
      expect(spend).toEqual({ periodStart, periodEnd, currency: 'USD', amount: '1234.5600000001', rowCount: 2 });
      expect(await activities.measureAiSpend({ orgId: org.orgId, periodStart: periodEnd, periodEnd: '2026-12-01T00:00:00.000Z' })).toMatchObject({
        amount: '900',
        rowCount: 1,
      });
    });

    it("loads the plan row's prices, and a contract's terms on the contract's own subscription only, waiting for missing terms", async () => {
      const early = await organization();
      await subscriptionOf(early.orgId, 'sub_terms_early');
      const enterprise = await organization({ tier: 'enterprise' });
      await subscriptionOf(enterprise.orgId, 'sub_terms_contract', { tier: 'enterprise' });
      expect(await activities.loadPricingTerms({ orgId: early.orgId, subscriptionId: 'sub_terms_early' })).toEqual(PLAN_PRICING_TERMS.early);
      const contract = { orgId: enterprise.orgId, subscriptionId: 'sub_terms_contract' };
      await db.query("INSERT INTO organization_plan_overrides (org_id, contract_subscription_id) VALUES ($1, 'sub_terms_contract')", [enterprise.orgId]);
      const missing = await activities.loadPricingTerms(contract).catch((error: unknown) => error);
      expect(missing).toMatchObject({ type: 'IncompletePricingTerms', nonRetryable: false });
      await db.query('UPDATE organization_plan_overrides SET contract_percent = 10.5, contract_minimum_cents = 500000 WHERE org_id = $1', [enterprise.orgId]);
      expect(await activities.loadPricingTerms(contract)).toMatchObject({
        rule: 'contract',
        contractPercent: '10.50',
        contractMinimumCents: 500000,
        contractPercentMin: '8.00',
        contractPercentMax: '15.00',
      });
      await subscriptionOf(enterprise.orgId, 'sub_not_the_contract', { tier: 'enterprise' });
      expect(await activities.loadPricingTerms({ orgId: enterprise.orgId, subscriptionId: 'sub_not_the_contract' })).toMatchObject({ rule: 'free' });
      const unknown = await activities.loadPricingTerms({ orgId: early.orgId, subscriptionId: 'sub_not_yet' }).catch((error: unknown) => error);
      expect(unknown).toMatchObject({ type: 'UnknownSubscription', nonRetryable: false });
    });

    it('prices a period by the plan it was bought on, whatever the organisation is on by the time it settles', async () => {
      const cancelled = await organization({ tier: 'free' });
      await subscriptionOf(cancelled.orgId, 'sub_cancelled_at_end', { status: 'canceled' });
      expect(await activities.loadPricingTerms({ orgId: cancelled.orgId, subscriptionId: 'sub_cancelled_at_end' })).toEqual(PLAN_PRICING_TERMS.early);

      const movedToContract = await organization({ tier: 'enterprise' });
      await db.query('INSERT INTO organization_plan_overrides (org_id, contract_percent, contract_minimum_cents) VALUES ($1, 12, 900000)', [
        movedToContract.orgId,
      ]);
      await subscriptionOf(movedToContract.orgId, 'sub_replaced_by_contract', { status: 'canceled' });
      expect(await activities.loadPricingTerms({ orgId: movedToContract.orgId, subscriptionId: 'sub_replaced_by_contract' })).toEqual(
        PLAN_PRICING_TERMS.early,
      );

      const unpaid = await organization({ tier: 'free' });
      await subscriptionOf(unpaid.orgId, 'sub_dunned', { status: 'canceled' });
      await db.query("INSERT INTO dunning_cases (invoice_id, org_id, subscription_id, status) VALUES ('in_dunned', $1, 'sub_dunned', 'downgraded')", [unpaid.orgId]);
      expect(await activities.loadPricingTerms({ orgId: unpaid.orgId, subscriptionId: 'sub_dunned' })).toMatchObject({ tier: 'free', rule: 'free' });

      // Replaced by a contract while its payment was still being retried: its last period was not paid either.
      const replacedUnpaid = await organization({ tier: 'enterprise' });
      await subscriptionOf(replacedUnpaid.orgId, 'sub_replaced_unpaid', { status: 'canceled' });
      await subscriptionOf(replacedUnpaid.orgId, 'sub_still_retrying', { status: 'past_due' });
      for (const [invoice, subscription] of [['in_replaced_unpaid', 'sub_replaced_unpaid'], ['in_still_retrying', 'sub_still_retrying']]) {
        await db.query("INSERT INTO dunning_cases (invoice_id, org_id, subscription_id, status) VALUES ($1, $2, $3, 'open')", [invoice, replacedUnpaid.orgId, subscription]);
      }
      expect(await activities.loadPricingTerms({ orgId: replacedUnpaid.orgId, subscriptionId: 'sub_replaced_unpaid' })).toMatchObject({ rule: 'free' });
      // A period before the failed payment, settled while the subscription still runs, was paid: priced by its plan.
      expect(await activities.loadPricingTerms({ orgId: replacedUnpaid.orgId, subscriptionId: 'sub_still_retrying' })).toEqual(PLAN_PRICING_TERMS.early);
    });

    async function apply(orgId: string, subscriptionId: string, terms: PricingTerms, spend: Pick<MeasuredAiSpend, 'amount' | 'rowCount'>) {
      return activities.applyPeriodCharge({
        orgId,
        subscriptionId,
        periodStart,
        periodEnd,
        terms,
        charge: spendBasedCharge(terms, { ...spend, currency: 'USD' }),
        idempotencyKey: `billing-period:${subscriptionId}:${periodStart}`,
      });
    }

    it('credits the difference to the flat price on the next invoice, once, naming the rule and the spend', async () => {
      const org = await organization({ customer: FIXTURE_CUSTOMER });
      await subscriptionOf(org.orgId, 'sub_early_period');
      const terms = await activities.loadPricingTerms({ orgId: org.orgId, subscriptionId: 'sub_early_period' });
      const applied = await apply(org.orgId, 'sub_early_period', terms, { amount: '1234.56', rowCount: 412 });

      const [item] = stripe.writes();
      expect(stripe.writes()).toHaveLength(1);
      expect([item.path, item.idempotencyKey]).toEqual(['/v1/invoiceitems', 'billing-period:sub_early_period:2026-10-01T00:00:00.000Z']);
      expect(Object.fromEntries(['customer', 'subscription', 'amount', 'currency', 'period[start]', 'period[end]'].map((k) => [k, item.form.get(k)]))).toEqual({
        customer: FIXTURE_CUSTOMER,
        subscription: 'sub_early_period',
        amount: '-7431',
        currency: 'usd',
        'period[start]': String(Date.parse(periodStart) / 1000),
        'period[end]': String(Date.parse(periodEnd) / 1000),
      });
      expect(item.form.get('description')).toBe(
        'AI spend-based price, 2026-10-01 to 2026-11-01: 2% of $1,234.56 measured AI spend (412 cost rows), less than the $99.00 flat price. ' +
          'Credit of $74.31 against the $99.00 flat price billed in advance',
      );
      expect(applied).toEqual({ stripeInvoiceItemId: expect.stringMatching(/^ii_/), adjustmentCents: -7431, appliedNow: true });
      const [row] = await db.query('SELECT * FROM billing_period_charges WHERE subscription_id = $1', ['sub_early_period']);
      expect(row).toMatchObject({
        org_id: org.orgId,
        tier: 'early',
        rule: 'percent_of_spend',
        measured_spend: '1234.56',
        spend_row_count: 412,
        flat_cents: 9900,
        percent: '2.00',
        charge_cents: '2469',
        stripe_invoice_item_id: applied.stripeInvoiceItemId,
      });
      expect(row.applied_at).toBeInstanceOf(Date);

      stripe.clear();
      expect(await apply(org.orgId, 'sub_early_period', terms, { amount: '99999', rowCount: 1 })).toEqual({ ...applied, appliedNow: false });
      expect(stripe.writes()).toEqual([]);
    });

    it('sends the same idempotency key again when the answer to the first request was lost', async () => {
      const org = await organization({ customer: FIXTURE_CUSTOMER });
      await subscriptionOf(org.orgId, 'sub_lost_answer');
      const terms = await activities.loadPricingTerms({ orgId: org.orgId, subscriptionId: 'sub_lost_answer' });
      stripe.loseAnswers('/v1/invoiceitems', 1);
      await apply(org.orgId, 'sub_lost_answer', terms, { amount: '10', rowCount: 1 });

      const items = stripe.writes();
      expect(items.length).toBeGreaterThanOrEqual(2);
      expect(new Set(items.map((r) => r.idempotencyKey))).toEqual(new Set(['billing-period:sub_lost_answer:2026-10-01T00:00:00.000Z']));
      expect(await db.query('SELECT count(*)::int AS n FROM billing_period_charges WHERE subscription_id = $1', ['sub_lost_answer'])).toEqual([{ n: 1 }]);
    });

    it('bills nothing when the spend-based price equals the flat price already billed, or the period was a free trial', async () => {
      const org = await organization({ customer: FIXTURE_CUSTOMER });
      await subscriptionOf(org.orgId, 'sub_flat');
      await subscriptionOf(org.orgId, 'sub_trial_period', { status: 'trialing', trialEnd: periodEnd });
      const terms = await activities.loadPricingTerms({ orgId: org.orgId, subscriptionId: 'sub_flat' });

      expect(await apply(org.orgId, 'sub_flat', terms, { amount: '0', rowCount: 0 })).toEqual({ stripeInvoiceItemId: null, adjustmentCents: 0, appliedNow: true });
      expect(await apply(org.orgId, 'sub_trial_period', terms, { amount: '500', rowCount: 3 })).toEqual({ stripeInvoiceItemId: null, adjustmentCents: 0, appliedNow: true });
      expect(stripe.requests).toEqual([]);
      const rows = await db.query('SELECT subscription_id, rule, charge_cents, description FROM billing_period_charges WHERE org_id = $1 ORDER BY 1', [org.orgId]);
      expect(rows).toEqual([
        { subscription_id: 'sub_flat', rule: 'flat_price', charge_cents: '9900', description: '$99.00 flat price: no measured AI spend this period' },
        { subscription_id: 'sub_trial_period', rule: 'trial', charge_cents: '0', description: 'Free trial: no charge' },
      ]);
    });

    it('sends an Enterprise contract its whole charge on an invoice of its own, nothing having been billed in advance', async () => {
      const org = await organization({ customer: FIXTURE_CUSTOMER, tier: 'enterprise' });
      await db.query(
        "INSERT INTO organization_plan_overrides (org_id, contract_percent, contract_minimum_cents, contract_subscription_id) VALUES ($1, 10, 500000, 'sub_contract')",
        [org.orgId],
      );
      // Its last period: the contract's subscription has ended, and the charge is still sent.
      await subscriptionOf(org.orgId, 'sub_contract', { tier: 'enterprise', status: 'canceled' });
      const terms = await activities.loadPricingTerms({ orgId: org.orgId, subscriptionId: 'sub_contract' });
      const applied = await apply(org.orgId, 'sub_contract', terms, { amount: '100000.00', rowCount: 3000 });

      expect(applied).toEqual({ stripeInvoiceItemId: expect.stringMatching(/^ii_/), adjustmentCents: 1000000, appliedNow: true });
      const key = 'billing-period:sub_contract:2026-10-01T00:00:00.000Z';
      const [invoice, item, send] = stripe.writes();
      expect(stripe.writes()).toHaveLength(3);
      expect([invoice.path, invoice.idempotencyKey]).toEqual(['/v1/invoices', `${key}:invoice`]);
      expect(Object.fromEntries(['customer', 'currency', 'collection_method', 'days_until_due', 'pending_invoice_items_behavior'].map((k) => [k, invoice.form.get(k)]))).toEqual({
        customer: FIXTURE_CUSTOMER,
        currency: 'usd',
        collection_method: 'send_invoice',
        days_until_due: '30',
        pending_invoice_items_behavior: 'exclude',
      });
      expect([item.path, item.idempotencyKey, item.form.get('invoice'), item.form.get('amount'), item.form.get('subscription')]).toEqual([
        '/v1/invoiceitems',
        key,
        expect.stringMatching(/^in_/),
        '1000000',
        null,
      ]);
      expect(item.form.get('description')).toBe(
        'AI spend-based price, 2026-10-01 to 2026-11-01: 10% of $100,000.00 measured AI spend (3,000 cost rows), above the $5,000.00 contract minimum',
      );
      expect([send.path, send.idempotencyKey]).toEqual([`/v1/invoices/${item.form.get('invoice')}/send`, `${key}:send`]);
      const [row] = await db.query('SELECT stripe_invoice_id, stripe_invoice_item_id FROM billing_period_charges WHERE subscription_id = $1', ['sub_contract']);
      expect(row).toEqual({ stripe_invoice_id: item.form.get('invoice'), stripe_invoice_item_id: applied.stripeInvoiceItemId });
    });

    it("resumes a contract period's own invoice after a failed attempt, whatever time has passed, and sends no second one", async () => {
      const org = await organization({ customer: FIXTURE_CUSTOMER, tier: 'enterprise' });
      await db.query(
        "INSERT INTO organization_plan_overrides (org_id, contract_percent, contract_minimum_cents, contract_subscription_id) VALUES ($1, 10, 500000, 'sub_contract_resumed')",
        [org.orgId],
      );
      await subscriptionOf(org.orgId, 'sub_contract_resumed', { tier: 'enterprise' });
      const terms = await activities.loadPricingTerms({ orgId: org.orgId, subscriptionId: 'sub_contract_resumed' });
      // Sending the invoice never gets an answer: the attempt fails after the invoice was made.
      stripe.loseAnswers('/v1/invoices/', 3);
      await expect(apply(org.orgId, 'sub_contract_resumed', terms, { amount: '0', rowCount: 0 })).rejects.toThrow();
      const [{ stripe_invoice_id: invoiceId, applied_at: notYet }] = await db.query(
        'SELECT stripe_invoice_id, applied_at FROM billing_period_charges WHERE subscription_id = $1',
        ['sub_contract_resumed'],
      );
      expect([invoiceId, notYet]).toEqual([expect.stringMatching(/^in_/), null]);

      stripe.clear();
      expect(await apply(org.orgId, 'sub_contract_resumed', terms, { amount: '0', rowCount: 0 })).toMatchObject({ adjustmentCents: 500000, appliedNow: true });
      // The same invoice, read back (it already has its line) and sent; nothing created again.
      expect(stripe.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`GET /v1/invoices/${invoiceId}`, `POST /v1/invoices/${invoiceId}/send`]);
      const [{ applied_at: applied }] = await db.query('SELECT applied_at FROM billing_period_charges WHERE subscription_id = $1', ['sub_contract_resumed']);
      expect(applied).toBeInstanceOf(Date);
    });

    it('keeps a computed charge unapplied while payments are disabled, and applies it once they are back', async () => {
      const org = await organization({ customer: FIXTURE_CUSTOMER });
      await subscriptionOf(org.orgId, 'sub_paused');
      const terms = await activities.loadPricingTerms({ orgId: org.orgId, subscriptionId: 'sub_paused' });
      await disablePayments();
      await expect(apply(org.orgId, 'sub_paused', terms, { amount: '100', rowCount: 1 })).rejects.toMatchObject({ type: 'PaymentsDisabled' });
      expect(stripe.requests).toEqual([]);
      const [paused] = await db.query('SELECT charge_cents, applied_at FROM billing_period_charges WHERE subscription_id = $1', ['sub_paused']);
      expect(paused).toEqual({ charge_cents: '200', applied_at: null });

      await db.query('DELETE FROM feature_flag_overrides');
      expect(await apply(org.orgId, 'sub_paused', terms, { amount: '100', rowCount: 1 })).toMatchObject({ adjustmentCents: -9700, appliedNow: true });
      expect(stripe.writes()).toHaveLength(1);
    });
  });
});
