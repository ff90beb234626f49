import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ApplicationRef } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { provideRouter } from '@angular/router';
import type { MeView } from '@apex/contracts';
import { AuthService } from '../../core/auth/auth.service';
import { VerifyEmailNotice } from './verify-email-notice';
import { VerifyEmailPage } from './verify-email.page';

const ALREADY_VERIFIED = {
  type: 'https://apex.dev/problems/conflict',
  title: 'Your email is already verified',
  status: 409,
  detail: 'This email is already verified: there is nothing more to do.',
};
const me = (emailVerified: boolean): MeView => ({
  user: { id: 'u1', email: 'ada@example.com', name: 'Ada', isOperator: false, emailVerified },
  organization: { id: 'o1', name: 'Engines Ltd', tier: 'free' },
  role: 'owner',
});

describe('Email verification in the portal', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting(), { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } }],
    });
    http = TestBed.inject(HttpTestingController);
  });
  afterEach(() => http.verify());

  const settle = async (fixture: ComponentFixture<unknown>) => {
    await TestBed.inject(ApplicationRef).whenStable();
    fixture.detectChanges();
  };
  const text = (fixture: ComponentFixture<unknown>, testId: string) =>
    (fixture.nativeElement as HTMLElement).querySelector(`[data-testid="${testId}"]`)?.textContent?.trim() ?? null;

  describe('the landing page of the emailed link', () => {
    async function open(token: string | undefined) {
      const fixture = TestBed.createComponent(VerifyEmailPage);
      if (token !== undefined) fixture.componentRef.setInput('token', token);
      fixture.detectChanges();
      return fixture;
    }

    it('sends the token and says the email is verified, with what that allows', async () => {
      const fixture = await open('the-token');
      const request = http.expectOne('/api/v1/auth/email-verification/confirm');
      expect(request.request.body).toEqual({ token: 'the-token' });
      request.flush({ email: 'ada@example.com', verifiedAt: '2026-12-04T10:00:00.000Z' });
      await settle(fixture);
      expect(text(fixture, 'email-verified')).toBe('ada@example.com is verified. You can now invite members, connect cost accounts and start a trial.');
    });

    it('says what the API answered for a link used twice', async () => {
      const fixture = await open('used-token');
      http.expectOne('/api/v1/auth/email-verification/confirm').flush(ALREADY_VERIFIED, { status: 409, statusText: 'Conflict' });
      await settle(fixture);
      expect(text(fixture, 'email-verification-failed')).toBe('Your email is already verified. This email is already verified: there is nothing more to do.');
    });

    it('sends nothing without a token', async () => {
      const fixture = await open(undefined);
      await settle(fixture);
      expect(text(fixture, 'email-verification-failed')).toMatch(/no verification token/);
    });
  });

  describe('the notice across the signed-in portal', () => {
    async function shownTo(who: MeView) {
      const auth = TestBed.inject(AuthService);
      const reload = auth.reloadMe();
      http.expectOne('/api/v1/me').flush(who);
      await reload;
      const fixture = TestBed.createComponent(VerifyEmailNotice);
      fixture.detectChanges();
      return fixture;
    }

    it('tells an unverified account what waits on the verification, and sends a new link on request', async () => {
      const fixture = await shownTo(me(false));
      expect(text(fixture, 'verify-email-notice')).toContain('Open the link we sent to ada@example.com. Until then you cannot invite members, connect cost');
      (fixture.nativeElement as HTMLElement).querySelector('button')!.click();
      const resend = http.expectOne('/api/v1/auth/email-verification');
      expect(resend.request.method).toBe('POST');
      resend.flush(null, { status: 202, statusText: 'Accepted' });
      await settle(fixture);
      expect(text(fixture, 'verify-email-resend-outcome')).toBe('A new link is on its way.');
    });

    it('shows nothing once the email is verified', async () => {
      const fixture = await shownTo(me(true));
      expect(text(fixture, 'verify-email-notice')).toBeNull();
    });
  });
});
