import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { Observable } from 'rxjs';
import type { ImplementationDetection, ProofView, RecommendationPage, RecommendationStatus, RecommendationKind, RecommendationView, RunDetail } from '@apex/contracts';
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

  /** Says the recommendation was implemented on `implementedOn` (YYYY-MM-DD): its proof of savings starts measuring. */
  implemented(recommendationId: string, implementedOn: string): Observable<ProofView> {
    return this.http.post<ProofView>(`${API_BASE}/recommendations/${id(recommendationId)}/implemented`, { implementedOn });
  }

  /** Whether Apex sees the change in the organisation's cost rows, and from which day. */
  implementation(recommendationId: string): Observable<ImplementationDetection> {
    return this.http.get<ImplementationDetection>(`${API_BASE}/recommendations/${id(recommendationId)}/implementation`);
  }

  /** The recommendation's proof, when it has one. */
  proofOf(recommendationId: string): Observable<ProofView[]> {
    return this.http.get<ProofView[]>(`${API_BASE}/proofs?recommendationId=${encodeURIComponent(recommendationId)}`);
  }
}
