import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { provideRouter } from '@angular/router';
import type { ImplementationDetection, ProofView, RecommendationView } from '@apex/contracts';
import { CostRowsDrillDown } from '../value/cost-rows.dialog';
import { FindingCard } from './finding-card';
import { recommendation } from './testing/run-fixtures';

const API = '/api/v1';
const today = () => new Date().toISOString().slice(0, 10);

const proof = (implementedOn: string): ProofView => ({
  id: 'proof_1',
  recommendationId: 'rec_caching',
  status: 'baseline',
  implementedOn,
  reportingDays: 14,
  reportingEndsOn: '2026-11-28',
  verdict: null,
  currency: 'USD',
  savings: null,
  interim: null,
  signed: null,
  createdAt: '2026-11-20T10:00:00.000Z',
  finishedAt: null,
});

const detected: ImplementationDetection = {
  recommendationId: 'rec_caching',
  status: 'detected',
  explanation: 'Apex sees this change in your data from 2026-11-15: confirm it to start measuring.',
  change: {
    kind: 'cached_share_jumped',
    firstDay: '2026-11-15',
    measure: "the cached share of gpt-4o's input tokens",
    before: { from: '2026-11-01', to: '2026-11-14', days: 14, numerator: '5600000', denominator: '56000000', sharePercent: '10.00' },
    after: { from: '2026-11-15', to: '2026-11-21', days: 7, numerator: '16800000', denominator: '28000000', sharePercent: '60.00' },
    thresholdPoints: '15',
  },
};

describe('Marking a recommendation implemented from its run report', () => {
  let fixture: ComponentFixture<FindingCard>;
  let http: HttpTestingController;

  function show(finding: RecommendationView): void {
    TestBed.configureTestingModule({
      imports: [FindingCard],
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
        { provide: CostRowsDrillDown, useValue: { open: jest.fn() } },
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(FindingCard);
    fixture.componentRef.setInput('recommendation', finding);
    fixture.detectChanges();
  }

  afterEach(() => http.verify());

  const card = () => {
    fixture.detectChanges();
    return fixture.nativeElement as HTMLElement;
  };
  const text = (selector: string) => card().querySelector(selector)?.textContent?.replace(/\s+/g, ' ').trim() ?? null;
  const button = (label: string) => {
    const found = Array.from(card().querySelectorAll<HTMLButtonElement>('button')).find((b) => b.textContent?.replace(/\s+/g, ' ').trim() === label);
    if (!found) throw new Error(`no button "${label}"`);
    return found;
  };
  const dateInput = () => card().querySelector<HTMLInputElement>('input[type="date"]')!;

  it('asks for the day, today by default and no later, and shows "Measuring since" with a link to the proof', async () => {
    show(recommendation({ status: 'accepted' }));
    http.expectOne(`${API}/recommendations/rec_caching/implementation`).flush({ ...detected, status: 'not_detected', change: null, explanation: 'Apex sees no such change.' });
    button('Mark as implemented').click();
    expect(dateInput().value).toBe(today());
    expect(dateInput().max).toBe(today());
    expect(card().querySelector('[data-testid="detected-change"]')).toBeNull();

    dateInput().value = '2026-11-12';
    dateInput().dispatchEvent(new Event('input'));
    button('Confirm').click();
    const request = http.expectOne(`${API}/recommendations/rec_caching/implemented`);
    expect(request.request.method).toBe('POST');
    expect(request.request.body).toEqual({ implementedOn: '2026-11-12' });
    request.flush(proof('2026-11-12'));
    await fixture.whenStable();

    expect(text('[data-testid="measuring-since"]')).toBe('Measuring since 12 Nov 2026 · Proof of savings');
    expect(card().querySelector('[data-testid="measuring-since"] a')?.getAttribute('href')).toBe('/app/proofs/proof_1');
    expect(text('[data-testid="finding-status"]')).toBe('Implemented');
    expect(Array.from(card().querySelectorAll('button'), (b) => b.textContent?.trim())).not.toContain('Mark as implemented');
  });

  it('offers the day Apex sees the change, with its evidence, as soon as the card shows, and confirms it only when asked', () => {
    show(recommendation({ status: 'open' }));
    http.expectOne(`${API}/recommendations/rec_caching/implementation`).flush(detected);
    expect(text('[data-testid="detected-change"]')).toBe(
      "Apex sees this change in your data from 15 Nov 2026 (the cached share of gpt-4o's input tokens: 10.00 % over 2026-11-01 to 2026-11-14 (14 days), 60.00 % over 2026-11-15 to 2026-11-21 (7 days)) — Confirm 15 Nov 2026",
    );
    http.expectNone(`${API}/recommendations/rec_caching/implemented`);

    button('Confirm 15 Nov 2026').click();
    const request = http.expectOne(`${API}/recommendations/rec_caching/implemented`);
    expect(request.request.body).toEqual({ implementedOn: '2026-11-15' });
    request.flush(proof('2026-11-15'));
    expect(text('[data-testid="measuring-since"]')).toBe('Measuring since 15 Nov 2026 · Proof of savings');
  });

  it("shows the API's reason when it refuses the date, and keeps the form to try again", () => {
    show(recommendation({ status: 'accepted' }));
    http.expectOne(`${API}/recommendations/rec_caching/implementation`).flush({ ...detected, status: 'not_detectable', change: null, explanation: '…' });
    button('Mark as implemented').click();
    button('Confirm').click();
    http.expectOne(`${API}/recommendations/rec_caching/implemented`).flush(
      {
        type: 'https://apex.dev/problems/validation',
        title: 'Your request has invalid fields',
        status: 400,
        detail: 'Correct the fields listed in `errors` and send the request again.',
        errors: [{ field: 'implementedOn', message: 'implementedOn must not be before the recommendation existed (2026-11-20)' }],
      },
      { status: 400, statusText: 'Bad Request' },
    );
    expect(text('[role="alert"]')).toBe('Your request has invalid fields. implementedOn must not be before the recommendation existed (2026-11-20).');
    expect(card().querySelector('[data-testid="implemented-form"]')).not.toBeNull();
    expect(text('[data-testid="finding-status"]')).toBe('Accepted');

    button('Confirm').click();
    http.expectOne(`${API}/recommendations/rec_caching/implemented`).flush(
      { type: 'https://apex.dev/problems/conflict', title: 'The recommendation cannot be marked implemented', status: 409, detail: 'Recommendation rec_caching is dismissed, and a proof of a dismissed recommendation is refused: accept it first.' },
      { status: 409, statusText: 'Conflict' },
    );
    expect(text('[role="alert"]')).toBe(
      'The recommendation cannot be marked implemented. Recommendation rec_caching is dismissed, and a proof of a dismissed recommendation is refused: accept it first.',
    );
  });

  it('shows an implemented recommendation measuring since its date, and offers nothing to mark', () => {
    show(recommendation({ status: 'implemented' }));
    http.expectOne(`${API}/proofs?recommendationId=rec_caching`).flush([proof('2026-11-15')]);
    expect(text('[data-testid="measuring-since"]')).toBe('Measuring since 15 Nov 2026 · Proof of savings');
    expect(() => button('Mark as implemented')).toThrow();
    http.expectNone(`${API}/recommendations/rec_caching/implementation`);
  });
});
