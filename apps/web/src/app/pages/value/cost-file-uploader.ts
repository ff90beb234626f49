import {
  HttpBackend,
  HttpClient,
  HttpEvent,
  HttpHandler,
  HttpInterceptorFn,
  HttpRequest,
  HttpXhrBackend,
} from '@angular/common/http';
import { EnvironmentInjector, inject, Injectable, runInInjectionContext } from '@angular/core';
import { catchError, type Observable, of } from 'rxjs';
import type { CostFileUploaded } from '@apex/contracts';
import { API_BASE } from '../../core/api-client';
import { authInterceptor } from '../../core/auth/auth.interceptor';
import { upgradePromptInterceptor } from '../../core/upgrade/upgrade-prompt.interceptor';

/** The interceptors of every API call, in front of the XHR backend: fetch cannot report upload progress. */
class XhrWithSession extends HttpHandler {
  constructor(
    private readonly backend: HttpBackend,
    private readonly injector: EnvironmentInjector,
    private readonly interceptors: HttpInterceptorFn[],
  ) {
    super();
  }

  handle(request: HttpRequest<unknown>): Observable<HttpEvent<unknown>> {
    const send = this.interceptors.reduceRight<(r: HttpRequest<unknown>) => Observable<HttpEvent<unknown>>>(
      (next, interceptor) => (r) => runInInjectionContext(this.injector, () => interceptor(r, next)),
      (r) => this.backend.handle(r),
    );
    return send(request);
  }
}

/** How far an upload has come on the server: bytes received and rows read (GET /cost-files/uploads/:uploadId). */
export interface UploadProgress {
  uploadId: string;
  state: 'loading' | 'loaded' | 'refused' | 'stopped';
  receivedBytes: number;
  rows: number;
}

/** A random id for an upload, to follow its progress. */
export function newUploadId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Sends a cost file (FOCUS, or a provider's own export) as the raw body of POST /cost-files, reporting how much of it has gone up; unsubscribing
 * aborts the request, and the server then stores nothing of it.
 */
@Injectable({ providedIn: 'root' })
export class CostFileUploader {
  private readonly http = new HttpClient(new XhrWithSession(inject(HttpXhrBackend), inject(EnvironmentInjector), [authInterceptor, upgradePromptInterceptor]));

  upload(file: File, uploadId: string): Observable<HttpEvent<CostFileUploaded>> {
    const gzip = /\.gz$/i.test(file.name);
    const type = gzip ? 'application/gzip' : /\.(json|jsonl|ndjson)$/i.test(file.name) ? 'application/x-ndjson' : 'text/csv';
    const query = `fileName=${encodeURIComponent(file.name)}&uploadId=${encodeURIComponent(uploadId)}`;
    const request = new HttpRequest<Blob>('POST', `${API_BASE}/cost-files?${query}`, file, {
      headers: undefined,
      reportProgress: true,
      responseType: 'json',
    });
    return this.http.request<CostFileUploaded>(request.clone({ setHeaders: { 'Content-Type': type } }));
  }

  /** The server's progress of the upload; null while it has none (not started yet, or loading on another server). */
  progress(uploadId: string): Observable<UploadProgress | null> {
    return this.http.get<UploadProgress>(`${API_BASE}/cost-files/uploads/${encodeURIComponent(uploadId)}`).pipe(catchError(() => of(null)));
  }
}
