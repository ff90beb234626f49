import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, TestRequest } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { provideNoopAnimations } from '@angular/platform-browser/animations';
import { provideRouter } from '@angular/router';
import type { PublicProofReport, PublicProofVerification } from '@apex/contracts';
import { ProblemType } from '@apex/contracts';
import { WITHOUT_SESSION } from '../../core/api-client';
import { PublicProofPage } from './public-proof.page';

const TOKEN = 'q3WxYz0123456789abcdEF';
const SHARED = `/api/v1/public/proofs/${TOKEN}`;
const SHA = 'a1'.repeat(32);
const KEY_ID = '0f1e2d3c4b5a6978';

/** Two reporting days of 18 adjusted baseline against 9.54 actual: 8.46 saved each, 16.92 in all. */
const SHARED_REPORT: PublicProofReport = {
  report: {
    scope: { provider: 'openai', service: null, model: 'gpt-4o', resource: null },
    currency: 'USD',
    implementedOn: '2026-10-01',
    baseline: {
      from: '2026-09-29',
      to: '2026-09-30',
      calendarDays: 2,
      daysWithReadings: 2,
      coveragePercent: '100.00',
      sufficient: true,
      shortfall: null,
      total: '36',
      unitCosts: [{ model: 'gpt-4o', uncachedInputPer1k: '0.00225', cachedInputPer1k: null, outputPer1k: '0.009', perRequest: null }],
      listRates: { uncachedInputMtok: '2.5', cachedInputMtok: '1.25', outputMtok: '10', perRequest: null },
      effectiveRate: '0.9',
      boundary: { currency: 'USD', provider: 'openai', model: 'gpt-4o', models: ['gpt-4o', 'gpt-4o-mini'], service: null, resource: null, cachedAsUncached: false },
      daily: [
        { date: '2026-09-29', actual: '18', volumes: { uncachedInput: '4000000', cachedInput: '0', output: '1000000', requests: '2000' } },
        { date: '2026-09-30', actual: '18', volumes: { uncachedInput: '4000000', cachedInput: '0', output: '1000000', requests: '2000' } },
      ],
      priceBookVersion: 1,
      evidenceSha256: 'b2'.repeat(32),
      rowCount: 2,
    },
    reporting: {
      from: '2026-10-01',
      to: '2026-10-02',
      days: 2,
      readings: [
        { date: '2026-10-01', actual: '9.54', routineBaseline: '18', nonRoutineAdjustment: '0', adjustedBaseline: '18', savings: '8.46' },
        { date: '2026-10-02', actual: '9.54', routineBaseline: '18', nonRoutineAdjustment: '0', adjustedBaseline: '18', savings: '8.46' },
      ],
      evidenceSha256: 'c3'.repeat(32),
      rowCount: 4,
    },
    adjustments: { routineBaseline: '36', nonRoutine: '0', priceBookVersions: [1] },
    actual: '19.08',
    adjustedBaseline: '36',
    savings: '16.92',
    savingsPercent: '47',
    uncertainty: { at68: '1.2', at90: '1.97', fractional68: '0.0709', fractional90: '0.1164', cvRmse: '0.01', autocorrelation: '0' },
    verdict: 'verified',
    method: 'Adjusted baseline = baseline unit costs × the reporting period’s volumes.',
    generatedAt: '2026-10-16T00:05:00.000Z',
  },
  sha256: SHA,
  signature: 'c2lnbmF0dXJl',
  keyId: KEY_ID,
  publicKeyPath: '/api/v1/proofs/public-key',
  expiresAt: '2027-01-02T12:00:00.000Z',
};

const UNAVAILABLE = { type: ProblemType.proofShareLinkUnavailable, title: 'This link is not available', status: 404, detail: 'Ask the person who shared it with you for a new link.' };

describe('PublicProofPage', () => {
  let fixture: ComponentFixture<PublicProofPage>;
  let http: HttpTestingController;

  function open(token = TOKEN): void {
    TestBed.configureTestingModule({
      imports: [PublicProofPage],
      providers: [provideRouter([]), provideNoopAnimations(), provideHttpClient(), provideHttpClientTesting(), { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } }],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(PublicProofPage);
    fixture.componentRef.setInput('token', token);
    fixture.detectChanges();
  }
  afterEach(() => http.verify());

  const settle = () => fixture.whenStable();
  const page = () => {
    fixture.detectChanges();
    return fixture.nativeElement as HTMLElement;
  };
  const words = (element: Element | null | undefined) => element?.textContent?.replace(/\s+/g, ' ').trim() ?? null;
  const text = (testId: string) => words(page().querySelector(`[data-testid="${testId}"]`));
  const lines = (testId: string) => Array.from(page().querySelectorAll(`[data-testid="${testId}"] :is(h1, p)`), words);

  async function answer(url: string, body: Parameters<TestRequest['flush']>[0], init?: { status: number; statusText: string }): Promise<TestRequest> {
    await settle();
    const request = http.expectOne(url);
    request.flush(body, init);
    await settle();
    return request;
  }

  async function verifyAnswering(verification: PublicProofVerification): Promise<void> {
    page().querySelector<HTMLButtonElement>('[data-testid="public-proof-verify-button"]')!.click();
    const request = await answer(`${SHARED}/verify`, verification);
    expect(request.request.method).toBe('POST');
  }

  it('shows the shared report without a session, with no figure opening into rows, and how to verify it independently', async () => {
    open();
    const request = await answer(SHARED, SHARED_REPORT);
    expect(request.request.context.get(WITHOUT_SESSION)).toBe(true);
    expect(request.request.headers.has('authorization')).toBe(false);

    expect(words(page().querySelector('h1'))).toBe('Proof of savings');
    expect(words(page().querySelector('.lede'))).toContain('Shared with you until 2 January 2027');
    expect(text('proof-savings')).toContain('$16.92');
    expect(page().querySelectorAll('apex-proof-report-view button')).toHaveLength(0);
    expect(text('public-proof-sha256')).toBe(SHA);
    expect(text('public-proof-signature')).toBe('c2lnbmF0dXJl');
    expect(page().querySelector<HTMLAnchorElement>('[data-testid="public-proof-key-url"]')!.href).toBe(`${window.location.origin}/api/v1/proofs/public-key`);
    expect(text('public-proof-independent')).toContain(`its keyId must be ${KEY_ID}`);
    // The token is in the address: no Referer may carry it away.
    expect(document.querySelector('meta[name="referrer"]')?.getAttribute('content')).toBe('no-referrer');
  });

  it('says plainly that the report is intact and signed by Apex’s key, naming the key', async () => {
    open();
    await answer(SHARED, SHARED_REPORT);
    await verifyAnswering({ valid: true, problem: null, keyId: KEY_ID, sha256: SHA, signedSha256: SHA });
    expect(lines('public-proof-verification')).toEqual([
      'Intact and signed by Apex',
      `This report is exactly as Apex signed it: its SHA-256 matches, and the Ed25519 signature checks out with Apex's public key (key id ${KEY_ID}).`,
    ]);
  });

  it('says the report was altered, naming both hashes, or that its signature is bad', async () => {
    open();
    await answer(SHARED, SHARED_REPORT);
    const now = 'd4'.repeat(32);
    await verifyAnswering({ valid: false, problem: 'altered', keyId: KEY_ID, sha256: now, signedSha256: SHA });
    expect(lines('public-proof-verification')).toEqual([
      'Altered: this is not the report Apex signed',
      `The report's content has changed since it was signed: its SHA-256 is now ${now}, but the signature covers ${SHA}. Do not rely on its figures.`,
    ]);
    await verifyAnswering({ valid: false, problem: 'bad_signature', keyId: KEY_ID, sha256: SHA, signedSha256: SHA });
    expect(lines('public-proof-verification')).toEqual([
      'Bad signature',
      `The signature does not check out with Apex's public key (key id ${KEY_ID}): the report cannot be trusted as Apex's. Do not rely on its figures.`,
    ]);
  });

  it('shows the same plain page for any link that does not work, and nothing of a report', async () => {
    for (const token of [TOKEN, 'not-a-token']) {
      TestBed.resetTestingModule();
      open(token);
      await answer(`/api/v1/public/proofs/${token}`, UNAVAILABLE, { status: 404, statusText: 'Not Found' });
      expect(lines('public-proof-unavailable')).toEqual(['This link is not available', 'Ask the person who shared it with you for a new link.']);
      expect(page().querySelector('apex-proof-report-view')).toBeNull();
      expect(page().querySelector('[data-testid="public-proof-verify"]')).toBeNull();
    }
  });

  it('turns into the not-available page when the link is revoked while it is open', async () => {
    open();
    await answer(SHARED, SHARED_REPORT);
    page().querySelector<HTMLButtonElement>('[data-testid="public-proof-verify-button"]')!.click();
    await answer(`${SHARED}/verify`, UNAVAILABLE, { status: 404, statusText: 'Not Found' });
    await answer(SHARED, UNAVAILABLE, { status: 404, statusText: 'Not Found' });
    expect(text('public-proof-unavailable')).toContain('This link is not available');
  });

  it('tells a failure to reach Apex apart from a link that does not work, and tries again', async () => {
    open();
    await answer(SHARED, { type: ProblemType.internal, title: 'Something went wrong', status: 500, requestId: 'req-1' }, { status: 500, statusText: 'Internal Server Error' });
    expect(text('public-proof-error')).toBe('Something went wrong. Reference: req-1.');
    expect(page().querySelector('[data-testid="public-proof-unavailable"]')).toBeNull();
    Array.from(page().querySelectorAll('button')).find((b) => words(b) === 'Try again')!.click();
    await answer(SHARED, SHARED_REPORT);
    expect(text('proof-savings')).toContain('$16.92');
  });
});
