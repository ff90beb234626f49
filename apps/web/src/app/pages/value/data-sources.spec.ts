import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideNoopAnimations } from '@angular/platform-browser/animations';
import type { CostBackfillProgress, CostConnectionView } from '@apex/contracts';
import { CONNECTION_POLL_MS, DataSources } from './data-sources';

const backfill = (monthsDone: number, state: CostBackfillProgress['state'] = 'running'): CostBackfillProgress => ({
  state,
  monthsTotal: 3,
  monthsDone,
  pagesDone: monthsDone * 4,
  rowsSoFar: monthsDone * 1200,
  currentPeriod: state === 'running' ? '2025-10' : null,
  periods: [],
  failure: null,
});

const connection = (status: CostConnectionView['status'], progress: CostBackfillProgress | null, lastSyncedAt: string | null = null): CostConnectionView => ({
  id: 'c1',
  provider: 'aws',
  name: 'AWS production',
  status,
  settings: { region: 'us-east-1' },
  createdAt: '2025-11-01T10:00:00Z',
  lastSyncedAt,
  lastError: null,
  syncEvery: '1d',
  backfill: progress,
});

describe('DataSources', () => {
  let fixture: ComponentFixture<DataSources>;
  let http: HttpTestingController;
  let changes: number;

  beforeEach(async () => {
    jest.useFakeTimers();
    TestBed.configureTestingModule({
      imports: [DataSources],
      providers: [provideHttpClient(), provideHttpClientTesting(), provideNoopAnimations()],
    });
    fixture = TestBed.createComponent(DataSources);
    http = TestBed.inject(HttpTestingController);
    changes = 0;
    fixture.componentInstance.dataChanged.subscribe(() => changes++);
    fixture.detectChanges();
    http.expectOne('/api/v1/cost-files').flush([]);
  });

  afterEach(() => {
    http.verify();
    jest.useRealTimers();
  });

  const text = (selector: string) =>
    Array.from((fixture.nativeElement as HTMLElement).querySelectorAll(selector), (e) => e.textContent?.replace(/\s+/g, ' ').trim());
  const connections = (list: CostConnectionView[]) => {
    http.expectOne('/api/v1/cost-connections').flush(list);
    fixture.detectChanges();
  };
  const tick = () => {
    jest.advanceTimersByTime(CONNECTION_POLL_MS);
    fixture.detectChanges();
  };

  it('follows a backfill live until it is done, and says when new data has arrived', () => {
    connections([connection('backfilling', backfill(0))]);
    expect(text('[data-testid="connection-status"]')).toEqual(['Backfilling']);
    expect(text('[data-testid="backfill-progress"]')).toEqual(['0 of 3 months · 0 pages · 0 rows · now October 2025']);

    tick();
    connections([connection('backfilling', backfill(1))]);
    expect(text('[data-testid="backfill-progress"]')).toEqual(['1 of 3 months · 4 pages · 1,200 rows · now October 2025']);
    expect(changes).toBe(1);

    tick();
    connections([connection('active', null, '2025-11-01T10:05:00Z')]);
    expect(text('[data-testid="connection-status"]')).toEqual(['Active']);
    expect(text('[data-testid="connection-row"] td:nth-child(3)')).toEqual(['1 Nov 2025, 10:05']);
    expect(changes).toBe(2);

    tick();
    http.expectNone('/api/v1/cost-connections');
  });

  it('says readably why the connections could not be listed', () => {
    http
      .expectOne('/api/v1/cost-connections')
      .flush(
        { type: 'https://apex.dev/problems/cloud-billing-disabled', title: 'Cloud billing integration is switched off', status: 403, detail: 'Connections and uploads are unavailable for now.' },
        { status: 403, statusText: 'Forbidden' },
      );
    fixture.detectChanges();
    expect(text('[role="alert"]')).toEqual(['Cloud billing integration is switched off. Connections and uploads are unavailable for now.']);
  });
});
