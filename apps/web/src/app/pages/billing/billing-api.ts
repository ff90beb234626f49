import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { Observable } from 'rxjs';
import type { BillingOverview, BillingRedirect, SelfServeTier, SubscriptionView, TrialStarted } from '@apex/contracts';
import { API_BASE } from '../../core/api-client';

/** A fresh Idempotency-Key per click: a call retried after a token refresh then changes nothing twice at Stripe. */
const idempotencyKey = () =>
  globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
const once = () => ({ headers: { 'Idempotency-Key': idempotencyKey() } });

/** Calls of the billing pages: the overview, Stripe Checkout and customer portal, plan changes, cancellation, the trial. */
@Injectable({ providedIn: 'root' })
export class BillingApi {
  private readonly http = inject(HttpClient);

  overview(): Observable<BillingOverview> {
    return this.http.get<BillingOverview>(`${API_BASE}/billing`);
  }

  checkout(tier: SelfServeTier): Observable<BillingRedirect> {
    return this.http.post<BillingRedirect>(`${API_BASE}/billing/checkout`, { tier }, once());
  }

  customerPortal(): Observable<BillingRedirect> {
    return this.http.post<BillingRedirect>(`${API_BASE}/billing/portal`, {}, once());
  }

  changePlan(tier: SelfServeTier): Observable<SubscriptionView> {
    return this.http.post<SubscriptionView>(`${API_BASE}/billing/subscription`, { tier }, once());
  }

  cancelAtPeriodEnd(): Observable<SubscriptionView> {
    return this.http.delete<SubscriptionView>(`${API_BASE}/billing/subscription`, once());
  }

  startTrial(): Observable<TrialStarted> {
    return this.http.post<TrialStarted>(`${API_BASE}/billing/trial`, {});
  }
}
