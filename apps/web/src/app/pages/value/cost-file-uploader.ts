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
import type { Observable } from 'rxjs';
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

/** Sends a FOCUS file as the raw body of POST /cost-files, reporting how much of it has gone up. */
@Injectable({ providedIn: 'root' })
export class CostFileUploader {
  private readonly http = new HttpClient(new XhrWithSession(inject(HttpXhrBackend), inject(EnvironmentInjector), [authInterceptor, upgradePromptInterceptor]));

  upload(file: File): Observable<HttpEvent<CostFileUploaded>> {
    const gzip = /\.gz$/i.test(file.name);
    const request = new HttpRequest<Blob>('POST', `${API_BASE}/cost-files?fileName=${encodeURIComponent(file.name)}`, file, {
      headers: undefined,
      reportProgress: true,
      responseType: 'json',
    });
    return this.http.request<CostFileUploaded>(request.clone({ setHeaders: { 'Content-Type': gzip ? 'application/gzip' : 'text/csv' } }));
  }
}
