import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ApplicationRef } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { MatDialog } from '@angular/material/dialog';
import { firstValueFrom } from 'rxjs';
import type { PlanPricing, ProblemDetails, UpgradeOffer, UsageSummary } from '@apex/contracts';
import { ProblemType } from '@apex/contracts';
import { upgradePromptInterceptor } from './upgrade-prompt.interceptor';

const API = '/api/v1';
const noPrice: Omit<PlanPricing, 'rule'> = { flatMonthlyCents: null, percentOfSpend: null, contractPercentMin: null, contractPercentMax: null };
const EARLY: UpgradeOffer = {
  tier: 'early',
  name: 'Early',
  runLimit: 100,
  windowSeconds: 18000,
  pricing: { ...noPrice, rule: 'flat_or_percent', flatMonthlyCents: 9900, percentOfSpend: '2.00' },
};
const ENTERPRISE: UpgradeOffer = {
  tier: 'enterprise',
  name: 'Enterprise',
  runLimit: 1000,
  windowSeconds: 18000,
  pricing: { ...noPrice, rule: 'contract', contractPercentMin: '8.00', contractPercentMax: '15.00' },
};

/** Today at 14:32 local time, as the API would send it. */
const today1432 = () => {
  const at = new Date();
  at.setHours(14, 32, 0, 0);
  return at.toISOString();
};

const usage = (windowSeconds: number) =>
  ({ scope: 'user', tier: 'free', runs: { limit: 3, used: 3, remaining: 0, windowSeconds, resetAt: today1432() } }) as UsageSummary;

describe('upgradePromptInterceptor', () => {
  let http: HttpTestingController;
  let client: HttpClient;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(withInterceptors([upgradePromptInterceptor])), provideHttpClientTesting(), provideRouter([])],
    });
    http = TestBed.inject(HttpTestingController);
    client = TestBed.inject(HttpClient);
  });

  afterEach(() => {
    TestBed.inject(MatDialog).closeAll();
    http.verify();
  });

  const fail = (url: string, problem: ProblemDetails) =>
    http.expectOne(url).flush(problem, { status: problem.status, statusText: problem.title, headers: { 'content-type': 'application/problem+json' } });
  /** Lets the dialog render (the app is zoneless: rendering follows change notifications). */
  const settle = () => TestBed.inject(ApplicationRef).whenStable();
  const dialog = () => document.querySelector<HTMLElement>('apex-upgrade-prompt-dialog');
  const text = () => dialog()?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

  it('on 429 limit-reached, says what stopped the run and offers the next plan', async () => {
    const answer = firstValueFrom(client.post(`${API}/runs`, {}));
    fail(`${API}/runs`, {
      type: ProblemType.limitReached,
      title: 'Run limit reached',
      status: 429,
      limit: 3,
      used: 3,
      resetAt: today1432(),
      upgrade: EARLY,
    });
    // The problem has no window length; the prompt reads it from the usage summary.
    http.expectOne(`${API}/usage/me`).flush(usage(18000));
    await expect(answer).rejects.toMatchObject({ status: 429 });
    await settle();

    expect(document.querySelector('[mat-dialog-title]')?.textContent).toContain('Run limit reached');
    expect(dialog()?.querySelector('[data-testid="upgrade-reason"]')?.textContent?.trim()).toBe(
      "You've used 3 of 3 runs in the last 5 hours. The next one frees at 14:32.",
    );
    expect(text()).toContain('Early');
    expect(text()).toContain('100 runs every 5 hours');
    expect(text()).toContain('$99 a month, or 2% of your measured AI spend if that is less');
    const compare = Array.from(dialog()?.querySelectorAll('a') ?? []).find((a) => a.textContent?.trim() === 'Compare plans');
    expect(compare?.getAttribute('href')).toBe('/plans');
    const upgrade = Array.from(dialog()?.querySelectorAll('a') ?? []).find((a) => a.textContent?.trim() === 'Upgrade to Early');
    expect(upgrade?.getAttribute('href')).toBe('/app/upgrade');
  });

  it('uses the window the problem names without asking for usage', async () => {
    const answer = firstValueFrom(client.post(`${API}/runs`, {}));
    fail(`${API}/runs`, { type: ProblemType.limitReached, title: 'Run limit reached', status: 429, limit: 1, used: 1, resetAt: null, windowSeconds: 3600, upgrade: null });
    await expect(answer).rejects.toMatchObject({ status: 429 });
    await settle();

    http.expectNone(`${API}/usage/me`);
    expect(dialog()?.querySelector('[data-testid="upgrade-reason"]')?.textContent?.trim()).toBe("You've used 1 of 1 run in the last 1 hour.");
    expect(text()).toContain('Our sales team can agree a higher limit with you.');
  });

  it('on 403 feature-gated, names the feature and the plan that includes it', async () => {
    const answer = firstValueFrom(client.post(`${API}/api-keys`, { name: 'CI' }));
    fail(`${API}/api-keys`, {
      type: ProblemType.featureGated,
      title: 'Your plan does not include this',
      status: 403,
      feature: 'api_access',
      requiredTier: 'early',
      upgrade: EARLY,
    });
    await expect(answer).rejects.toMatchObject({ status: 403 });
    await settle();

    expect(dialog()?.querySelector('[data-testid="upgrade-reason"]')?.textContent?.trim()).toBe('API keys are part of Early and above.');
    expect(text()).toContain('$99 a month');
  });

  it('prices Enterprise by contract', async () => {
    const answer = firstValueFrom(client.get(`${API}/branding`));
    fail(`${API}/branding`, {
      type: ProblemType.featureGated,
      title: 'Your plan does not include this',
      status: 403,
      feature: 'white_label',
      requiredTier: 'enterprise',
      upgrade: ENTERPRISE,
    });
    await expect(answer).rejects.toBeTruthy();
    await settle();

    expect(dialog()?.querySelector('[data-testid="upgrade-reason"]')?.textContent?.trim()).toBe('White-label branding is part of Enterprise.');
    expect(text()).toContain('8–15% of AI spend, by contract');
  });

  it('stays out of the way for other failures', async () => {
    const forbidden = firstValueFrom(client.delete(`${API}/organization/members/u2`));
    fail(`${API}/organization/members/u2`, { type: ProblemType.forbidden, title: 'Only an owner can do this', status: 403 });
    await expect(forbidden).rejects.toMatchObject({ status: 403 });
    await settle();

    const throttled = firstValueFrom(client.get(`${API}/runs`));
    fail(`${API}/runs`, { type: 'https://apex.dev/problems/too-many-requests', title: 'Slow down', status: 429 });
    await expect(throttled).rejects.toMatchObject({ status: 429 });
    await settle();

    expect(dialog()).toBeNull();
  });

  it('opens one prompt at a time', async () => {
    const gated = (url: string) => {
      const answer = firstValueFrom(client.post(url, {}));
      fail(url, { type: ProblemType.featureGated, title: 'Not on your plan', status: 403, feature: 'api_access', requiredTier: 'early', upgrade: EARLY });
      return expect(answer).rejects.toBeTruthy();
    };
    await gated(`${API}/api-keys`);
    await gated(`${API}/api-keys`);
    await settle();
    expect(document.querySelectorAll('apex-upgrade-prompt-dialog')).toHaveLength(1);
  });
});
