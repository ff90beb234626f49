import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { Observable } from 'rxjs';
import type { RecommendationPage, RecommendationStatus, RecommendationKind, RecommendationView, RunDetail } from '@apex/contracts';
import { API_BASE } from '../../core/api-client';

export interface RecommendationsQuery {
  status?: RecommendationStatus;
  kind?: RecommendationKind;
  runId?: string;
  limit?: number;
  after?: string;
}

const id = (value: string) => encodeURIComponent(value);

/** Calls of the runs pages beyond starting, listing and cancelling (ApiClient): a run's detail and its recommendations. */
@Injectable({ providedIn: 'root' })
export class RunsApi {
  private readonly http = inject(HttpClient);

  /** The run, its progress by agent while it works and its report once it has one. */
  run(runId: string): Observable<RunDetail> {
    return this.http.get<RunDetail>(`${API_BASE}/runs/${id(runId)}`);
  }

  recommendations(query: RecommendationsQuery = {}): Observable<RecommendationPage> {
    const params = Object.entries(query)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => `${key}=${encodeURIComponent(String(value))}`)
      .join('&');
    return this.http.get<RecommendationPage>(`${API_BASE}/recommendations${params ? `?${params}` : ''}`);
  }

  recommendation(recommendationId: string): Observable<RecommendationView> {
    return this.http.get<RecommendationView>(`${API_BASE}/recommendations/${id(recommendationId)}`);
  }

  accept(recommendationId: string): Observable<RecommendationView> {
    return this.http.post<RecommendationView>(`${API_BASE}/recommendations/${id(recommendationId)}/accept`, {});
  }

  dismiss(recommendationId: string, reason: string): Observable<RecommendationView> {
    return this.http.post<RecommendationView>(`${API_BASE}/recommendations/${id(recommendationId)}/dismiss`, { reason });
  }
}
