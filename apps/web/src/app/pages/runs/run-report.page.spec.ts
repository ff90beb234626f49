import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { RunDetail } from '@apex/contracts';
import { RUN_POLL_MS } from './run-poll';
import { RunReportPage } from './run-report.page';
import { detail, progress, recommendation, report, RUN_ID } from './testing/run-fixtures';

const URL = `/api/v1/runs/${RUN_ID}`;

describe('RunReportPage', () => {
  let fixture: ComponentFixture<RunReportPage>;
  let http: HttpTestingController;

  beforeEach(() => {
    jest.useFakeTimers();
    TestBed.configureTestingModule({
      imports: [RunReportPage],
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(RunReportPage);
    fixture.componentRef.setInput('id', RUN_ID);
    fixture.detectChanges();
  });

  afterEach(() => {
    // Each open finding asks whether Apex sees it implemented (see implementation-action.spec); not this page's concern.
    http.match((r) => r.url.endsWith('/implementation'));
    http.verify();
    jest.useRealTimers();
  });

  const page = () => {
    fixture.detectChanges();
    return fixture.nativeElement as HTMLElement;
  };
  const text = (selector: string) => page().querySelector(selector)?.textContent?.replace(/\s+/g, ' ').trim() ?? null;
  const texts = (selector: string) => Array.from(page().querySelectorAll(selector), (e) => e.textContent?.replace(/\s+/g, ' ').trim());
  const answer = (ms: number, run: RunDetail) => {
    jest.advanceTimersByTime(ms);
    http.expectOne({ method: 'GET', url: URL }).flush(run);
    page();
  };

  it('follows the run while it works, then shows its report', () => {
    answer(0, detail('running', { progress: progress({ agent: 'batch', completed: ['data', 'prompt_caching'], findings: 1 }) }));
    expect(texts('[data-testid="agent-state"]')).toEqual(['Done', 'Done', 'Working', 'Waiting']);
    expect(page().querySelector('[data-testid="report-summary"]')).toBeNull();

    const batch = recommendation({ id: 'rec_batch', kind: 'batch', title: 'Send gpt-4o requests that can wait up to 24 hours through the Batch API', monthlySavings: { low: '90', expected: '226.25', high: '360' } });
    answer(
      RUN_POLL_MS,
      detail('succeeded', {
        report: report({
          findings: [batch, recommendation()],
          potentialMonthlySavings: [{ currency: 'USD', amount: '413.75' }],
          unpriced: [{ name: 'acme-llm-7b', provider: 'Acme', amount: '12.5', rowCount: 3, reason: 'No price-book entry matches acme-llm-7b.' }],
          locked: [
            {
              tier: 'early',
              feature: 'advanced_optimization',
              findingCount: 2,
              upTo: [{ currency: 'USD', monthlySavings: '412.5' }],
              upgrade: { tier: 'early', name: 'Early', runLimit: 100, windowSeconds: 18000, pricing: { rule: 'flat_or_percent', flatMonthlyCents: 9900, percentOfSpend: '2.00', contractPercentMin: null, contractPercentMax: null } },
            },
          ],
        }),
      }),
    );
    expect(page().querySelector('[data-testid="active-run"]')).toBeNull();
    expect(text('[data-testid="report-summary"]')).toBe('Apex analysed 30 cost rows of the last 30 days, $1,050.00 of AI spend, priced with price book version 1.');
    expect(text('[data-testid="summary-source"]')).toBe('Written from a template of the figures Apex computed.');
    expect(text('[data-testid="report-potential"] h2')).toBe('Potential monthly savings');
    expect(texts('[data-testid="potential-amount"]')).toEqual(['$413.75']);
    expect(text('[data-testid="price-book-version"]')).toBe('Priced with price book version 1.');
    expect(texts('[data-testid="finding-title"]')).toEqual([batch.title, recommendation().title]);
    expect(texts('[data-testid="finding-expected"]')).toEqual(['$226.25', '$187.50']);
    expect(text('[data-testid="locked-findings"] p')).toBe('2 more findings, up to $412.50 a month in potential savings, on Early.');
    expect(page().querySelector('[data-testid="locked-findings"] a')?.getAttribute('href')).toBe('/app/upgrade');
    expect(texts('[data-testid="unpriced-row"] > *')).toEqual(['acme-llm-7b', 'Acme', '$12.50', '3', 'No price-book entry matches acme-llm-7b.']);
    // Only measured proofs are savings: every amount on the report is called a potential.
    expect(page().textContent).not.toMatch(/\b(you )?saved\b/i);

    jest.advanceTimersByTime(10 * RUN_POLL_MS);
    http.expectNone(URL);
  });

  it('says when a language model wrote the summary', () => {
    answer(
      0,
      detail('succeeded', {
        report: report({ summarySource: 'model', narrative: { model: 'gpt-4o-mini', promptTokens: 900, completionTokens: 120, cost: '0.0002', discarded: null } }),
      }),
    );
    expect(text('[data-testid="summary-source"]')).toBe('Written by a language model (gpt-4o-mini) around the figures Apex computed.');
  });

  it('leads to uploading or connecting cost data when there was none to analyse', () => {
    const summary = 'There is no cost data to analyse yet. Upload a FOCUS file or connect a cloud or AI account on the value page, then start a run again.';
    answer(0, detail('succeeded', { report: report({ status: 'no_data', summary, findings: [], potentialMonthlySavings: [], profiles: [], priceBookVersion: null }) }));
    expect(text('[data-testid="no-data-state"] h2')).toBe('No data to analyse');
    expect(text('[data-testid="no-data-state"] p')).toBe(summary);
    expect(page().querySelector('[data-testid="no-data-state"] a')?.getAttribute('href')).toBe('/app/value');
    expect(page().querySelector('[data-testid="finding"]')).toBeNull();
  });

  it('says how a run without a report ended', () => {
    answer(0, detail('failed', { failure: 'The data agent timed out.' }));
    expect(text('[data-testid="run-outcome"]')).toContain('Failed: The data agent timed out.');
  });

  it('says so when the run is not the organisation\'s', () => {
    jest.advanceTimersByTime(0);
    http.expectOne(URL).flush({ type: 'https://apex.dev/problems/not-found', title: 'Run not found', status: 404 }, { status: 404, statusText: 'Not Found' });
    expect(text('[data-testid="run-not-found"]')).toBe('There is no such run in your organisation.');
  });
});
