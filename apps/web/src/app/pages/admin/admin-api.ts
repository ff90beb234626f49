import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { Observable } from 'rxjs';
import type { EnterpriseTerms, EnterpriseTermsView, OrganizationPlanView, OrganizationSummary } from '@apex/contracts';
import { API_BASE } from '../../core/api-client';

/** How many organisations one search lists. */
export const SEARCH_LIMIT = 25;

const id = (value: string) => encodeURIComponent(value);

/** Calls of the operators' pages: find organisations, read their plan, sell them an Enterprise contract. */
@Injectable({ providedIn: 'root' })
export class AdminApi {
  private readonly http = inject(HttpClient);

  /** Organisations by part of the name, part of a member's email, or the id; the newest when `search` is empty. */
  organizations(search: string): Observable<OrganizationSummary[]> {
    const params: Record<string, string | number> = search ? { search, limit: SEARCH_LIMIT } : { limit: SEARCH_LIMIT };
    return this.http.get<OrganizationSummary[]>(`${API_BASE}/admin/organizations`, { params });
  }

  organizationPlan(orgId: string): Observable<OrganizationPlanView> {
    return this.http.get<OrganizationPlanView>(`${API_BASE}/admin/organizations/${id(orgId)}/plan`);
  }

  /** Moves the organisation to Enterprise on these terms and opens the contract's Stripe billing. */
  setEnterpriseTerms(orgId: string, terms: EnterpriseTerms): Observable<EnterpriseTermsView> {
    return this.http.put<EnterpriseTermsView>(`${API_BASE}/admin/organizations/${id(orgId)}/enterprise-terms`, terms);
  }
}
