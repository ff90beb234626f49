import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ApplicationRef } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { provideRouter, Router } from '@angular/router';
import { SignUpPage } from './sign-up.page';

const TOKEN = 's'.repeat(43);
const SESSION = { accessToken: 'access', refreshToken: 'refresh', expiresIn: 900, tokenType: 'Bearer' };
const ME = { user: { id: 'u1', email: 'pat@keeps.example', name: 'Pat', isOperator: false }, organization: { id: 'o1', name: 'Keeps Ltd', tier: 'free' }, role: 'owner' };

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

  it('says the analysis is kept, sends the sandbox token with the sign-up, and forgets it once the account has it', async () => {
    localStorage.setItem('apex.sandbox-token', TOKEN);
    const request = await submit(TOKEN);
    expect(page().querySelector('[data-testid="sign-up-sandbox"]')?.textContent?.trim()).toBe('Your new account keeps the file you analysed and what Apex found in it.');
    expect(request.request.body).toEqual({ name: 'Pat Prospect', organizationName: 'Keeps Ltd', email: 'pat@keeps.example', password: 'correct horse battery', sandboxToken: TOKEN });
    request.flush(SESSION);
    await TestBed.inject(ApplicationRef).whenStable();
    http.expectOne('/api/v1/me').flush(ME);
    await TestBed.inject(ApplicationRef).whenStable();
    expect(localStorage.getItem('apex.sandbox-token')).toBeNull();
  });

  it('signs up without a sandbox as before', async () => {
    const request = await submit(undefined);
    expect(page().querySelector('[data-testid="sign-up-sandbox"]')).toBeNull();
    expect(request.request.body).toEqual({ name: 'Pat Prospect', organizationName: 'Keeps Ltd', email: 'pat@keeps.example', password: 'correct horse battery' });
    request.flush(SESSION);
    await TestBed.inject(ApplicationRef).whenStable();
    http.expectOne('/api/v1/me').flush(ME);
    await TestBed.inject(ApplicationRef).whenStable();
  });
});
