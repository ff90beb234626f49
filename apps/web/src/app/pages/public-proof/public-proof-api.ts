import { HttpClient, HttpContext } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { Observable } from 'rxjs';
import type { PublicProofReport, PublicProofVerification } from '@apex/contracts';
import { API_BASE, WITHOUT_SESSION } from '../../core/api-client';

/** The reader of a share link is nobody's session: these calls carry none, even in a signed-in browser. */
const anonymous = () => ({ context: new HttpContext().set(WITHOUT_SESSION, true) });
const sharedAt = (token: string) => `${API_BASE}/public/proofs/${encodeURIComponent(token)}`;

/** A shared proof's two public calls: read the report, and have Apex verify it. */
@Injectable({ providedIn: 'root' })
export class PublicProofApi {
  private readonly http = inject(HttpClient);

  report(token: string): Observable<PublicProofReport> {
    return this.http.get<PublicProofReport>(sharedAt(token), anonymous());
  }

  verify(token: string): Observable<PublicProofVerification> {
    return this.http.post<PublicProofVerification>(`${sharedAt(token)}/verify`, {}, anonymous());
  }
}
