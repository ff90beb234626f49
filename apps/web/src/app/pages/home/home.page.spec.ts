import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { PlanPricing, PlanView, Tier } from '@apex/contracts';
import { HomePage } from './home.page';

const URL = '/api/v1/plans';

const plan = (tier: Tier, name: string, rank: number, pricing: Partial<PlanPricing>): PlanView => ({
  tier,
  name,
  rank,
  runLimit: 100,
  windowSeconds: 18000,
  features: ['basic_chat'],
  pricing: { rule: 'free', flatMonthlyCents: null, percentOfSpend: null, contractPercentMin: null, contractPercentMax: null, ...pricing },
});

/** The plans table as a back office might have re-priced it: none of these numbers appear in the portal's code. */
const REPRICED: PlanView[] = [
  plan('enterprise', 'Enterprise', 3, { rule: 'contract', contractPercentMin: '7.50', contractPercentMax: '12.00' }),
  plan('mid', 'Mid', 2, { rule: 'flat_or_percent', flatMonthlyCents: 64900, percentOfSpend: '4.25' }),
  plan('free', 'Free', 0, { rule: 'free', flatMonthlyCents: 0 }),
  plan('early', 'Starter', 1, { rule: 'flat_or_percent', flatMonthlyCents: 12950, percentOfSpend: '3.00' }),
];

describe('HomePage plan cards', () => {
  let fixture: ComponentFixture<HomePage>;
  let http: HttpTestingController;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [HomePage],
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])],
    });
    fixture = TestBed.createComponent(HomePage);
    http = TestBed.inject(HttpTestingController);
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  const el = () => fixture.nativeElement as HTMLElement;
  const squash = (text: string | null | undefined) => text?.replace(/\s+/g, ' ').trim() ?? '';
  const card = (tier: Tier) => el().querySelector(`[data-tier="${tier}"]`) as HTMLElement | null;
  /** What a visitor reads on a card, part by part. */
  const cardText = (tier: Tier) => {
    const part = (selector: string) => squash(card(tier)?.querySelector(selector)?.textContent) || null;
    return { name: part('h3'), audience: part('mat-card-subtitle'), price: part('.price'), terms: part('.terms'), action: part('a') };
  };
  const plansSection = () => squash(el().querySelector('#plans')?.textContent);
  const alert = () => el().querySelector('[role="alert"]') as HTMLElement | null;
  const alertMessage = () => squash(alert()?.querySelector('p')?.textContent);
  const retry = () => Array.from(alert()?.querySelectorAll('button') ?? []).find((b) => b.textContent?.trim() === 'Try again');
  const loading = () => el().querySelector('[data-testid="plans-loading"]');
  const settle = async () => {
    fixture.detectChanges();
    await fixture.whenStable();
  };
  const answer = async (plans: PlanView[]) => {
    http.expectOne({ method: 'GET', url: URL }).flush(plans);
    await settle();
  };
  const fail = async (status: number, body: object, statusText = 'Error') => {
    http.expectOne({ method: 'GET', url: URL }).flush(body, { status, statusText, headers: { 'Content-Type': 'application/problem+json' } });
    await settle();
  };

  it('shows placeholders, and no price at all, until the API answers', () => {
    http.expectOne({ method: 'GET', url: URL });
    expect(loading()?.querySelectorAll('li')).toHaveLength(4);
    expect(squash(el().querySelector('#plans [role="status"]')?.textContent)).toBe('Loading plans and prices…');
    expect(plansSection()).not.toMatch(/\$|%/);
    expect(el().querySelector('[data-tier]')).toBeNull();
  });

  it('prices each card exactly as the API serves it, in rank order, with the home page audience line', async () => {
    await answer(REPRICED);

    expect(loading()).toBeNull();
    expect(Array.from(el().querySelectorAll('[data-tier]')).map((c) => c.getAttribute('data-tier'))).toEqual([
      'free',
      'early',
      'mid',
      'enterprise',
    ]);
    expect(cardText('free')).toEqual({ name: 'Free', audience: 'See where your AI spend goes', price: '$0', terms: 'No charge.', action: null });
    expect(cardText('early')).toEqual({
      name: 'Starter',
      audience: 'For teams starting to scale AI',
      price: '$129.50/month',
      terms: 'Or 3% of your measured AI spend, whichever is less.',
      action: null,
    });
    expect(cardText('mid')).toEqual({
      name: 'Mid',
      audience: 'For teams with a growing AI bill',
      price: '$649/month',
      terms: 'Or 4.25% of your measured AI spend, whichever is less.',
      action: null,
    });
    expect(cardText('enterprise')).toEqual({
      name: 'Enterprise',
      audience: 'For organisations with large AI budgets',
      price: '7.5–12%',
      terms: 'of AI spend, by contract.',
      action: 'Contact us',
    });
    expect(card('enterprise')?.querySelector('a')?.getAttribute('href')).toBe('/enterprise');
    expect(plansSection()).not.toMatch(/\$99\b|\$499\b|\b2%|\b5%|8–15%/);
  });

  it('shows a readable message and no made-up prices when the API fails, and loads the plans on "Try again"', async () => {
    await fail(503, {
      type: 'https://apex.dev/problems/unavailable',
      title: 'Service unavailable',
      status: 503,
      detail: 'The plans could not be read.',
    });

    expect(alertMessage()).toBe('We could not load our plans and prices. Service unavailable. The plans could not be read.');
    expect(retry()).toBeDefined();
    expect(loading()).toBeNull();
    expect(el().querySelector('[data-tier]')).toBeNull();
    expect(plansSection()).not.toMatch(/\$|%/);

    retry()!.click();
    await settle();
    expect(alert()).toBeNull();
    expect(loading()).not.toBeNull();

    await answer(REPRICED);
    expect(cardText('mid').price).toBe('$649/month');
  });

  it('says so plainly when the API cannot be reached', async () => {
    http.expectOne({ method: 'GET', url: URL }).error(new ProgressEvent('error'), { status: 0, statusText: 'Unknown Error' });
    await settle();

    expect(alertMessage()).toBe(
      'We could not load our plans and prices. We could not reach Apex. Check your connection and try again.',
    );
    expect(retry()).toBeDefined();
  });
});
