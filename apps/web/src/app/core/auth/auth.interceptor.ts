import { HttpErrorResponse, HttpInterceptorFn, HttpRequest } from '@angular/common/http';
import { inject } from '@angular/core';
import { catchError, switchMap, throwError } from 'rxjs';
import { API_BASE, WITHOUT_SESSION } from '../api-client';
import { AuthService } from './auth.service';

const withBearer = <T>(request: HttpRequest<T>, token: string | null) =>
  token ? request.clone({ setHeaders: { Authorization: `Bearer ${token}` } }) : request;

/**
 * Sends the session's access token with every call to the Apex API. When the API
 * answers 401, refreshes the token once and retries the call once with the new one;
 * if the refresh is refused, the session is over.
 */
export const authInterceptor: HttpInterceptorFn = (request, next) => {
  // The token never goes to another origin, nor with calls that start a session.
  if (!request.url.startsWith(`${API_BASE}/`) || request.context.get(WITHOUT_SESSION)) return next(request);
  const auth = inject(AuthService);

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
};
