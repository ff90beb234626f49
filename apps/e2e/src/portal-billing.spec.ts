import { Client as Pg } from 'pg';
import { Page } from 'playwright-core';
import type { PlanView } from '@apex/contracts';
import { Stack, StaticPortalHandle } from '@apex/devstack';
import {
  invoiceObject,
  paymentMethodObject,
  postStripeWebhook,
  startStripeMock,
  stripeEvent,
  stripeFixtureObject,
  StripeMockHandle,
  subscriptionObject,
  TEST_STRIPE_WEBHOOK_SECRET,
  waitFor,
} from '@apex/testing';
import { OPERATOR, operatorSession } from './support/operator';
import { dialogOpened, expectText, expectVisible, shoot, waitForCount } from './support/portal-page';
import { signUp } from './support/portal-sign-up';
import { PortalStack, startPortalStack } from './support/portal-stack';

const OWNER = { name: 'Grace Hopper', organization: 'Compilers Inc', email: 'grace@compilers.example', password: 'nanoseconds of wire' };

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A pretend Stripe-hosted page: the browser has no internet, and only the address it was sent to matters. */
const stripePage = (title: string) => ({ status: 200, contentType: 'text/html', body: `<!doctype html><title>${title}</title><h1>${title}</h1>` });

/**
 * An owner buys Apex from the portal with payments on against stripe-mock: compares the plans, starts the
 * trial, follows it in the banner, goes through Stripe Checkout (the test plays Stripe's webhooks), and manages
 * the subscription on /billing; then an operator turns payments off and the page explains it; last, an operator
 * sells the organisation an Enterprise contract from the operators' page.
 */
describe('Portal: billing, upgrade, trial and Stripe Checkout', () => {
  let stripeMock: StripeMockHandle;
  let env: PortalStack;
  let stack: Stack;
  let portal: StaticPortalHandle;
  let page: Page;
  let db: Pg;
  let plans: PlanView[];

  beforeAll(async () => {
    stripeMock = await startStripeMock();
    env = await startPortalStack({
      name: 'billing',
      env: {
        STRIPE_SECRET_KEY: 'sk_test_apexportalbilling',
        STRIPE_WEBHOOK_SECRET: TEST_STRIPE_WEBHOOK_SECRET,
        STRIPE_API_URL: stripeMock.url,
        FLAG_PAYMENTS_ENABLED: 'true',
      },
    });
    ({ stack, portal, page } = env);
    await page.route('https://checkout.stripe.com/**', (route) => route.fulfill(stripePage('Stripe Checkout')));
    // stripe-mock's customer portal sessions point at a Stripe development host.
    await page.route(
      (url) => url.protocol === 'https:' && /(^|\.)stripe\.(com|me)$/.test(url.hostname) && url.hostname !== 'checkout.stripe.com',
      (route) => route.fulfill(stripePage('Stripe customer portal')),
    );
    db = new Pg({ connectionString: stack.databaseUrl });
    await db.connect();
    plans = (await (await fetch(`${stack.apiUrl}/api/v1/plans`)).json()) as PlanView[];
  });

  afterAll(async () => {
    await db?.end();
    await env?.stop();
    await stripeMock?.stop();
  });

  const dialog = () => page.getByRole('dialog');
  const banner = () => page.getByTestId('trial-banner');
  const card = (tier: string) => page.locator(`[data-tier="${tier}"]`);
  const plan = (tier: string) => {
    const found = plans.find((p) => p.tier === tier);
    if (!found) throw new Error(`GET /plans has no ${tier} plan`);
    return found;
  };

  it('signs up and compares the four plans on /upgrade, each price rule stated from GET /plans', async () => {
    await signUp(page, portal.url, OWNER, stack.smtp!);
    expect(await banner().count()).toBe(0);

    await page.getByRole('link', { name: 'Billing' }).click();
    await page.waitForURL(/\/app\/billing$/);
    await expectText(page.getByTestId('plan-name'), 'Free');
    await expectText(page.getByTestId('estimate-none'), 'The Free plan costs nothing.');
    await page.getByRole('link', { name: 'Compare plans and upgrade' }).click();
    await page.waitForURL(/\/app\/upgrade$/);

    await expectVisible(card('enterprise'));
    expect(await page.locator('[data-tier] h2').allTextContents()).toEqual(['Free', 'Early', 'Mid', 'Enterprise']);
    for (const tier of ['early', 'mid']) {
      const { flatMonthlyCents, percentOfSpend } = plan(tier).pricing;
      // "$99/month or 2% …": the amounts of GET /plans, in words.
      const rule = `$${Number(flatMonthlyCents) / 100}/month or ${Number(percentOfSpend)}% of your measured AI spend, whichever is less`;
      await expectText(card(tier).getByTestId('price-rule'), rule);
    }
    expect(await card('early').getByTestId('price-rule').textContent()).toContain('$99/month or 2% of your measured AI spend, whichever is less');
    expect(await card('mid').getByTestId('price-rule').textContent()).toContain('$499/month or 5% of your measured AI spend, whichever is less');
    const { contractPercentMin, contractPercentMax } = plan('enterprise').pricing;
    await expectText(card('enterprise').getByTestId('price-rule'), `${Number(contractPercentMin)}–${Number(contractPercentMax)}% of your measured AI spend, by contract`);
    await expectText(card('free').getByTestId('current-plan'), 'Your plan');
    expect(await card('enterprise').getByRole('link', { name: 'Talk to sales' }).getAttribute('href')).toBe('/enterprise');
    await expectVisible(card('early').getByRole('button', { name: 'Subscribe to Early' }));
    await expectVisible(card('mid').getByRole('button', { name: 'Subscribe to Mid' }));
    await expectText(page.getByTestId('trial-offer'), 'Try Early free');
    await shoot(page, 'billing-upgrade.png', { fullPage: true });
  });

  it('starts the Early trial: the banner shows 7 days left and links to adding a payment method', async () => {
    const [started] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/v1/billing/trial') && r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Start 7-day Early trial' }).click(),
    ]);
    expect(started.status()).toBe(201);

    await expectText(page.getByTestId('upgrade-notice'), 'Your Early trial has started: 7 days left.');
    await expectText(banner().getByTestId('trial-days-left'), '7 days left in your Early trial');
    await expectText(banner(), 'Add a payment method to keep Early when it ends');
    expect(await page.getByTestId('trial-offer').count()).toBe(0);
    await expectText(card('early').getByTestId('current-plan'), 'Your plan · trial');
    await expectVisible(card('early').getByRole('button', { name: 'Keep Early', exact: true }));
    await expectText(card('early'), 'The first payment is when your trial ends.');
    await shoot(page, 'billing-trial-banner.png');

    // The banner follows the owner around the signed-in portal.
    await page.getByRole('link', { name: 'Dashboard' }).click();
    await page.waitForURL(/\/app$/);
    await expectText(banner().getByTestId('trial-days-left'), '7 days left in your Early trial');
  });

  it('shows the trial on /billing: nothing charged yet, the rule that follows, no payment method', async () => {
    await banner().getByRole('link', { name: 'Add a payment method' }).click();
    await page.waitForURL(/\/app\/billing#payment-method$/);

    await expectText(page.getByTestId('plan-name'), 'Early');
    await expectText(page.getByTestId('plan-status'), 'Trial');
    await expectText(page.getByTestId('trial-state'), 'Free trial: 7 days left');
    await expectText(page.getByTestId('estimate-trial'), 'Nothing is charged during your trial.');
    await expectText(page.getByTestId('estimate-after-trial'), 'After it: $99/month or 2% of your measured AI spend, whichever is less.');
    await expectText(page.getByTestId('payment-method'), 'No payment method on file.');
    await expectVisible(page.getByRole('button', { name: 'Manage payment methods and invoices' }));
    await shoot(page, 'billing-page-trial.png', { fullPage: true });
  });

  it('sends the owner to the Stripe Checkout page the API created', async () => {
    await page.goto(`${portal.url}/app/upgrade`);
    const answers = await keepAnswers(page, '/billing/checkout');
    await card('early').getByRole('button', { name: 'Keep Early', exact: true }).click();
    await page.waitForURL(/^https:\/\/checkout\.stripe\.com\//, { timeout: 15_000 });
    await page.unroute('**/api/v1/billing/checkout');

    expect(answers).toHaveLength(1);
    const [checkout] = answers;
    expect(checkout.status).toBe(201);
    expect(checkout.sent).toEqual({ tier: 'early' });
    expect(checkout.body.url).toMatch(/^https:\/\/checkout\.stripe\.com\//);
    expect(page.url()).toBe(new URL(checkout.body.url).href);
    await expectText(page.locator('h1'), 'Stripe Checkout');
  });

  it('after Stripe confirms by webhook, /billing shows the subscription, the estimate from no measured spend, the card and the invoice', async () => {
    const stripe = await playStripeCheckout(stack, db, OWNER.email);
    // Paying during the trial converts it: the trial workflow records that.
    await waitFor(
      async () => (await db.query('SELECT status FROM trials')).rows[0]?.status,
      (status) => status === 'converted',
      { timeoutMs: 30_000, what: 'the trial to be converted' },
    );

    // Stripe sends the owner back to APP_URL/billing?checkout=success.
    await page.goto(`${portal.url}/billing?checkout=success`);
    await page.waitForURL(/\/app\/billing\?checkout=success$/);
    await expectText(page.getByTestId('checkout-notice'), 'Thank you: Stripe confirmed your subscription to Early.');
    await expectText(page.getByTestId('plan-name'), 'Early');
    await expectText(page.getByTestId('plan-status'), 'Trial');
    await expectText(page.getByTestId('renewal'), `The first payment is on ${dayMonthYear(stripe.trialEndsAt)}, when the trial ends.`);
    await expectText(page.getByTestId('price-rule'), 'Price: $99/month or 2% of your measured AI spend, whichever is less.');
    await expectText(page.getByTestId('estimate-after-trial'), 'After it, at the AI spend measured so far: $99.00 a month.');
    await expectText(page.getByTestId('estimate-explanation'), 'No AI spend has been measured this period, so the flat price applies.');
    await expectText(page.getByTestId('no-spend'), 'No AI spend measured yet');
    await expectText(page.getByTestId('payment-method'), 'Visa ending 4242');
    const invoice = page.getByTestId('invoice-row');
    await expectText(invoice, stripe.invoiceNumber);
    await expectText(invoice, '$0.00');
    await expectText(invoice, 'Paid');
    expect(await invoice.getByRole('link').getAttribute('href')).toBe(stripe.invoiceUrl);
    // The trial is over: the banner has nothing left to ask.
    expect(await banner().count()).toBe(0);
    await shoot(page, 'billing-page.png', { fullPage: true });
  });

  it('opens Stripe’s customer portal for payment methods and invoices', async () => {
    const answers = await keepAnswers(page, '/billing/portal');
    await page.getByRole('button', { name: 'Manage payment methods and invoices' }).click();
    await page.waitForURL((address) => address.protocol === 'https:', { timeout: 15_000 });
    await page.unroute('**/api/v1/billing/portal');

    expect(answers.map((answer) => answer.status)).toEqual([201]);
    expect(page.url()).toBe(new URL(answers[0].body.url).href);
    await expectText(page.locator('h1'), 'Stripe customer portal');
  });

  it('asks before switching to Mid, saying the change is prorated, and sends it to Stripe', async () => {
    await page.goto(`${portal.url}/app/billing`);
    await page.getByRole('button', { name: 'Switch to Mid' }).click();
    await dialogOpened(page);
    await expectText(dialog(), 'Your subscription moves from Early to Mid now, prorated');
    await expectText(dialog(), 'From then on Mid costs $499/month or 5% of your measured AI spend, whichever is less.');
    await shoot(page, 'billing-change-plan-confirm.png');

    const [changed] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/v1/billing/subscription') && r.request().method() === 'POST'),
      dialog().getByRole('button', { name: 'Switch to Mid' }).click(),
    ]);
    expect(changed.status()).toBe(200);
    expect(changed.request().postDataJSON()).toEqual({ tier: 'mid' });
    await expectText(page.getByTestId('billing-notice'), 'Stripe is moving your subscription to Mid, prorated.');
    // The plan changes when Stripe confirms it by webhook, not on the strength of the request.
    await expectText(page.getByTestId('plan-name'), 'Early');
  });

  it('cancels at the end of the period after a confirmation that says when, then shows the end date', async () => {
    const [{ current_period_end: periodEnd }] = (await db.query('SELECT current_period_end FROM subscriptions')).rows as { current_period_end: Date }[];
    await page.getByRole('button', { name: 'Cancel subscription' }).click();
    await dialogOpened(page);
    await expectText(dialog(), `Early stays active until ${dayMonthYear(periodEnd)}. Then your organisation moves to the Free plan`);
    await shoot(page, 'billing-cancel-confirm.png');

    const [cancelled] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/v1/billing/subscription') && r.request().method() === 'DELETE'),
      dialog().getByRole('button', { name: 'Cancel at period end' }).click(),
    ]);
    expect(cancelled.status()).toBe(200);
    await expectText(page.getByTestId('cancellation'), `Early ends on ${dayMonthYear(periodEnd)}.`);
    expect(await page.getByRole('button', { name: 'Cancel subscription' }).count()).toBe(0);
    await page.reload();
    await expectText(page.getByTestId('cancellation'), `Early ends on ${dayMonthYear(periodEnd)}.`);
    await shoot(page, 'billing-page-cancelled.png', { fullPage: true });
  });

  it('with payments turned off by an operator, the billing page still loads and explains that billing is not available', async () => {
    await setPaymentsEnabled(stack, false);
    await page.reload();

    await expectText(page.getByTestId('payments-disabled'), 'Billing is not available right now.');
    await expectText(page.getByTestId('plan-name'), 'Early');
    expect(await page.getByRole('button', { name: 'Manage payment methods and invoices' }).count()).toBe(0);
    expect(await page.getByRole('alert').count()).toBe(0);
    await shoot(page, 'billing-payments-disabled.png', { fullPage: true });

    await page.goto(`${portal.url}/app/upgrade`);
    await expectText(page.getByTestId('payments-disabled'), 'Buying a plan is not available right now.');
    await expectVisible(card('mid'));
    expect(await page.locator('[data-tier] button').count()).toBe(0);
  });

  it('an operator finds the organisation and sells it an Enterprise contract, which the owner’s billing page then states', async () => {
    // The operator tool has made the operator's account on the way.
    await setPaymentsEnabled(stack, true);
    const operatorContext = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const ops = await operatorContext.newPage();
      await ops.goto(`${portal.url}/login`);
      await ops.getByLabel('Email').fill(OPERATOR.email);
      await ops.getByLabel('Password').fill(OPERATOR.password);
      await ops.getByRole('button', { name: 'Log in' }).click();
      await ops.waitForURL(/\/app$/);
      await ops.getByRole('link', { name: 'Operators' }).click();
      await ops.waitForURL(/\/app\/admin\/organizations$/);

      // The search goes out as the operator stops typing.
      await Promise.all([
        ops.waitForResponse((r) => r.url().includes('/api/v1/admin/organizations?search=Compilers') && r.status() === 200),
        ops.getByLabel('Search organisations').fill('Compilers'),
      ]);
      await waitForCount(ops.getByTestId('organization-row'), 1);
      const row = ops.getByTestId('organization-row');
      await expectText(row, OWNER.organization);
      await expectText(row, OWNER.email);
      await row.getByRole('button', { name: OWNER.organization }).click();
      await expectText(ops.getByTestId('org-plan'), 'Early');
      await expectText(ops.getByTestId('org-contract'), 'No Enterprise contract');

      const percent = ops.getByLabel('Percent of measured AI spend');
      await percent.fill('16');
      await ops.getByLabel('Monthly minimum').fill('2500');
      await ops.getByRole('button', { name: 'Set Enterprise contract' }).click();
      await expectText(ops.getByTestId('percent-error'), 'The percent must be from 8 to 15.');
      expect(await ops.getByRole('dialog').count()).toBe(0);

      await percent.fill('12.5');
      await ops.getByRole('button', { name: 'Set Enterprise contract' }).click();
      await dialogOpened(ops);
      const confirm = ops.getByRole('dialog');
      await expectText(confirm, 'This moves Compilers Inc to Enterprise at 12.5% of measured AI spend, at least $2,500 a month.');
      await expectText(confirm, 'ends a running Early or Mid subscription or trial now');
      await shoot(ops, 'admin-enterprise-terms-confirm.png');

      const [set] = await Promise.all([
        ops.waitForResponse((r) => r.url().endsWith('/enterprise-terms') && r.request().method() === 'PUT'),
        confirm.getByRole('button', { name: 'Move to Enterprise' }).click(),
      ]);
      expect(set.status()).toBe(200);
      expect(set.request().postDataJSON()).toEqual({ percent: '12.50', minimumCents: 250000 });
      const { subscriptionId } = (await set.json()) as { subscriptionId: string };
      expect(subscriptionId).toMatch(/^sub_/);
      await expectText(ops.getByTestId('terms-notice'), `Stripe bills the contract on subscription ${subscriptionId}.`);
      await expectText(ops.getByTestId('org-plan'), 'Enterprise');
      await expectText(ops.getByTestId('org-contract'), '12.5% of measured AI spend, at least $2,500 a month');
      await expectText(ops.getByTestId('org-contract-subscription'), subscriptionId);
      await shoot(ops, 'admin-enterprise-terms.png', { fullPage: true });
    } finally {
      await operatorContext.close();
    }

    await page.goto(`${portal.url}/app/billing`);
    await expectText(page.getByTestId('plan-name'), 'Enterprise');
    await expectText(page.getByTestId('price-rule'), 'Your Enterprise contract: 12.5% of your measured AI spend each period, at least $2,500.');
  });
});

interface ApiAnswer {
  status: number;
  sent: unknown;
  body: Json;
}

/**
 * Lets the portal's calls to `path` through to the API and keeps each answer: once the portal has followed an
 * answer to Stripe, the browser no longer holds its body.
 */
async function keepAnswers(page: Page, path: string): Promise<ApiAnswer[]> {
  const answers: ApiAnswer[] = [];
  await page.route(`**/api/v1${path}`, async (route) => {
    const response = await route.fetch();
    answers.push({ status: response.status(), sent: route.request().postDataJSON(), body: (await response.json()) as Json });
    await route.fulfill({ response });
  });
  return answers;
}

interface StripeCheckoutResult {
  trialEndsAt: Date;
  invoiceNumber: string;
  invoiceUrl: string;
}

/**
 * What Stripe sends after the owner pays in Checkout during the trial: the completed session, the subscription
 * (in Stripe's trial until Apex's trial ends), the card, and the trial's $0 invoice, each signed.
 */
async function playStripeCheckout(stack: Stack, db: Pg, ownerEmail: string): Promise<StripeCheckoutResult> {
  const [org] = (
    await db.query(
      `SELECT o.id, o.stripe_customer_id, t.ends_at FROM organizations o JOIN users u ON u.org_id = o.id JOIN trials t ON t.org_id = o.id
        WHERE u.email = $1`,
      [ownerEmail],
    )
  ).rows as { id: string; stripe_customer_id: string | null; ends_at: Date }[];
  expect(org.stripe_customer_id).toMatch(/^cus_/);
  const customerId = org.stripe_customer_id as string;
  const now = Math.floor(Date.now() / 1000);
  const trialEnd = Math.floor(org.ends_at.getTime() / 1000);
  const subscriptionId = `sub_test_portal_${now}`;
  const metadata = { org_id: org.id, tier: 'early' };

  const session = stripeFixtureObject('checkout.session.completed') as Json;
  Object.assign(session, { customer: customerId, subscription: subscriptionId, client_reference_id: org.id, mode: 'subscription', status: 'complete', metadata });

  const subscription = subscriptionObject({ id: subscriptionId, customerId, status: 'trialing', tier: 'early', periodStart: now, periodEnd: trialEnd, metadata });
  Object.assign(subscription, { trial_start: now, trial_end: trialEnd });

  const card = paymentMethodObject(customerId, '4242');

  const invoiceNumber = 'APEX-TRIAL-0001';
  const invoiceUrl = 'https://invoice.stripe.com/i/acct_test/in_test_portal';
  const invoice = invoiceObject({ id: `in_test_portal_${now}`, customerId, subscriptionId, status: 'paid', attemptCount: 0, amountDueCents: 0, paidAt: now });
  Object.assign(invoice, { number: invoiceNumber, currency: 'usd', hosted_invoice_url: invoiceUrl, period_start: now, period_end: now, created: now });

  for (const [type, object] of [
    ['checkout.session.completed', session],
    ['customer.subscription.created', subscription],
    ['payment_method.attached', card],
    ['invoice.paid', invoice],
  ] as const) {
    const response = await postStripeWebhook(stack.apiUrl, stripeEvent(type, object));
    expect({ type, status: response.status }).toEqual({ type, status: 200 });
  }
  return { trialEndsAt: org.ends_at, invoiceNumber, invoiceUrl };
}

/** What an Apex operator does to turn payments off: the operator tool, then the admin API. */
async function setPaymentsEnabled(stack: Stack, enabled: boolean): Promise<void> {
  const flag = await fetch(`${stack.apiUrl}/api/v1/admin/feature-flags/payments_enabled`, {
    method: 'PUT',
    headers: { ...(await operatorSession(stack)), 'content-type': 'application/json' },
    body: JSON.stringify({ enabled }),
  });
  expect(flag.status).toBe(200);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A date as the portal shows it ('d MMM y', local time): "1 Dec 2026". */
function dayMonthYear(at: Date): string {
  return `${at.getDate()} ${MONTHS[at.getMonth()]} ${at.getFullYear()}`;
}
