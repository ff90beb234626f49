import { HttpClient, HttpContext, HttpContextToken } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { Observable } from 'rxjs';
import type {
  AcceptInvitation,
  ApiKeyView,
  CreatedApiKey,
  CreateEnterpriseInquiry,
  CreateInvitation,
  EmailVerified,
  EnterpriseInquiryAccepted,
  EnterpriseInquiryView,
  InvitationPreview,
  InvitationView,
  LogInRequest,
  MemberView,
  MeView,
  PasswordResetConfirm,
  PasswordResetRequest,
  PlanView,
  Role,
  RunPage,
  RunView,
  SessionTokens,
  SignUpAccepted,
  SignUpRequest,
  UsageSummary,
} from '@apex/contracts';

/** Path prefix of the Apex API; the dev server and the production host proxy it to the API. */
export const API_BASE = '/api/v1';

/** Marks a call that must go out without the session's access token and never triggers a token refresh. */
export const WITHOUT_SESSION = new HttpContextToken<boolean>(() => false);

const anonymous = () => ({ context: new HttpContext().set(WITHOUT_SESSION, true) });

/** A fresh Idempotency-Key: a retried call (after a token refresh, say) then creates nothing twice. */
const idempotencyKey = () =>
  globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
const id = (value: string) => encodeURIComponent(value);

/** Typed calls to the Apex API. Errors surface as HttpErrorResponse; see problemMessage(). */
@Injectable({ providedIn: 'root' })
export class ApiClient {
  private readonly http = inject(HttpClient);

  createEnterpriseInquiry(request: CreateEnterpriseInquiry): Observable<EnterpriseInquiryAccepted> {
    return this.http.post<EnterpriseInquiryAccepted>(`${API_BASE}/enterprise-inquiries`, request);
  }

  /** `statusToken` is the one the inquiry was created with, or the one in the acknowledgement email's link. */
  getEnterpriseInquiry(inquiryId: string, statusToken: string): Observable<EnterpriseInquiryView> {
    return this.http.get<EnterpriseInquiryView>(`${API_BASE}/enterprise-inquiries/${id(inquiryId)}`, { headers: { 'X-Inquiry-Token': statusToken } });
  }

  // Sessions

  signUp(request: SignUpRequest): Observable<SignUpAccepted> {
    return this.http.post<SignUpAccepted>(`${API_BASE}/auth/signup`, request, anonymous());
  }

  confirmEmailVerification(token: string): Observable<EmailVerified> {
    return this.http.post<EmailVerified>(`${API_BASE}/auth/email-verification/confirm`, { token }, anonymous());
  }

  resendEmailVerification(): Observable<void> {
    return this.http.post<void>(`${API_BASE}/auth/email-verification`, {});
  }

  logIn(request: LogInRequest): Observable<SessionTokens> {
    return this.http.post<SessionTokens>(`${API_BASE}/auth/login`, request, anonymous());
  }

  refresh(refreshToken: string): Observable<SessionTokens> {
    return this.http.post<SessionTokens>(`${API_BASE}/auth/refresh`, { refreshToken }, anonymous());
  }

  logOut(refreshToken: string): Observable<void> {
    return this.http.post<void>(`${API_BASE}/auth/logout`, { refreshToken }, anonymous());
  }

  requestPasswordReset(request: PasswordResetRequest): Observable<void> {
    return this.http.post<void>(`${API_BASE}/auth/password-reset`, request, anonymous());
  }

  confirmPasswordReset(request: PasswordResetConfirm): Observable<void> {
    return this.http.post<void>(`${API_BASE}/auth/password-reset/confirm`, request, anonymous());
  }

  previewInvitation(token: string): Observable<InvitationPreview> {
    return this.http.post<InvitationPreview>(`${API_BASE}/invitations/preview`, { token }, anonymous());
  }

  acceptInvitation(request: AcceptInvitation): Observable<SessionTokens> {
    return this.http.post<SessionTokens>(`${API_BASE}/invitations/accept`, request, anonymous());
  }

  me(): Observable<MeView> {
    return this.http.get<MeView>(`${API_BASE}/me`);
  }

  // Organisation

  members(): Observable<MemberView[]> {
    return this.http.get<MemberView[]>(`${API_BASE}/organization/members`);
  }

  invite(request: CreateInvitation): Observable<InvitationView> {
    return this.http.post<InvitationView>(`${API_BASE}/organization/invitations`, request);
  }

  changeRole(userId: string, role: Role): Observable<MemberView> {
    return this.http.patch<MemberView>(`${API_BASE}/organization/members/${id(userId)}`, { role });
  }

  removeMember(userId: string): Observable<void> {
    return this.http.delete<void>(`${API_BASE}/organization/members/${id(userId)}`);
  }

  apiKeys(): Observable<ApiKeyView[]> {
    return this.http.get<ApiKeyView[]>(`${API_BASE}/api-keys`);
  }

  createApiKey(name: string): Observable<CreatedApiKey> {
    return this.http.post<CreatedApiKey>(`${API_BASE}/api-keys`, { name });
  }

  revokeApiKey(keyId: string): Observable<void> {
    return this.http.delete<void>(`${API_BASE}/api-keys/${id(keyId)}`);
  }

  // Plans, usage and runs

  plans(): Observable<PlanView[]> {
    return this.http.get<PlanView[]>(`${API_BASE}/plans`);
  }

  usage(): Observable<UsageSummary> {
    return this.http.get<UsageSummary>(`${API_BASE}/usage/me`);
  }

  startRun(): Observable<RunView> {
    return this.http.post<RunView>(`${API_BASE}/runs`, {}, { headers: { 'Idempotency-Key': idempotencyKey() } });
  }

  /** The newest runs first, one page. */
  runs(): Observable<RunPage> {
    return this.http.get<RunPage>(`${API_BASE}/runs`);
  }

  cancelRun(runId: string): Observable<RunView> {
    return this.http.post<RunView>(`${API_BASE}/runs/${id(runId)}/cancel`, {});
  }
}
