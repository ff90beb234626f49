import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component, input } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { provideNoopAnimations } from '@angular/platform-browser/animations';
import { provideRouter } from '@angular/router';
import type { ProofView } from '@apex/contracts';
import { ProofReportPage } from './proof-report.page';
import { ProofShareLinks } from './share-links/proof-share-links';
import { entitlements, finishedProof, measuringProof, PLANS, PROOF_ID, RECOMMENDATION_ID } from './testing/proof-fixtures';

const API = '/api/v1';

/** The share-links panel has its own spec; here it only has to be where the page puts it. */
@Component({ selector: 'apex-proof-share-links', template: '' })
class ShareLinksStandIn {
  readonly proofId = input.required<string>();
}

describe('ProofReportPage', () => {
  let fixture: ComponentFixture<ProofReportPage>;
  let http: HttpTestingController;

  beforeEach(() => {
    jest.useFakeTimers({ now: new Date('2026-12-03T10:00:00Z'), doNotFake: ['queueMicrotask', 'nextTick'] });
    TestBed.configureTestingModule({
      imports: [ProofReportPage],
      providers: [
        provideRouter([]),
        provideNoopAnimations(),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
      ],
    }).overrideComponent(ProofReportPage, { remove: { imports: [ProofShareLinks] }, add: { imports: [ShareLinksStandIn] } });
    http = TestBed.inject(HttpTestingController);
  });
  afterEach(() => {
    fixture.destroy();
    http.verify();
    jest.useRealTimers();
  });

  /** Opens the page on a proof, on a plan of the tier. */
  function open(proof: ProofView, tier: 'free' | 'early' = 'early'): void {
    fixture = TestBed.createComponent(ProofReportPage);
    fixture.componentRef.setInput('id', PROOF_ID);
    fixture.detectChanges();
    http.expectOne(`${API}/entitlements`).flush(entitlements(tier));
    http.expectOne(`${API}/plans`).flush(PLANS);
    http.expectOne(`${API}/proofs/${PROOF_ID}`).flush(proof);
    fixture.detectChanges();
    http.expectOne(`${API}/recommendations/${RECOMMENDATION_ID}`).flush({ id: RECOMMENDATION_ID, title: 'Move gpt-4o traffic to gpt-4o-mini' });
    fixture.detectChanges();
  }

  const page = () => {
    fixture.detectChanges();
    return fixture.nativeElement as HTMLElement;
  };
  const words = (element: Element | null | undefined) => element?.textContent?.replace(/\s+/g, ' ').trim() ?? null;
  const text = (testId: string) => words(page().querySelector(`[data-testid="${testId}"]`));
  const button = (testId: string) => page().querySelector<HTMLButtonElement>(`[data-testid="${testId}"]`)!;
  const overlay = () => document.querySelector('.cdk-overlay-container') as HTMLElement;

  it('shows a measuring proof’s reading as interim, with the days left, and no verdict or report', () => {
    open(measuringProof());
    expect(text('proof-recommendation')).toBe('Move gpt-4o traffic to gpt-4o-mini');
    expect(text('interim-label')).toBe('Interim · not a verdict');
    expect(text('proof-interim')).toContain('5 days measured');
    expect(text('interim-savings')).toBe('$42.30');
    // 3 Dec to 11 Dec, both still to be measured.
    expect(text('proof-days-left')).toBe('9 days left in the reporting period, which ends on 11 Dec 2026.');
    expect(page().querySelector('apex-proof-report-view')).toBeNull();
    expect(page().textContent).not.toContain('Verified saving');
    expect(button('download-pdf').disabled).toBe(true);
    expect(button('download-csv').disabled).toBe(false);
  });

  it('asks before ending the period, says a period under 7 days verifies nothing, and ends it', () => {
    open(measuringProof());
    button('end-period').click();
    fixture.detectChanges();
    expect(words(overlay().querySelector('mat-dialog-content'))).toBe(
      'The proof takes its last reading and calculates its verdict now, after 5 of its 14 days. A reporting period under 7 days verifies nothing: its verdict can be inconclusive at best. This cannot be undone.',
    );
    const confirm = Array.from(overlay().querySelectorAll('button')).find((b) => words(b) === 'End the period')!;
    confirm.click();
    // The dialog answers once it has closed.
    jest.advanceTimersByTime(500);
    fixture.detectChanges();
    const request = http.expectOne(`${API}/proofs/${PROOF_ID}/end-reporting-period`);
    expect(request.request.method).toBe('POST');
    request.flush(measuringProof(), { status: 202, statusText: 'Accepted' });
    fixture.detectChanges();
    http.expectOne(`${API}/proofs/${PROOF_ID}`).flush({ ...measuringProof(), status: 'calculating' });
    expect(text('proof-working')).toContain('Calculating the verdict');
  });

  it('shows a verified proof: the saving with its 68 % and 90 % band, chart, method, price-book versions and signature', () => {
    open(finishedProof('verified'));
    expect(words(page().querySelector('.verdict-title'))).toBe('Verified saving');
    expect(words(page().querySelector('.verdict-sentence'))).toBe('The measured savings are larger than twice their 68 % uncertainty: this is a verified saving.');
    expect(text('proof-savings')).toBe('$16.92 (47.00 % of the adjusted baseline)');
    expect(text('proof-band')).toBe('±$2.10 at 68 % confidence · ±$3.46 at 90 % confidence');
    expect(text('proof-adjusted-baseline')).toBe('$36.00');
    expect(text('proof-actual')).toBe('$19.08');
    expect(text('proof-price-books')).toBe('Baseline priced at version 3; reporting period at version 3, version 4.');
    expect(text('proof-method')).toContain('IPMVP Option B: the measurement boundary is openai gpt-4o');
    expect(page().querySelector('[data-testid="proof-chart"] ngx-charts-line-chart')).not.toBeNull();
    expect(text('proof-signature')).toContain('c'.repeat(64));
    expect(page().querySelector('apex-proof-share-links')).not.toBeNull();
    expect(button('download-pdf').disabled).toBe(false);
    expect(page().querySelector('[data-testid="gated-notice"]')).toBeNull();
  });

  it('opens a figure’s cost rows: the period’s filters from the proof, in the cost rows dialog', () => {
    open(finishedProof('verified'));
    page().querySelector<HTMLButtonElement>('[data-testid="proof-baseline-total"] button')!.click();
    const filters = {
      baseline: [{ from: '2026-11-13', to: '2026-11-15', scope: 'ai', currency: 'USD', provider: 'OpenAI', model: 'gpt-4o' }],
      reporting: [],
    };
    http.expectOne(`${API}/proofs/${PROOF_ID}/evidence-filters`).flush(filters);
    fixture.detectChanges();
    const rows = http.expectOne((request) => request.url.startsWith(`${API}/metrics/rows?`));
    expect(rows.request.url).toContain('from=2026-11-13');
    expect(rows.request.url).toContain('model=gpt-4o');
    rows.flush({ filter: filters.baseline[0], totals: [{ currency: 'USD', amount: '36.00', rowCount: 2 }], items: [], next: null });
    fixture.detectChanges();
    expect(words(overlay().querySelector('[data-testid="rows-total"]'))).toBe('2 rows totalling $36.00');
  });

  it.each([
    ['inconclusive', 'Inconclusive'],
    ['no_savings', 'No savings'],
    ['insufficient_baseline', 'Insufficient baseline'],
  ] as const)('never calls a %s proof a saving', (verdict, title) => {
    open(finishedProof(verdict));
    expect(text('proof-verdict')).toContain(title);
    expect(text('proof-verdict')).toContain('not');
    expect(text('proof-figures')).toContain('Measured difference');
    expect(page().textContent).not.toContain('Verified saving');
  });

  it('shows Free the upgrade prompt under the export buttons, which it cannot use', () => {
    open(finishedProof('verified'), 'free');
    const exports = page().querySelector('[data-testid="proof-exports"]')!;
    expect(words(exports.querySelector('[data-testid="gated-notice"]'))).toContain('Basic analytics is part of Early');
    expect(button('download-pdf').disabled).toBe(true);
    expect(button('download-csv').disabled).toBe(true);
    // The report itself is for every plan.
    expect(text('proof-verdict')).toContain('Verified saving');
  });
});
