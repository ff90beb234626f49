import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { MatDialog } from '@angular/material/dialog';
import type { RunView } from '@apex/contracts';
import { RUN_POLL_MS } from './run-poll';
import { RunsPage } from './runs.page';
import { detail, progress, RUN_ID } from './testing/run-fixtures';

const API = '/api/v1';
const OLD_ID = 'run_older0000000000000000000';

const view = (status: RunView['status'], id = RUN_ID): RunView => {
  const { progress: _p, report: _r, ...run } = detail(status, { id });
  return run;
};

describe('RunsPage', () => {
  let fixture: ComponentFixture<RunsPage>;
  let http: HttpTestingController;

  beforeEach(() => {
    jest.useFakeTimers();
    TestBed.configureTestingModule({
      imports: [RunsPage],
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([]), { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } }],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(RunsPage);
    fixture.detectChanges();
  });

  afterEach(() => {
    TestBed.inject(MatDialog).closeAll();
    http.verify();
    jest.useRealTimers();
  });

  const page = () => {
    fixture.detectChanges();
    return fixture.nativeElement as HTMLElement;
  };
  const texts = (selector: string, root: ParentNode = page()) =>
    Array.from(root.querySelectorAll(selector), (e) => e.textContent?.replace(/\s+/g, ' ').trim());
  const button = (label: string, root: ParentNode = page()) => {
    const found = Array.from(root.querySelectorAll<HTMLButtonElement>('button')).find((b) => b.textContent?.trim() === label);
    if (!found) throw new Error(`no button "${label}"`);
    return found;
  };
  /** Lets the timers run, then answers the poll of the run. */
  const poll = (ms: number, answer: ReturnType<typeof detail>) => {
    jest.advanceTimersByTime(ms);
    http.expectOne({ method: 'GET', url: `${API}/runs/${answer.id}` }).flush(answer);
    page();
  };
  const list = (items: RunView[]) => {
    http.expectOne({ method: 'GET', url: `${API}/runs` }).flush({ items, next: null });
    page();
  };

  it('starts a run and follows it by agent every 1.5 s until it ends, then lists it with what it found', () => {
    list([view('succeeded', OLD_ID)]);
    http.expectOne(`${API}/runs/${OLD_ID}`).flush(detail('succeeded', { id: OLD_ID }));
    expect(texts('[data-testid="history-findings"]')).toEqual(['1']);
    expect(texts('[data-testid="history-potential"]')).toEqual(['$187.50']);

    button('Start a run').click();
    const start = http.expectOne({ method: 'POST', url: `${API}/runs` });
    expect(start.request.headers.get('Idempotency-Key')).toBeTruthy();
    start.flush(view('admitted'));
    page();

    poll(0, detail('running'));
    expect(texts('[data-testid="active-run-status"]')).toEqual(['Running']);
    expect(texts('[data-testid="agent-step"] .name')).toEqual(['Profile your spend', 'Prompt caching', 'Batch processing', 'Write the report']);
    expect(texts('[data-testid="agent-state"]')).toEqual(['Done', 'Working', 'Waiting', 'Waiting']);
    expect(texts('[data-testid="findings-so-far"]')).toEqual(['No findings yet.']);
    // The history's row shows what the poll saw.
    expect(texts('[data-testid="history-status"]')).toEqual(['Running', 'Finished']);

    poll(RUN_POLL_MS, detail('running', { progress: progress({ agent: 'reporting', completed: ['data', 'prompt_caching', 'batch'], findings: 1 }) }));
    expect(texts('[data-testid="agent-state"]')).toEqual(['Done', 'Done', 'Done', 'Working']);
    expect(texts('[data-testid="findings-so-far"]')).toEqual(['1 finding so far.']);

    poll(RUN_POLL_MS, detail('succeeded'));
    expect(texts('[data-testid="run-outcome"]')[0]).toContain('Finished: 1 finding, $187.50 a month in potential savings.');
    expect(page().querySelector('[data-testid="active-run"] a')?.getAttribute('href')).toBe(`/app/runs/${RUN_ID}`);
    expect(texts('[data-testid="active-run"] button')).toEqual([]);

    list([view('succeeded'), view('succeeded', OLD_ID)]);
    http.expectOne(`${API}/runs/${RUN_ID}`).flush(detail('succeeded'));
    expect(texts('[data-testid="history-status"]')).toEqual(['Finished', 'Finished']);
    expect(page().querySelector('[data-testid="history-row"] a')?.getAttribute('href')).toBe(`/app/runs/${RUN_ID}`);

    jest.advanceTimersByTime(10 * RUN_POLL_MS);
    http.expectNone(`${API}/runs/${RUN_ID}`);
  });

  it('follows a run already working when the page opens, and cancels it once confirmed', async () => {
    list([view('running')]);
    poll(0, detail('running'));

    button('Cancel run').click();
    fixture.detectChanges();
    const dialog = document.querySelector('apex-confirm-dialog') as HTMLElement;
    expect(dialog.textContent).toContain('Cancel this run?');
    button('Cancel run', dialog).click();
    // The dialog answers once it has closed.
    await jest.advanceTimersByTimeAsync(1);
    http.expectOne({ method: 'POST', url: `${API}/runs/${RUN_ID}/cancel` }).flush(view('running'));
    expect(texts('[data-testid="active-run-status"]')).toEqual(['Cancelling']);

    poll(RUN_POLL_MS - 1, detail('cancelled'));
    expect(texts('[data-testid="run-outcome"]')[0]).toContain('Cancelled.');
    list([view('cancelled')]);
  });

  it('says the plan limit was reached, with the way to more runs', () => {
    list([]);
    expect(texts('[data-testid="no-runs"]')).toEqual(['No runs yet. Start one and follow it here.']);
    button('Start a run').click();
    http.expectOne(`${API}/runs`).flush(
      { type: 'https://apex.dev/problems/limit-reached', title: 'Run limit reached', status: 429, limit: 3, used: 3, resetAt: null, windowSeconds: 18000, upgrade: null },
      { status: 429, statusText: 'Too Many Requests' },
    );
    expect(texts('[data-testid="limit-notice"]')).toEqual(["You've used 3 of 3 runs in the last 5 hours.Compare plans"]);
  });

  it('says readably why a run could not start', () => {
    list([]);
    button('Start a run').click();
    http
      .expectOne(`${API}/runs`)
      .flush({ type: 'https://apex.dev/problems/run-not-started', title: 'The run could not be started', status: 503, detail: 'Temporal is unreachable' }, { status: 503, statusText: 'Service Unavailable' });
    expect(texts('[role="alert"]')).toEqual(['The run could not be started. Temporal is unreachable.']);
  });
});
