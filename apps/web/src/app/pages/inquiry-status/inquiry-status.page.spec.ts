import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { EnterpriseInquiryStatus, EnterpriseInquiryView } from '@apex/contracts';
import { ProblemType } from '@apex/contracts';
import { InquiryStatusPage } from './inquiry-status.page';
import { POLL_INTERVAL_MS } from './inquiry-poll';

const ID = 'inq_0123456789abcdef01234567';
const URL = `/api/v1/enterprise-inquiries/${ID}`;

const TOKEN = 'c'.repeat(43);

const view = (status: EnterpriseInquiryStatus): EnterpriseInquiryView => ({ id: ID, status });

describe('InquiryStatusPage', () => {
  let fixture: ComponentFixture<InquiryStatusPage>;
  let http: HttpTestingController;

  beforeEach(() => {
    jest.useFakeTimers();
    TestBed.configureTestingModule({
      imports: [InquiryStatusPage],
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(InquiryStatusPage);
    fixture.componentRef.setInput('id', ID);
    fixture.componentRef.setInput('token', TOKEN);
    fixture.detectChanges();
  });

  afterEach(() => {
    http.verify();
    jest.useRealTimers();
  });

  /** Lets the poll timer fire, then answers the one request it must have made. */
  const tick = (ms: number) => {
    jest.advanceTimersByTime(ms);
    const request = http.expectOne({ method: 'GET', url: URL });
    expect(request.request.headers.get('X-Inquiry-Token')).toBe(TOKEN);
    return request;
  };
  const render = () => {
    fixture.detectChanges();
    return fixture.nativeElement as HTMLElement;
  };
  const statusText = () => render().querySelector('[data-testid="inquiry-status"]')?.textContent?.trim();

  it('polls every second until the inquiry is acknowledged, then stops', () => {
    tick(0).flush(view('processing'));
    expect(statusText()).toBe('processing');

    tick(POLL_INTERVAL_MS).flush(view('received'));
    expect(statusText()).toBe('received');

    tick(POLL_INTERVAL_MS).flush(view('acknowledged'));
    expect(statusText()).toBe('acknowledged');
    expect(render().textContent).toContain("We've emailed you.");
    expect(render().textContent).toContain(ID);

    jest.advanceTimersByTime(10 * POLL_INTERVAL_MS);
    http.expectNone(URL);
  });

  it('keeps polling through a failed refresh and says so', () => {
    tick(0).flush(view('received'));
    tick(POLL_INTERVAL_MS).error(new ProgressEvent('error'), { status: 0 });
    expect(statusText()).toBe('received');
    expect(render().querySelector('[role="alert"]')?.textContent).toContain('We could not reach Apex.');

    tick(POLL_INTERVAL_MS).flush(view('acknowledged'));
    expect(statusText()).toBe('acknowledged');
    expect(render().querySelector('[role="alert"]')).toBeNull();
  });

  it('says there is no such inquiry on a 404 and stops polling', () => {
    tick(0).flush(
      { type: ProblemType.notFound, title: 'No such inquiry', status: 404, detail: `No Enterprise inquiry has the id ${ID}.` },
      { status: 404, statusText: 'Not Found', headers: { 'content-type': 'application/problem+json' } },
    );
    expect(render().querySelector('h1')?.textContent).toContain('No inquiry with this reference');
    expect(statusText()).toBeUndefined();

    jest.advanceTimersByTime(10 * POLL_INTERVAL_MS);
    http.expectNone(URL);
  });
});
