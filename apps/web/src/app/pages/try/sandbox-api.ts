import { HttpClient, HttpContext } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { Observable } from 'rxjs';
import type { SandboxCreated, SandboxView } from '@apex/contracts';
import { SANDBOX_TOKEN_HEADER } from '@apex/contracts';
import { API_BASE, WITHOUT_SESSION } from '../../core/api-client';

const anonymous = () => new HttpContext().set(WITHOUT_SESSION, true);
const STORAGE_KEY = 'apex.sandbox-token';

/** The public sandbox routes: a prospect's file up, its results back with the sandbox token. No session. */
@Injectable({ providedIn: 'root' })
export class SandboxApi {
  private readonly http = inject(HttpClient);

  /** The body as it is, typed by its name: gzip (a .json.gz is read as JSON by its name), JSON, or else CSV. */
  upload(file: File): Observable<SandboxCreated> {
    const type = /\.gz$/i.test(file.name) ? 'application/gzip' : /\.json$/i.test(file.name) ? 'application/json' : 'text/csv';
    return this.http.post<SandboxCreated>(`${API_BASE}/sandboxes?fileName=${encodeURIComponent(file.name)}`, file, {
      headers: { 'Content-Type': type },
      context: anonymous(),
    });
  }

  current(token: string): Observable<SandboxView> {
    return this.http.get<SandboxView>(`${API_BASE}/sandboxes/current`, { headers: { [SANDBOX_TOKEN_HEADER]: token }, context: anonymous() });
  }

  /** The token of this browser's sandbox, kept until it is claimed or expires. */
  storedToken(): string | null {
    return globalThis.localStorage?.getItem(STORAGE_KEY) ?? null;
  }

  storeToken(token: string | null): void {
    if (token === null) globalThis.localStorage?.removeItem(STORAGE_KEY);
    else globalThis.localStorage?.setItem(STORAGE_KEY, token);
  }
}
