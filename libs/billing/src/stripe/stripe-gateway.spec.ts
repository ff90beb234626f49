import { AppConfig } from '@apex/config';
import { signStripePayload, startStripeMock, stripeEvent, StripeMockHandle, TEST_STRIPE_WEBHOOK_SECRET } from '@apex/testing';
import { StripeGateway, StripeNotConfiguredError, WebhookVerificationError } from './stripe-gateway';

const config = (env: Record<string, string>) =>
  AppConfig.fromEnv({
    DATABASE_URL: 'postgres://apex:apex@127.0.0.1:1/apex',
    TEMPORAL_ADDRESS: '127.0.0.1:1',
    SMTP_URL: 'smtp://127.0.0.1:1',
    JWT_SECRET: 'gateway-test-secret-'.padEnd(40, 'x'),
    STRIPE_WEBHOOK_SECRET: TEST_STRIPE_WEBHOOK_SECRET,
    ...env,
  });

/**
 * Every call the billing code makes, sent to stripe-mock, which checks each request against Stripe's OpenAPI
 * description (a parameter Stripe does not accept fails here) and answers with fixture objects.
 */
describe('StripeGateway against a server that speaks Stripe’s API', () => {
  let mock: StripeMockHandle;
  let stripe: StripeGateway;

  beforeAll(async () => {
    mock = await startStripeMock();
    stripe = new StripeGateway(config({ STRIPE_SECRET_KEY: 'sk_test_gatewaytests', STRIPE_API_URL: mock.url }));
  });
  afterAll(() => mock?.stop());

  it('creates a customer, a checkout session with and without trial days, and a portal session', async () => {
    const customerId = await stripe.createCustomer({ orgId: 'org-1', name: 'Engines Ltd', email: 'ada@example.com' }, 'customer:org-1');
    expect(customerId).toMatch(/^cus_/);
    for (const trialDays of [undefined, 4]) {
      const session = await stripe.createCheckoutSession(
        { orgId: 'org-1', customerId, tier: 'mid', successUrl: 'http://localhost:4200/billing', cancelUrl: 'http://localhost:4200/upgrade', trialDays },
        `checkout:${trialDays}`,
      );
      expect(session.url).toMatch(/^https:\/\/checkout\.stripe\.com\//);
    }
    expect((await stripe.createPortalSession(customerId, 'http://localhost:4200/billing', 'portal:1')).url).toMatch(/^https:\/\//);
  });

  it('finds the price of a tier by its lookup key', async () => {
    expect(await stripe.priceIdFor('early')).toMatch(/^price_/);
  });

  it('creates, changes, cancels at period end and cancels now a subscription', async () => {
    const created = await stripe.createSubscription({ orgId: 'org-1', customerId: 'cus_1', tier: 'early', defaultPaymentMethodId: 'pm_1' }, 'sub:1');
    expect(created.id).toMatch(/^sub_/);
    expect((await stripe.changeSubscriptionTier({ orgId: 'org-1', subscriptionId: created.id, tier: 'mid' }, 'change:1')).id).toBe(created.id);
    expect((await stripe.cancelAtPeriodEnd(created.id, 'cancel:1')).id).toBe(created.id);
    expect((await stripe.cancelNow(created.id, 'cancel-now:1')).id).toBe(created.id);
  });

  it('retrieves and pays an invoice, lists payment methods and adds an invoice item', async () => {
    expect((await stripe.retrieveInvoice('in_1')).id).toBe('in_1');
    const paid = await stripe.payInvoice('in_1', { paymentMethodId: 'pm_2' }, 'pay:1');
    expect(paid).toHaveProperty('paid');
    const methods = await stripe.listPaymentMethods('cus_1');
    expect(methods[0]).toMatchObject({ id: expect.stringMatching(/^pm_/), brand: expect.any(String), last4: expect.stringMatching(/^\d{4}$/) });
    const item = await stripe.createInvoiceItem(
      {
        customerId: 'cus_1',
        subscriptionId: 'sub_1',
        amountCents: -7431,
        currency: 'USD',
        description: '2% of $1,234.56 measured AI spend',
        period: { start: new Date('2026-01-01T00:00:00Z'), end: new Date('2026-02-01T00:00:00Z') },
        metadata: { rule: 'percent_of_spend' },
      },
      'billing-period:sub_1:2026-01-01',
    );
    expect(item.id).toMatch(/^ii_/);
    await expect(stripe.createInvoiceItem({ customerId: 'cus_1', amountCents: 1.5, currency: 'usd', description: 'x' }, 'k')).rejects.toThrow(/whole cents/);
  });

  it('verifies webhook signatures with the configured secret and tolerance', () => {
    const body = JSON.stringify(stripeEvent('invoice.paid', { id: 'in_1', object: 'invoice' }));
    expect(stripe.verifyWebhook(Buffer.from(body), signStripePayload(body))).toMatchObject({ type: 'invoice.paid', data: { object: { id: 'in_1' } } });
    expect(() => stripe.verifyWebhook(body, undefined)).toThrow(WebhookVerificationError);
    expect(() => stripe.verifyWebhook(body, signStripePayload(body, { timestamp: Math.floor(Date.now() / 1000) - 301 }))).toThrow(WebhookVerificationError);
  });

  it('without STRIPE_SECRET_KEY sends nothing and says what is missing', async () => {
    const unconfigured = new StripeGateway(config({}));
    expect(unconfigured.configured).toBe(false);
    await expect(unconfigured.createCustomer({ orgId: 'o', name: 'n', email: null }, 'k')).rejects.toThrow(StripeNotConfiguredError);
  });
});
