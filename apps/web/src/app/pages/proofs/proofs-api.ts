import { HttpClient, HttpErrorResponse } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { catchError, from, map, Observable, switchMap, throwError } from 'rxjs';
import type { EntitlementsView, ProofEvidenceFilters, ProofView } from '@apex/contracts';
import { API_BASE } from '../../core/api-client';

/** A file the API sent, ready to save. */
export interface DownloadedFile {
  blob: Blob;
  fileName: string;
}

const fileNameOf = (disposition: string | null, fallback: string) => /filename="([^"]+)"/.exec(disposition ?? '')?.[1] ?? fallback;

/** A refused download's body arrives as a Blob; read it back into the problem+json the rest of the portal understands. */
function withProblemBody(error: unknown): Observable<never> {
  if (!(error instanceof HttpErrorResponse) || !(error.error instanceof Blob)) return throwError(() => error);
  return from(error.error.text()).pipe(
    switchMap((text) => {
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // Not JSON: the message falls back to the status.
      }
      return throwError(() => new HttpErrorResponse({ error: body, headers: error.headers, status: error.status, statusText: error.statusText, url: error.url ?? undefined }));
    }),
  );
}

/** The organisation's proofs of savings, their exports and the end of a reporting period. */
@Injectable({ providedIn: 'root' })
export class ProofsApi {
  private readonly http = inject(HttpClient);

  list(): Observable<ProofView[]> {
    return this.http.get<ProofView[]>(`${API_BASE}/proofs`);
  }

  get(id: string): Observable<ProofView> {
    return this.http.get<ProofView>(`${API_BASE}/proofs/${encodeURIComponent(id)}`);
  }

  evidenceFilters(id: string): Observable<ProofEvidenceFilters> {
    return this.http.get<ProofEvidenceFilters>(`${API_BASE}/proofs/${encodeURIComponent(id)}/evidence-filters`);
  }

  endReportingPeriod(id: string): Observable<ProofView> {
    return this.http.post<ProofView>(`${API_BASE}/proofs/${encodeURIComponent(id)}/end-reporting-period`, {});
  }

  entitlements(): Observable<EntitlementsView> {
    return this.http.get<EntitlementsView>(`${API_BASE}/entitlements`);
  }

  /** `report.pdf` or `evidence.csv`. */
  download(id: string, file: 'report.pdf' | 'evidence.csv'): Observable<DownloadedFile> {
    return this.http.get(`${API_BASE}/proofs/${encodeURIComponent(id)}/${file}`, { responseType: 'blob', observe: 'response' }).pipe(
      map((response) => ({ blob: response.body ?? new Blob(), fileName: fileNameOf(response.headers.get('content-disposition'), `proof-${id}-${file}`) })),
      catchError(withProblemBody),
    );
  }
}

/** Hands a downloaded file to the browser to save. */
export function saveFile(file: DownloadedFile): void {
  const url = URL.createObjectURL(file.blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = file.fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
