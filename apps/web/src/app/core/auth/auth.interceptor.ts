import { HttpErrorResponse, HttpHandlerFn, HttpInterceptorFn, HttpRequest } from '@angular/common/http';
import { inject } from '@angular/core';
import { catchError, of, switchMap, throwError } from 'rxjs';
import { API_BASE, WITHOUT_SESSION } from '../api-client';
import { AuthService } from './auth.service';

const withBearer = <T>(request: HttpRequest<T>, token: string | null) =>
  token ? request.clone({ setHeaders: { Authorization: `Bearer ${token}` } }) : request;

/** A refused refresh ends the session; a network failure leaves it for the next call to try again. */
const refusedRefresh = (error: unknown) => error instanceof HttpErrorResponse && error.status >= 400 && error.status < 500;

/**
 * Sends the session's access token with every call to the Apex API. A call made without a token
 * (after a reload) or with one about to expire first waits for a fresh one; calls made meanwhile
 * wait for that same refresh. When the API still answers 401, the token is refreshed once and the
 * call retried once with the new one; if the refresh is refused, the session is over.
 */
export const authInterceptor: HttpInterceptorFn = (request, next) => {
  // The token never goes to another origin, nor with calls that start a session.
  if (!request.url.startsWith(`${API_BASE}/`) || request.context.get(WITHOUT_SESSION)) return next(request);
  const auth = inject(AuthService);
  return auth.accessTokenNeedsRenewal() ? sendAfterRenewal(auth, request, next) : sendRetryingOnce(auth, request, next);
};

function sendAfterRenewal<T>(auth: AuthService, request: HttpRequest<T>, next: HttpHandlerFn) {
  return auth.refresh().pipe(
    // Without a fresh token the call still goes out, so a public call (plans, say) works with a dead session.
    catchError((error: unknown) => {
      if (refusedRefresh(error)) auth.sessionEnded();
      return of(auth.accessToken());
    }),
    // No second refresh for this call: after a fresh token, a 401 is the API's answer to the call itself.
    switchMap((token) => next(withBearer(request, token))),
  );
}

function sendRetryingOnce<T>(auth: AuthService, request: HttpRequest<T>, next: HttpHandlerFn) {
  return next(withBearer(request, auth.accessToken())).pipe(
    catchError((error: unknown) => {
      if (!(error instanceof HttpErrorResponse) || error.status !== 401 || !auth.hasRefreshToken()) {
        return throwError(() => error);
      }
      return auth.refresh().pipe(
        catchError(() => {
          auth.sessionEnded();
          return throwError(() => error);
        }),
        switchMap((token) => next(withBearer(request, token))),
      );
    }),
  );
}
