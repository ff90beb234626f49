import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { signal, WritableSignal } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { MeView } from '@apex/contracts';
import { AuthService } from '../../core/auth/auth.service';
import { earlySubscriber, inTrial, me, overview, TRIAL } from './testing/billing-fixtures';
import { TrialBanner } from './trial-banner';

const BILLING = '/api/v1/billing';

describe('TrialBanner', () => {
  let fixture: ComponentFixture<TrialBanner>;
  let http: HttpTestingController;
  let signedIn: WritableSignal<MeView | null>;

  beforeEach(() => {
    signedIn = signal<MeView | null>(me('owner', 'early'));
    TestBed.configureTestingModule({
      imports: [TrialBanner],
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([]), { provide: AuthService, useValue: { me: signedIn } }],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(TrialBanner);
    fixture.detectChanges();
  });

  afterEach(() => http.verify());

  const banner = () => {
    fixture.detectChanges();
    return (fixture.nativeElement as HTMLElement).querySelector<HTMLElement>('[data-testid="trial-banner"]');
  };
  const words = () => banner()?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

  it('shows the days left of the trial and links to adding a payment method', () => {
    http.expectOne(BILLING).flush(inTrial());
    expect(banner()?.querySelector('[data-testid="trial-days-left"]')?.textContent?.trim()).toBe('7 days left in your Early trial');
    expect(words()).toMatch(/^7 days left in your Early trial \(until 1[67] Mar 2026, \d\d:\d\d\)\. Add a payment method/);
    expect(words()).toContain('Add a payment method to keep Early when it ends; without one, your organisation moves back to Free.');
    const link = Array.from(banner()?.querySelectorAll('a') ?? []).find((a) => a.textContent?.trim() === 'Add a payment method');
    expect(link?.getAttribute('href')).toBe('/app/billing#payment-method');
  });

  it('on the last day says the trial ends today', () => {
    http.expectOne(BILLING).flush(inTrial({ trial: { ...TRIAL, daysLeft: 0 } }));
    expect(banner()?.querySelector('[data-testid="trial-days-left"]')?.textContent?.trim()).toBe('Your Early trial ends today');
  });

  it('with a payment method on file says the plan continues on it, and asks for nothing', () => {
    http.expectOne(BILLING).flush(inTrial({ paymentMethod: { brand: 'visa', last4: '4242' } }));
    expect(words()).toContain('Early then continues on your Visa ending 4242.');
    expect(banner()?.querySelector('a')).toBeNull();
  });

  it('is hidden without an active trial', () => {
    http.expectOne(BILLING).flush(earlySubscriber());
    expect(banner()).toBeNull();
  });

  it('stays out of the way when billing cannot be read', () => {
    http.expectOne(BILLING).flush(null, { status: 503, statusText: 'Service Unavailable' });
    expect(banner()).toBeNull();
    expect((fixture.nativeElement as HTMLElement).textContent?.trim()).toBe('');
  });

  it('disappears on signing out and reads the next organisation’s billing on signing in', () => {
    http.expectOne(BILLING).flush(inTrial());
    expect(banner()).not.toBeNull();

    signedIn.set(null);
    expect(banner()).toBeNull();
    http.expectNone(BILLING);

    signedIn.set({ ...me('owner', 'free'), organization: { id: 'other-org', name: 'Other', tier: 'free' } });
    fixture.detectChanges();
    http.expectOne(BILLING).flush(overview({ orgId: 'other-org' }));
    expect(banner()).toBeNull();
  });
});
