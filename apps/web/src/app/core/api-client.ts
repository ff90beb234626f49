import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { Observable } from 'rxjs';
import type { CreateEnterpriseInquiry, EnterpriseInquiryAccepted, EnterpriseInquiryView } from '@apex/contracts';

/** Path prefix of the Apex API; the dev server and the production host proxy it to the API. */
export const API_BASE = '/api/v1';

/** Typed calls to the Apex API. Errors surface as HttpErrorResponse; see problemMessage(). */
@Injectable({ providedIn: 'root' })
export class ApiClient {
  private readonly http = inject(HttpClient);

  createEnterpriseInquiry(request: CreateEnterpriseInquiry): Observable<EnterpriseInquiryAccepted> {
    return this.http.post<EnterpriseInquiryAccepted>(`${API_BASE}/enterprise-inquiries`, request);
  }

  getEnterpriseInquiry(id: string): Observable<EnterpriseInquiryView> {
    return this.http.get<EnterpriseInquiryView>(`${API_BASE}/enterprise-inquiries/${encodeURIComponent(id)}`);
  }
}
