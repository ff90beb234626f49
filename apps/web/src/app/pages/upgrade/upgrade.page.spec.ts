import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { BillingOverview, MemberView, Role, TrialStarted } from '@apex/contracts';
import { AuthService } from '../../core/auth/auth.service';
import { BillingStatus } from '../billing/billing-status';
import { StripeRedirect } from '../billing/stripe-redirect';
import { earlySubscriber, inTrial, me, overview, PLANS, problem, TRIAL } from '../billing/testing/billing-fixtures';
import { UpgradePage } from './upgrade.page';

const API = '/api/v1';

describe('UpgradePage', () => {
  let fixture: ComponentFixture<UpgradePage>;
  let http: HttpTestingController;
  let go: jest.Mock;
  let reloadMe: jest.Mock;

  function open(billing: BillingOverview, options: { role?: Role; checkout?: string } = {}): void {
    go = jest.fn();
    reloadMe = jest.fn().mockResolvedValue(undefined);
    TestBed.configureTestingModule({
      imports: [UpgradePage],
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
        { provide: AuthService, useValue: { me: signal(me(options.role ?? 'owner', billing.tier)), reloadMe } },
        { provide: StripeRedirect, useValue: { go } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(UpgradePage);
    if (options.checkout) fixture.componentRef.setInput('checkout', options.checkout);
    fixture.detectChanges();
    http.expectOne(`${API}/plans`).flush(PLANS);
    http.expectOne({ method: 'GET', url: `${API}/billing` }).flush(billing);
  }

  afterEach(() => http.verify());

  const page = () => {
    fixture.detectChanges();
    return fixture.nativeElement as HTMLElement;
  };
  const card = (tier: string) => {
    const found = page().querySelector<HTMLElement>(`[data-tier="${tier}"]`);
    if (!found) throw new Error(`no card for ${tier}`);
    return found;
  };
  const words = (element: Element | null | undefined) => element?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
  const text = (testId: string) => words(page().querySelector(`[data-testid="${testId}"]`)) || null;
  const button = (label: string, within: Element = page()) =>
    Array.from(within.querySelectorAll<HTMLButtonElement>('button')).find((b) => b.textContent?.trim() === label) ?? null;
  const press = (found: HTMLButtonElement | null) => {
    if (!found) throw new Error('no such button');
    found.click();
  };

  it('compares the four plans with each price rule stated from GET /plans and marks the current one', () => {
    open(overview());
    expect(Array.from(page().querySelectorAll('[data-tier] h2')).map((h) => h.textContent?.trim())).toEqual(['Free', 'Early', 'Mid', 'Enterprise']);
    const rule = (tier: string) => words(card(tier)?.querySelector('[data-testid="price-rule"]'));
    expect(rule('free')).toBe('No charge');
    expect(rule('early')).toBe('$99/month or 2% of your measured AI spend, whichever is less');
    expect(rule('mid')).toBe('$499/month or 5% of your measured AI spend, whichever is less');
    expect(rule('enterprise')).toBe('8–15% of your measured AI spend, by contract');
    expect(words(card('free').querySelector('[data-testid="current-plan"]'))).toBe('Your plan');
    expect(card('early').querySelector('[data-testid="current-plan"]')).toBeNull();
    expect(words(card('mid'))).toContain('Everything in Early, plus');
    expect(words(card('mid'))).toContain('Team collaboration');
    const sales = card('enterprise').querySelector('a');
    expect(words(sales)).toBe('Talk to sales');
    expect(sales?.getAttribute('href')).toBe('/enterprise');
  });

  it('sends an owner to Stripe Checkout for the plan they pick', () => {
    open(overview());
    press(button('Subscribe to Mid', card('mid')));

    const checkout = http.expectOne({ method: 'POST', url: `${API}/billing/checkout` });
    expect(checkout.request.body).toEqual({ tier: 'mid' });
    expect(checkout.request.headers.get('Idempotency-Key')).toEqual(expect.any(String));
    expect(button('Opening Stripe Checkout…', card('mid'))?.disabled).toBe(true);
    checkout.flush({ url: 'https://checkout.stripe.com/c/pay/cs_test_a1' });
    expect(go).toHaveBeenCalledWith('https://checkout.stripe.com/c/pay/cs_test_a1');
  });

  it('shows the API’s reason when checkout is refused, and lets the owner try again', () => {
    open(overview());
    press(button('Subscribe to Early', card('early')));
    const refused = problem(409, 'conflict', 'This does not fit your current plan', 'Your organisation already has the Early plan.');
    http.expectOne(`${API}/billing/checkout`).flush(refused.body, refused.options);

    expect(text('upgrade-error')).toBe('This does not fit your current plan. Your organisation already has the Early plan.');
    expect(go).not.toHaveBeenCalled();
    expect(button('Subscribe to Early', card('early'))?.disabled).toBe(false);
  });

  it('starts the trial, says how long it runs, and offers it no more', () => {
    open(overview());
    expect(text('trial-offer')).toContain('Try Early free');
    press(button('Start 7-day Early trial'));

    const started: TrialStarted = { trial: TRIAL, workflowId: 'trial-org' };
    http.expectOne({ method: 'POST', url: `${API}/billing/trial` }).flush(started);
    http.expectOne({ method: 'GET', url: `${API}/billing` }).flush(inTrial());

    expect(text('upgrade-notice')).toBe('Your Early trial has started: 7 days left. Every Early feature is yours now.');
    expect(page().querySelector('[data-testid="trial-offer"]')).toBeNull();
    expect(words(card('early').querySelector('[data-testid="current-plan"]'))).toBe('Your plan · trial');
    expect(button('Keep Early', card('early'))).not.toBeNull();
    expect(words(card('early'))).toContain('The first payment is when your trial ends.');
    // The shell's trial banner reads the same overview.
    expect(TestBed.inject(BillingStatus).overview()?.trial?.daysLeft).toBe(7);
    expect(reloadMe).toHaveBeenCalled();
  });

  it('says why a trial cannot start, and shows what the API says is on offer now', () => {
    open(overview());
    press(button('Start 7-day Early trial'));
    const refused = problem(409, 'trial-unavailable', 'No trial is available', 'Your organisation has already had its trial: each organisation gets one.');
    http.expectOne(`${API}/billing/trial`).flush(refused.body, refused.options);
    http.expectOne({ method: 'GET', url: `${API}/billing` }).flush(overview({ trialUsed: true }));

    expect(text('upgrade-error')).toBe('No trial is available. Your organisation has already had its trial: each organisation gets one.');
    expect(page().querySelector('[data-testid="trial-offer"]')).toBeNull();
  });

  it('does not offer a trial that was used or is turned off', () => {
    open(overview({ trialUsed: true }));
    expect(page().querySelector('[data-testid="trial-offer"]')).toBeNull();
    TestBed.resetTestingModule();
    open(overview({ trialEnabled: false }));
    expect(page().querySelector('[data-testid="trial-offer"]')).toBeNull();
  });

  it('points a subscriber to switching plans rather than buying a second subscription', () => {
    open(earlySubscriber());
    expect(words(card('early').querySelector('[data-testid="current-plan"]'))).toBe('Your plan');
    expect(button('Subscribe to Mid')).toBeNull();
    const change = Array.from(card('mid').querySelectorAll('a')).find((a) => a.textContent?.trim() === 'Switch to Mid');
    expect(change?.getAttribute('href')).toBe('/app/billing');
  });

  it('shows a member the plans and who can buy one, without buttons that would be refused', () => {
    open(overview(), { role: 'admin' });
    const members: MemberView[] = [
      { userId: 'u-1', email: 'grace@compilers.example', name: 'Grace Hopper', role: 'owner', joinedAt: '2026-01-01T12:00:00.000Z' },
      { userId: 'u-3', email: 'kathleen@compilers.example', name: 'Kathleen Booth', role: 'owner', joinedAt: '2026-01-03T12:00:00.000Z' },
    ];
    page();
    http.expectOne(`${API}/organization/members`).flush(members);
    expect(text('owners-note')).toBe(
      'Only an owner can buy a plan or start a trial. Ask Grace Hopper (grace@compilers.example) or Kathleen Booth (kathleen@compilers.example).',
    );
    expect(button('Subscribe to Early')).toBeNull();
    expect(button('Start 7-day Early trial')).toBeNull();
    expect(text('trial-offer')).toContain('Try Early free');
  });

  it('with payments off explains that nothing can be bought, and offers no checkout or trial', () => {
    open(overview({ paymentsEnabled: false }));
    expect(text('payments-disabled')).toContain('Buying a plan is not available right now.');
    expect(button('Subscribe to Early')).toBeNull();
    expect(page().querySelector('[data-testid="trial-offer"]')).toBeNull();
    expect(words(card('enterprise'))).toContain('Talk to sales');
  });

  it('says that a cancelled checkout charged nothing', () => {
    open(overview(), { checkout: 'cancelled' });
    expect(text('checkout-cancelled')).toBe('Checkout was cancelled; nothing was charged.');
  });
});
