import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { Observable } from 'rxjs';
import {
  AiSpendSummary,
  CostBasis,
  CostConnectionView,
  CostDriverDimension,
  CostDrivers,
  CostFileView,
  CostPerTokenSeries,
  CostRowsFilter,
  CostRowsPage,
  costRowsQuery,
  CreateCostConnectionRequest,
  SavingsBreakdown,
  SavingsSummary,
  SpendBucket,
  SpendDimension,
  SpendSeries,
  SpendTrend,
} from '@apex/contracts';
import { API_BASE } from '../../core/api-client';

/** A range as the metrics API takes it: [from, to) in whole UTC days. */
export interface DayRange {
  from: string;
  to: string;
}

const rangeQuery = (range: DayRange | null) => (range ? `from=${range.from}&to=${range.to}` : '');

/** Calls of the value dashboard: the metrics, the rows behind them, and where the cost data comes from. */
@Injectable({ providedIn: 'root' })
export class ValueApi {
  private readonly http = inject(HttpClient);

  /** Without a range, the API picks the three months up to the latest AI spend and says which. */
  summary(range: DayRange | null, basis: CostBasis = 'effective'): Observable<AiSpendSummary> {
    return this.http.get<AiSpendSummary>(`${API_BASE}/metrics/summary?${[rangeQuery(range), `basis=${basis}`].filter(Boolean).join('&')}`);
  }

  spend(range: DayRange, bucket: SpendBucket, by: SpendDimension, basis: CostBasis = 'effective'): Observable<SpendSeries> {
    return this.http.get<SpendSeries>(`${API_BASE}/metrics/spend?${rangeQuery(range)}&bucket=${bucket}&by=${by}&basis=${basis}`);
  }

  costPerToken(range: DayRange, bucket: SpendBucket, basis: CostBasis = 'effective'): Observable<CostPerTokenSeries> {
    return this.http.get<CostPerTokenSeries>(`${API_BASE}/metrics/cost-per-token?${rangeQuery(range)}&bucket=${bucket}&basis=${basis}`);
  }

  drivers(range: DayRange, by: CostDriverDimension, limit = 10, basis: CostBasis = 'effective'): Observable<CostDrivers> {
    return this.http.get<CostDrivers>(`${API_BASE}/metrics/drivers?${rangeQuery(range)}&by=${by}&limit=${limit}&basis=${basis}`);
  }

  trend(asOf: string, basis: CostBasis = 'effective'): Observable<SpendTrend> {
    return this.http.get<SpendTrend>(`${API_BASE}/metrics/trend?asOf=${asOf}&basis=${basis}`);
  }

  /** Verified savings to date, savings being measured and the potential, per currency, with what makes each up. */
  savings(): Observable<SavingsSummary> {
    return this.http.get<SavingsSummary>(`${API_BASE}/savings`);
  }

  /** Verified savings by recommendation and by month (advanced analytics: a 403 feature-gated problem below Mid). */
  savingsBreakdown(): Observable<SavingsBreakdown> {
    return this.http.get<SavingsBreakdown>(`${API_BASE}/savings/breakdown`);
  }

  rows(filter: CostRowsFilter, cursor?: string, basis?: CostBasis): Observable<CostRowsPage> {
    return this.http.get<CostRowsPage>(`${API_BASE}/metrics/rows?${costRowsQuery(filter, { cursor, limit: 50, basis })}`);
  }

  connections(): Observable<CostConnectionView[]> {
    return this.http.get<CostConnectionView[]>(`${API_BASE}/cost-connections`);
  }

  connect(request: CreateCostConnectionRequest): Observable<CostConnectionView> {
    const key = globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
    return this.http.post<CostConnectionView>(`${API_BASE}/cost-connections`, request, { headers: { 'Idempotency-Key': key } });
  }

  costFiles(): Observable<CostFileView[]> {
    return this.http.get<CostFileView[]>(`${API_BASE}/cost-files`);
  }
}
