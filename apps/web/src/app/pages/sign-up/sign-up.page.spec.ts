import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ApplicationRef } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { provideRouter, Router } from '@angular/router';
import { SignUpPage } from './sign-up.page';

const TOKEN = 's'.repeat(43);
const SESSION = { accessToken: 'access', refreshToken: 'refresh', expiresIn: 900, tokenType: 'Bearer' };
const ACCEPTED = { email: 'pat@keeps.example', detail: 'Check your inbox for the link that verifies your email, then sign in.' };
const ME = { user: { id: 'u1', email: 'pat@keeps.example', name: 'Pat', isOperator: false, emailVerified: false }, organization: { id: 'o1', name: 'Keeps Ltd', tier: 'free' }, role: 'owner' };

describe('SignUpPage with a sandbox to keep', () => {
  let fixture: ComponentFixture<SignUpPage>;
  let http: HttpTestingController;

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({
      imports: [SignUpPage],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting(), { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } }],
    });
    http = TestBed.inject(HttpTestingController);
    jest.spyOn(TestBed.inject(Router), 'navigateByUrl').mockResolvedValue(true);
  });
  afterEach(() => http.verify());

  const page = () => fixture.nativeElement as HTMLElement;
  const fill = (label: string, value: string) => {
    const field = Array.from(page().querySelectorAll('mat-form-field')).find((f) => f.querySelector('mat-label')?.textContent?.trim() === label)!;
    const input = field.querySelector('input')!;
    input.value = value;
    input.dispatchEvent(new Event('input'));
  };
  async function submit(sandbox: string | undefined) {
    fixture = TestBed.createComponent(SignUpPage);
    if (sandbox) fixture.componentRef.setInput('sandbox', sandbox);
    fixture.detectChanges();
    fill('Your name', 'Pat Prospect');
    fill('Organisation', 'Keeps Ltd');
    fill('Work email', 'pat@keeps.example');
    fill('Password', 'correct horse battery');
    page().querySelector('form')!.dispatchEvent(new Event('submit'));
    fixture.detectChanges();
    return http.expectOne('/api/v1/auth/signup');
  }

  /** The sign-up is accepted, then the page signs in with the same email and password. */
  async function signedIn(request: ReturnType<HttpTestingController['expectOne']>) {
    request.flush(ACCEPTED, { status: 202, statusText: 'Accepted' });
    await TestBed.inject(ApplicationRef).whenStable();
    const logIn = http.expectOne('/api/v1/auth/login');
    expect(logIn.request.body).toEqual({ email: 'pat@keeps.example', password: 'correct horse battery' });
    logIn.flush(SESSION);
    await TestBed.inject(ApplicationRef).whenStable();
    http.expectOne('/api/v1/me').flush(ME);
    await TestBed.inject(ApplicationRef).whenStable();
  }

  it('says the analysis is kept, sends the sandbox token with the sign-up, and forgets it once the account has it', async () => {
    localStorage.setItem('apex.sandbox-token', TOKEN);
    const request = await submit(TOKEN);
    expect(page().querySelector('[data-testid="sign-up-sandbox"]')?.textContent?.trim()).toBe('Your new account keeps the file you analysed and what Apex found in it.');
    expect(request.request.body).toEqual({ name: 'Pat Prospect', organizationName: 'Keeps Ltd', email: 'pat@keeps.example', password: 'correct horse battery', sandboxToken: TOKEN });
    await signedIn(request);
    expect(localStorage.getItem('apex.sandbox-token')).toBeNull();
  });

  it('signs up without a sandbox as before', async () => {
    const request = await submit(undefined);
    expect(page().querySelector('[data-testid="sign-up-sandbox"]')).toBeNull();
    expect(request.request.body).toEqual({ name: 'Pat Prospect', organizationName: 'Keeps Ltd', email: 'pat@keeps.example', password: 'correct horse battery' });
    await signedIn(request);
    expect(TestBed.inject(Router).navigateByUrl).toHaveBeenCalled();
  });

  it('says to check the inbox when the email had an account with another password, and stays on the page', async () => {
    localStorage.setItem('apex.sandbox-token', TOKEN);
    const request = await submit(TOKEN);
    request.flush(ACCEPTED, { status: 202, statusText: 'Accepted' });
    await TestBed.inject(ApplicationRef).whenStable();
    http
      .expectOne('/api/v1/auth/login')
      .flush({ type: 'https://apex.dev/problems/unauthorized', title: 'Wrong email or password', status: 401 }, { status: 401, statusText: 'Unauthorized' });
    await TestBed.inject(ApplicationRef).whenStable();
    fixture.detectChanges();
    expect(page().querySelector('[data-testid="sign-up-check-inbox"]')?.textContent).toContain('Check your inbox at pat@keeps.example.');
    expect(page().querySelector('[role="alert"]')).toBeNull();
    expect(TestBed.inject(Router).navigateByUrl).not.toHaveBeenCalled();
    // The sandbox is not claimed: its token stays for another try.
    expect(localStorage.getItem('apex.sandbox-token')).toBe(TOKEN);
  });
});
