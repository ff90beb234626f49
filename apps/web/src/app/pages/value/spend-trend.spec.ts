import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import type { CurrencyProjection, SpendTrend as SpendTrendView } from '@apex/contracts';
import { SpendTrend } from './spend-trend';

const METHOD = 'A projection, not a measured figure: the AI spend measured from the 1st of the month through the latest day with data, divided by the days that covers, times the days in the month.';
const rows = (from: string, to: string) => ({ from, to, scope: 'ai' as const, currency: 'USD' });

function trend(projection: Partial<CurrencyProjection>): SpendTrendView {
  return {
    basis: 'effective',
    asOf: '2025-05-20',
    months: [
      { month: '2025-04', from: '2025-04-01', to: '2025-05-01', complete: true, totals: [{ currency: 'USD', amount: '30', rowCount: 30, rows: rows('2025-04-01', '2025-05-01'), changePercent: '-12.5' }] },
      { month: '2025-05', from: '2025-05-01', to: '2025-05-21', complete: false, totals: [{ currency: 'USD', amount: '10.05', rowCount: 8, rows: rows('2025-05-01', '2025-05-21'), changePercent: null }] },
    ],
    projection: {
      month: '2025-05',
      method: METHOD,
      minDaysOfData: 7,
      daysInMonth: 31,
      message: null,
      currencies: [
        {
          currency: 'USD',
          status: 'projected',
          monthToDate: { currency: 'USD', amount: '10.05', rowCount: 8, rows: rows('2025-05-01', '2025-05-21') },
          daysWithData: 8,
          daysObserved: 8,
          projectedMonthEnd: '38.94',
          message: 'Projected from 8 days of 31: 10.05 ÷ 8 × 31.',
          ...projection,
        },
      ],
    },
  };
}

describe('SpendTrend', () => {
  let fixture: ComponentFixture<SpendTrend>;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ imports: [SpendTrend], providers: [provideHttpClient(), provideHttpClientTesting()] });
    fixture = TestBed.createComponent(SpendTrend);
    http = TestBed.inject(HttpTestingController);
    fixture.componentRef.setInput('asOf', '2025-05-20');
    fixture.componentRef.setInput('currency', 'USD');
  });

  afterEach(() => http.verify());

  const show = async (answer: SpendTrendView) => {
    fixture.detectChanges();
    http.expectOne('/api/v1/metrics/trend?asOf=2025-05-20&basis=effective').flush(answer);
    await fixture.whenStable();
  };
  const text = (selector: string) => (fixture.nativeElement as HTMLElement).querySelector(selector)?.textContent?.replace(/\s+/g, ' ').trim();

  it('labels the projected month end as a projection and states how it is made', async () => {
    await show(trend({}));
    expect(text('[data-testid="projected-month-end"]')).toBe('$38.94');
    expect(text('.projected .label')).toBe('Projection, not measured');
    expect(text('[data-testid="projection-message"]')).toBe('Projected from 8 days of 31: 10.05 ÷ 8 × 31.');
    expect(text('.method')).toBe(METHOD);
    const cells = Array.from((fixture.nativeElement as HTMLElement).querySelectorAll('tbody tr'), (tr) =>
      Array.from(tr.children, (cell) => cell.textContent?.trim()),
    );
    expect(cells).toEqual([
      ['April 2025', '$30.00', '−12.5%'],
      ['May 2025 (to 20 May 2025)', '$10.05', '—'],
    ]);
  });

  it('shows no projected figure without enough days of data, and says why', async () => {
    await show(trend({ status: 'not_enough_data', daysWithData: 5, projectedMonthEnd: null, message: 'Not enough data to project: 5 of the 7 days with AI spend a projection needs.' }));
    expect(text('[data-testid="projected-month-end"]')).toBeUndefined();
    expect(text('[data-testid="projection-message"]')).toBe('Not enough data to project: 5 of the 7 days with AI spend a projection needs.');
  });
});
