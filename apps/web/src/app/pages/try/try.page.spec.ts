import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ApplicationRef } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { provideRouter } from '@angular/router';
import type { RecommendationView, RoiForecast, RunReport, SandboxCreated, SandboxView } from '@apex/contracts';
import { TryPage } from './try.page';

const TOKEN = 'k'.repeat(43);
const UPLOAD = '/api/v1/sandboxes?fileName=ai-tokens.csv';
const CURRENT = '/api/v1/sandboxes/current';

const finding = (kind: RecommendationView['kind'], title: string, low: string, expected: string, high: string) =>
  ({ id: `rec-${kind}`, kind, title, currency: 'USD', monthlySavings: { low, expected, high } }) as RecommendationView;

/** The API's figures for the fixture of the API spec: caching 187.50 a month and batch 20.63, on Free; ROI priced on Early. */
const REPORT = {
  runId: 'run-1',
  status: 'analysed',
  summary: 'Two findings.',
  findings: [finding('prompt_caching', 'Cache the repeated start of gpt-4o prompts', '93.75', '187.50', '281.25'), finding('batch', 'Move gpt-4o work that can wait to the Batch API', '10.31', '20.63', '41.25')],
  potentialMonthlySavings: [{ currency: 'USD', amount: '208.13' }],
  locked: [{ tier: 'early', feature: 'advanced_optimization', findingCount: 2, upTo: [{ currency: 'USD', monthlySavings: '120.00' }], upgrade: null }],
} as unknown as RunReport;

const FREE_ROI = {
  status: 'ready',
  message: 'Based on your usage, Apex will save you $208.13 a month ($104.06–$322.50).',
  spend: { from: '2025-11-01', to: '2025-12-01', measured: '1062.00', rowCount: 31, spendScale: '1', scaled: '1062.00' },
  fee: { status: 'free', tier: 'free', description: 'Free plan: no charge' },
  scenarios: null,
} as unknown as RoiForecast;

const EARLY_ROI = {
  ...FREE_ROI,
  fee: { status: 'charged', tier: 'early', monthly: '21.24', description: '2% of $1,062.00 measured AI spend (31 cost rows), less than the $99.00 flat price' },
  scenarios: {
    verified: { status: 'no_savings' },
    verifiedAndPotential: {
      includes: 'verified_and_potential',
      status: 'computed',
      monthlySavings: { low: '104.06', expected: '208.13', high: '322.50' },
      roiPercent: { low: '389.9', expected: '879.9', high: '1418.4' },
      breakevenDays: { low: '6.1', expected: '3.1', high: '2.0' },
      message: 'ROI on verified and potential savings: 879.9%.',
    },
  },
} as unknown as RoiForecast;

const view = (status: SandboxView['run']['status'], report: RunReport | null): SandboxView => ({
  sandboxId: 'sb-1',
  expiresAt: '2026-12-04T18:00:00.000Z',
  file: { fileName: 'ai-tokens.csv', rowCount: 31, periodStart: '2025-11-01T00:00:00.000Z', periodEnd: '2025-12-01T00:00:00.000Z' },
  run: { id: 'run-1', status, failure: null, progress: status === 'running' ? { agent: 'caching', completed: ['data'], planned: ['data', 'caching', 'batch', 'reporting'], findings: 0, state: 'working' } : null },
  report,
  roi: FREE_ROI,
  earlyRoi: EARLY_ROI,
} as SandboxView);

describe('TryPage: ROI before sign-up', () => {
  let fixture: ComponentFixture<TryPage>;
  let http: HttpTestingController;

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({
      imports: [TryPage],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting(), { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } }],
    });
    http = TestBed.inject(HttpTestingController);
  });
  afterEach(() => http.verify());

  const open = () => {
    fixture = TestBed.createComponent(TryPage);
    fixture.detectChanges();
  };
  const settle = async () => {
    await TestBed.inject(ApplicationRef).whenStable();
    fixture.detectChanges();
  };
  const page = () => fixture.nativeElement as HTMLElement;
  const text = (testId: string) => page().querySelector(`[data-testid="${testId}"]`)?.textContent?.replace(/\s+/g, ' ').trim() ?? null;
  const drop = (file: File) => {
    const input = page().querySelector<HTMLInputElement>('[data-testid="sandbox-file-input"]')!;
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
    input.dispatchEvent(new Event('change'));
  };
  const csv = () => new File(['BilledCost,BillingCurrency\n'], 'ai-tokens.csv', { type: 'text/csv' });

  it('sends the file without a session, follows the analysis, and shows the potential savings and the ROI with the way to keep them', async () => {
    open();
    drop(csv());
    const upload = http.expectOne(UPLOAD);
    expect(upload.request.method).toBe('POST');
    expect(upload.request.headers.get('Content-Type')).toBe('text/csv');
    expect(upload.request.headers.has('Authorization')).toBe(false);
    upload.flush({ sandboxId: 'sb-1', token: TOKEN, expiresAt: '2026-12-04T18:00:00.000Z', file: {} } as SandboxCreated);
    await settle();

    const running = http.expectOne(CURRENT);
    expect(running.request.headers.get('x-sandbox-token')).toBe(TOKEN);
    running.flush(view('running', null));
    await settle();
    expect(text('sandbox-status')).toBe('Loaded 31 cost rows of ai-tokens.csv. Analysing: the caching agent is at work…');
    expect(localStorage.getItem('apex.sandbox-token')).toBe(TOKEN);

    await new Promise((resolve) => setTimeout(resolve, 1600));
    http.expectOne(CURRENT).flush(view('succeeded', REPORT));
    await settle();

    expect(text('sandbox-file')).toBe('Analysed 31 cost rows of ai-tokens.csv (1 Nov 2025 to 30 Nov 2025).');
    expect(text('sandbox-potential-figure')).toBe('$208.13 a month');
    expect(text('sandbox-potential')).toContain('It is not a saving until Apex measures it');
    const findings = Array.from(page().querySelectorAll('[data-testid="sandbox-finding"]')).map((li) => Array.from(li.children).map((part) => part.textContent!.trim()).join(' · '));
    expect(findings).toEqual([
      'Cache the repeated start of gpt-4o prompts · $187.50 a month · potential, $93.75–$281.25',
      'Move gpt-4o work that can wait to the Batch API · $20.63 a month · potential, $10.31–$41.25',
    ]);
    expect(text('sandbox-locked')).toBe('2 more findings on Early, up to $120.00 a month in potential savings.');
    expect(text('sandbox-roi-headline')).toBe('Based on your usage, Apex will save you $208.13 a month ($104.06–$322.50).');
    expect(text('sandbox-roi-percent')).toBe('879.9% ROI on Early (389.9% to 1,418.4%)');
    expect(text('sandbox-breakeven')).toBe('Breakeven in 3.1 days.');
    expect(text('sandbox-fee')).toContain('2% of $1,062.00 measured AI spend');
    expect(text('sandbox-spend')).toBe('Measured AI spend: $1,062.00 over the 30 days from 1 Nov 2025 to 30 Nov 2025 (31 cost rows).');
    expect(text('sandbox-expiry')).toBe('Unless you keep it, this sandbox and your file are deleted on 4 Dec 2026, 18:00 UTC.');
    expect(page().querySelector('[data-testid="sandbox-keep"]')!.getAttribute('href')).toBe(`/signup?sandbox=${TOKEN}`);
    expect(page().textContent).not.toMatch(/\bsaved\b/i);
  });

  it('says why a file was refused, line by line, and offers the drop zone again', async () => {
    open();
    drop(csv());
    http.expectOne(UPLOAD).flush(
      {
        type: 'https://apex.dev/problems/cost-file-invalid',
        title: 'The cost file was refused',
        status: 422,
        detail: 'ai-tokens.csv has 1 problem. Nothing of it was stored: correct the file and upload it again.',
        errors: [{ file: 'ai-tokens.csv', line: 1, column: null, field: 'header', message: 'This is not a FOCUS file: the mandatory columns ChargePeriodStart, ChargePeriodEnd are missing.' }],
        moreErrors: 0,
      },
      { status: 422, statusText: 'Unprocessable Entity', headers: { 'content-type': 'application/problem+json' } },
    );
    await settle();
    expect(text('sandbox-error-message')).toBe('The cost file was refused. ai-tokens.csv has 1 problem. Nothing of it was stored: correct the file and upload it again.');
    expect(text('sandbox-error-line')).toBe('Line 1: This is not a FOCUS file: the mandatory columns ChargePeriodStart, ChargePeriodEnd are missing.');
    expect(page().querySelector('[data-testid="sandbox-drop-zone"]')).not.toBeNull();
    expect(localStorage.getItem('apex.sandbox-token')).toBeNull();
  });

  it('takes an OpenAI usage export as .json, says which JSON it reads, and sends it as JSON', async () => {
    open();
    expect(page().querySelector('[data-testid="sandbox-file-input"]')!.getAttribute('accept')!.split(',')).toEqual(
      expect.arrayContaining(['.csv', '.gz', '.json', 'application/json']),
    );
    expect(text('sandbox-drop-zone')).toContain('Drop your FOCUS file or OpenAI usage export here');
    expect(text('sandbox-openai-help')).toBe(
      "An OpenAI usage export is the JSON that OpenAI's Costs API (GET /v1/organization/costs) or Usage API for completions " +
        '(GET /v1/organization/usage/completions) answers, kept as a .json file (or gzip of it): one page as OpenAI returns it, an array of pages, ' +
        'or {"costs": page or [pages], "usage": page or [pages]}. The money comes from the Costs pages; the Usage pages add the token and request counts.',
    );

    drop(new File(['{"object":"page"}'], 'openai-costs.json', { type: '' }));
    const upload = http.expectOne('/api/v1/sandboxes?fileName=openai-costs.json');
    expect(upload.request.headers.get('Content-Type')).toBe('application/json');
    upload.flush(
      {
        type: 'https://apex.dev/problems/cost-file-invalid',
        title: 'The cost file was refused',
        status: 422,
        detail: 'openai-costs.json has 1 problem. Nothing of it was stored: correct the file and upload it again.',
        errors: [{ file: 'openai-costs.json', line: null, column: 'data[0].results[0].amount.value', field: 'data[0].results[0].amount.value', message: 'must be the amount as a JSON number' }],
        moreErrors: 0,
      },
      { status: 422, statusText: 'Unprocessable Entity', headers: { 'content-type': 'application/problem+json' } },
    );
    await settle();
    expect(text('sandbox-error-line')).toBe('data[0].results[0].amount.value: must be the amount as a JSON number');

    drop(new File([new Uint8Array([0x1f, 0x8b])], 'openai-export.json.gz', { type: 'application/gzip' }));
    expect(http.expectOne('/api/v1/sandboxes?fileName=openai-export.json.gz').request.headers.get('Content-Type')).toBe('application/gzip');
  });

  it('refuses a file over the limit with the limit in words', async () => {
    open();
    drop(csv());
    http.expectOne(UPLOAD).flush(
      { type: 'https://apex.dev/problems/payload-too-large', title: 'The cost file is too large', status: 413, detail: 'Uploads are limited to 20 MB; nothing was stored. Split the export by month, or gzip it.' },
      { status: 413, statusText: 'Payload Too Large', headers: { 'content-type': 'application/problem+json' } },
    );
    await settle();
    expect(text('sandbox-error')).toBe('The cost file is too large. Uploads are limited to 20 MB; nothing was stored. Split the export by month, or gzip it.');
  });

  it('reopens this browser’s sandbox from its token, and forgets a token the API no longer knows', async () => {
    localStorage.setItem('apex.sandbox-token', TOKEN);
    open();
    http.expectOne(CURRENT).flush(
      { type: 'https://apex.dev/problems/sandbox-unavailable', title: 'This sandbox is no longer available', status: 410, detail: 'This sandbox does not exist or has expired.' },
      { status: 410, statusText: 'Gone', headers: { 'content-type': 'application/problem+json' } },
    );
    await settle();
    expect(text('sandbox-error')).toBe('This sandbox is no longer available. This sandbox does not exist or has expired.');
    expect(localStorage.getItem('apex.sandbox-token')).toBeNull();
  });
});
