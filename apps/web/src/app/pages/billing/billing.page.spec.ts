import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ApplicationRef, signal } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { MatDialog } from '@angular/material/dialog';
import type { BillingOverview, MemberView, Role } from '@apex/contracts';
import { AuthService } from '../../core/auth/auth.service';
import { BillingPage, CHECKOUT_POLL_MS } from './billing.page';
import { StripeRedirect } from './stripe-redirect';
import { EARLY_SUBSCRIPTION, earlySubscriber, inTrial, me, NO_SPEND_ESTIMATE, overview, PLANS, problem } from './testing/billing-fixtures';

const API = '/api/v1';

describe('BillingPage', () => {
  let fixture: ComponentFixture<BillingPage>;
  let http: HttpTestingController;
  let go: jest.Mock;

  function open(options: { role?: Role; checkout?: string } = {}): void {
    go = jest.fn();
    TestBed.configureTestingModule({
      imports: [BillingPage],
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
        { provide: AuthService, useValue: { me: signal(me(options.role ?? 'owner', 'early')), reloadMe: jest.fn().mockResolvedValue(undefined) } },
        { provide: StripeRedirect, useValue: { go } },
        // The dialog closes at once, without its exit animation.
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(BillingPage);
    if (options.checkout) fixture.componentRef.setInput('checkout', options.checkout);
    fixture.detectChanges();
    http.expectOne(`${API}/plans`).flush(PLANS);
  }

  afterEach(() => {
    TestBed.inject(MatDialog).closeAll();
    http.verify();
    jest.useRealTimers();
  });

  const answer = (view: BillingOverview) => http.expectOne({ method: 'GET', url: `${API}/billing` }).flush(view);
  const page = () => {
    fixture.detectChanges();
    return fixture.nativeElement as HTMLElement;
  };
  const text = (testId: string) => page().querySelector(`[data-testid="${testId}"]`)?.textContent?.replace(/\s+/g, ' ').trim() ?? null;
  const button = (label: string) =>
    Array.from(page().querySelectorAll<HTMLButtonElement>('button')).find((b) => b.textContent?.trim() === label) ?? null;
  const press = (found: HTMLButtonElement | null) => {
    if (!found) throw new Error('no such button');
    found.click();
  };
  const settle = () => TestBed.inject(ApplicationRef).whenStable();
  const dialog = () => document.querySelector<HTMLElement>('apex-billing-confirm-dialog');
  const dialogButton = (label: string) =>
    Array.from(dialog()?.querySelectorAll<HTMLButtonElement>('button') ?? []).find((b) => b.textContent?.trim() === label) ?? null;

  it('shows an Early subscription: status, price rule, the estimate from no measured spend, the card and the invoices', () => {
    open();
    answer(earlySubscriber());

    expect(text('plan-name')).toBe('Early');
    expect(text('plan-status')).toBe('Active');
    expect(text('price-rule')).toBe('Price: $99/month or 2% of your measured AI spend, whichever is less.');
    expect(text('estimate-amount')).toBe('$99.00');
    expect(text('estimate-explanation')).toBe('No AI spend has been measured this period, so the flat price applies.');
    expect(text('no-spend')).toContain('No AI spend measured yet: Apex has no cost data for this period.');
    expect(page().querySelector('[data-testid="measured-spend"]')).toBeNull();
    expect(text('payment-method')).toBe('Visa ending 4242');
    expect(button('Manage payment methods and invoices')).not.toBeNull();

    const rows = page().querySelectorAll('[data-testid="invoice-row"]');
    expect(rows).toHaveLength(1);
    const row = rows[0].textContent?.replace(/\s+/g, ' ') ?? '';
    expect(row).toContain('APEX-0001');
    expect(row).toContain('$99.00');
    expect(row).toContain('Paid');
    expect(row).toContain('1 Mar 2026');
    expect(row).toContain('1 Mar – 1 Apr 2026');
    expect(rows[0].querySelector('a')?.getAttribute('href')).toBe('https://invoice.stripe.com/i/acct_test/in_test_1');
  });

  it('shows the measured spend and the rule that set the charge when spend was measured', () => {
    open();
    answer({
      ...earlySubscriber(),
      estimate: {
        ...NO_SPEND_ESTIMATE,
        measuredSpend: '1234.5678',
        spendRowCount: 42,
        chargeCents: 2469,
        appliedRule: 'percent_of_spend',
        explanation: '2% of $1,234.57 measured AI spend is less than $99.00: $24.69.',
      },
    });
    expect(text('estimate-amount')).toBe('$24.69');
    expect(text('estimate-explanation')).toBe('2% of $1,234.57 measured AI spend is less than $99.00: $24.69.');
    expect(text('measured-spend')).toBe('Measured AI spend so far: $1,234.57 from 42 cost rows.');
    expect(page().querySelector('[data-testid="no-spend"]')).toBeNull();
  });

  it('opens Stripe’s customer portal for the owner', () => {
    open();
    answer(earlySubscriber());
    press(button('Manage payment methods and invoices'));

    const request = http.expectOne({ method: 'POST', url: `${API}/billing/portal` });
    expect(request.request.headers.get('Idempotency-Key')).toEqual(expect.any(String));
    request.flush({ url: 'https://billing.stripe.com/p/session/test_123' });
    expect(go).toHaveBeenCalledWith('https://billing.stripe.com/p/session/test_123');
  });

  it('shows what the API said when Stripe refuses', () => {
    open();
    answer(earlySubscriber());
    press(button('Manage payment methods and invoices'));
    const refused = problem(502, 'payment-provider-error', 'The payment provider refused or could not be reached', 'Nothing changed in Apex; try again.');
    http.expectOne(`${API}/billing/portal`).flush(refused.body, refused.options);

    expect(text('billing-error')).toBe('The payment provider refused or could not be reached. Nothing changed in Apex; try again.');
    expect(go).not.toHaveBeenCalled();
    expect(button('Manage payment methods and invoices')?.disabled).toBe(false);
  });

  it('asks before switching plans, says the change is prorated and what the new plan costs, then sends it', async () => {
    open();
    answer(earlySubscriber());
    press(button('Switch to Mid'));
    await settle();

    const words = dialog()?.textContent?.replace(/\s+/g, ' ') ?? '';
    expect(words).toContain('Switch to Mid?');
    expect(words).toContain('Your subscription moves from Early to Mid now, prorated');
    expect(words).toContain('From then on Mid costs $499/month or 5% of your measured AI spend, whichever is less.');
    press(dialogButton('Switch to Mid'));
    await settle();

    const change = http.expectOne({ method: 'POST', url: `${API}/billing/subscription` });
    expect(change.request.body).toEqual({ tier: 'mid' });
    change.flush(EARLY_SUBSCRIPTION);
    answer(earlySubscriber());
    expect(text('billing-notice')).toBe('Stripe is moving your subscription to Mid, prorated. Your plan shows Mid as soon as Stripe confirms it.');
  });

  it('sends nothing when the person keeps their plan', async () => {
    open();
    answer(earlySubscriber());
    press(button('Cancel subscription'));
    await settle();
    press(dialogButton('Keep Early'));
    await settle();
    http.expectNone(`${API}/billing/subscription`);
  });

  it('cancels at the end of the period after confirmation, then says when the plan ends', async () => {
    open();
    answer(earlySubscriber());
    press(button('Cancel subscription'));
    await settle();

    expect(dialog()?.textContent).toContain('Early stays active until 1 Apr 2026. Then your organisation moves to the Free plan');
    press(dialogButton('Cancel at period end'));
    await settle();

    const cancel = http.expectOne({ method: 'DELETE', url: `${API}/billing/subscription` });
    cancel.flush({ ...EARLY_SUBSCRIPTION, cancelAtPeriodEnd: true });
    answer(earlySubscriber({ cancelAtPeriodEnd: true, subscription: { ...EARLY_SUBSCRIPTION, cancelAtPeriodEnd: true } }));

    expect(text('cancellation')).toBe('Early ends on 1 Apr 2026. Your organisation then moves to Free, and nothing more is charged.');
    expect(button('Cancel subscription')).toBeNull();
    expect(button('Switch to Mid')).toBeNull();
  });

  it('during a trial shows the days left and that nothing is charged yet, with no number made up', () => {
    open();
    answer(inTrial());
    expect(text('plan-status')).toBe('Trial');
    expect(text('trial-state')).toContain('Free trial: 7 days left');
    expect(text('trial-state')).toContain('Without a payment method your organisation moves back to Free when it ends.');
    expect(text('estimate-amount')).toBe('$0.00');
    expect(text('estimate-trial')).toBe('Nothing is charged during your trial.');
    expect(text('estimate-after-trial')).toBe('After it: $99/month or 2% of your measured AI spend, whichever is less.');
    expect(text('payment-method')).toBe('No payment method on file.');
    const keep = Array.from(page().querySelectorAll('a')).find((a) => a.textContent?.trim() === 'Keep Early after the trial');
    expect(keep?.getAttribute('href')).toBe('/app/upgrade');
  });

  it('with a subscription still in Stripe’s trial, shows the estimate as what the rule gives after the trial', () => {
    open();
    answer(inTrial({ subscription: { ...EARLY_SUBSCRIPTION, status: 'trialing' }, estimate: NO_SPEND_ESTIMATE, paymentMethod: { brand: 'visa', last4: '4242' } }));
    expect(text('estimate-amount')).toBe('$0.00');
    expect(text('estimate-after-trial')).toBe('After it, at the AI spend measured so far: $99.00 a month.');
    expect(text('estimate-explanation')).toBe('No AI spend has been measured this period, so the flat price applies.');
    expect(text('no-spend')).toContain('No AI spend measured yet');
    expect(text('trial-state')).not.toContain('Without a payment method');
  });

  it('once a subscription in its trial is cancelled, says nothing more will be charged', () => {
    open();
    const cancelled = { ...EARLY_SUBSCRIPTION, status: 'trialing' as const, cancelAtPeriodEnd: true };
    answer(earlySubscriber({ subscription: cancelled, cancelAtPeriodEnd: true }));
    expect(text('estimate-trial')).toBe('Nothing is charged during your trial.');
    expect(text('estimate-after-trial')).toBe('The subscription ends with the trial, so nothing more is charged.');
    expect(page().querySelector('[data-testid="estimate-explanation"]')).toBeNull();
  });

  it('states Enterprise contract terms when they are set, and says so when they are not', () => {
    open();
    answer(
      overview({
        tier: 'enterprise',
        trialUsed: true,
        priceRule: { rule: 'contract', flatCents: null, percent: '10.50', minimumCents: 250000 },
        subscription: { ...EARLY_SUBSCRIPTION, id: 'sub_contract', tier: 'enterprise' },
      }),
    );
    expect(text('plan-status')).toBe('Active');
    expect(text('price-rule')).toBe('Your Enterprise contract: 10.5% of your measured AI spend each period, at least $2,500.');
    // The contract's subscription changes through Apex sales only: no switch or cancel button.
    expect(button('Cancel subscription')).toBeNull();
    expect(Array.from(page().querySelectorAll('button')).filter((b) => b.textContent?.includes('Switch to'))).toEqual([]);
    expect(button('Manage payment methods and invoices')).not.toBeNull();
    TestBed.resetTestingModule();

    open();
    answer(overview({ tier: 'enterprise', priceRule: { rule: 'contract', flatCents: null, percent: null, minimumCents: null } }));
    expect(text('plan-status')).toBe('By contract');
    expect(text('price-rule')).toBe('Your Enterprise contract terms are not set yet; Apex sales agree them with you.');
    expect(text('estimate-none')).toBe('No estimate yet: your Enterprise terms are not set. Apex sales agree them with you.');
  });

  it('with payments off still shows the plan, explains that billing is not available, and offers no change', () => {
    open();
    answer(earlySubscriber({ paymentsEnabled: false }));
    expect(text('payments-disabled')).toContain('Billing is not available right now.');
    expect(text('payments-disabled')).toContain('nothing is charged');
    expect(text('plan-name')).toBe('Early');
    expect(button('Manage payment methods and invoices')).toBeNull();
    expect(button('Cancel subscription')).toBeNull();
    expect(page().querySelector('[role="alert"]')).toBeNull();
  });

  it('tells a member who can change billing instead of offering buttons that would be refused', () => {
    open({ role: 'member' });
    answer(earlySubscriber());
    const members: MemberView[] = [
      { userId: 'u-1', email: 'grace@compilers.example', name: 'Grace Hopper', role: 'owner', joinedAt: '2026-01-01T12:00:00.000Z' },
      { userId: 'u-2', email: 'alan@compilers.example', name: 'Alan Turing', role: 'member', joinedAt: '2026-01-02T12:00:00.000Z' },
    ];
    page();
    http.expectOne(`${API}/organization/members`).flush(members);
    expect(text('owners-note')).toBe('Only an owner can change the plan or how Apex is paid. Ask Grace Hopper (grace@compilers.example).');
    expect(button('Manage payment methods and invoices')).toBeNull();
    expect(button('Switch to Mid')).toBeNull();
  });

  it('after Stripe Checkout, looks again until the subscription has arrived', () => {
    jest.useFakeTimers();
    open({ checkout: 'success' });
    answer(inTrial());
    expect(text('checkout-notice')).toBe('Thank you: Stripe is confirming your subscription. This page updates as soon as it has.');

    jest.advanceTimersByTime(CHECKOUT_POLL_MS);
    answer(earlySubscriber());
    expect(text('checkout-notice')).toBe('Thank you: Stripe confirmed your subscription to Early.');
    jest.advanceTimersByTime(5 * CHECKOUT_POLL_MS);
    http.expectNone(`${API}/billing`);
  });

  it('says why the page could not load and tries again on request', () => {
    open();
    http.expectOne(`${API}/billing`).flush(null, { status: 503, statusText: 'Service Unavailable' });
    expect(page().querySelector('[role="alert"]')?.textContent).toContain('Apex is temporarily unavailable (HTTP 503)');
    press(button('Try again'));
    answer(earlySubscriber());
    expect(text('plan-name')).toBe('Early');
  });
});
