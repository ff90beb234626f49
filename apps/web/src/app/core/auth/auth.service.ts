import { HttpErrorResponse } from '@angular/common/http';
import { computed, inject, Injectable, signal } from '@angular/core';
import { Router } from '@angular/router';
import { defer, finalize, firstValueFrom, map, Observable, shareReplay, tap, throwError } from 'rxjs';
import type { AcceptInvitation, LogInRequest, MeView, SessionTokens, SignUpRequest } from '@apex/contracts';
import { ApiClient } from '../api-client';
import { ACCESS_TOKEN_RENEWAL_MARGIN_MS, accessTokenExpiry } from './access-token-lifetime';
import { RefreshTokenStore } from './refresh-token-store';

/** Thrown by refresh() when there is no refresh token to use. */
export class NoSessionError extends Error {
  override name = 'NoSessionError';
}

/** A refresh failure that means the session is over (as opposed to the network being down). */
const sessionRejected = (error: unknown) =>
  error instanceof NoSessionError || (error instanceof HttpErrorResponse && error.status >= 400 && error.status < 500);

/**
 * The signed-in session: who the user is, the access token (memory only) and the
 * refresh token (localStorage), with one shared refresh at a time.
 */
@Injectable({ providedIn: 'root' })
export class AuthService {
  private readonly api = inject(ApiClient);
  private readonly router = inject(Router);
  private readonly refreshTokens = inject(RefreshTokenStore);

  private token: string | null = null;
  private tokenExpiresAt: number | null = null;
  private refreshing: Observable<string> | null = null;
  private restoring: Promise<boolean> | null = null;
  private readonly current = signal<MeView | null>(null);

  /** The signed-in user, their organisation and role; null when signed out. */
  readonly me = this.current.asReadonly();
  readonly signedIn = computed(() => this.current() !== null);

  accessToken(): string | null {
    return this.token;
  }

  hasRefreshToken(): boolean {
    return this.refreshTokens.get() !== null;
  }

  /**
   * True when a call should wait for a fresh access token instead of being sent with this one:
   * there is none yet (after a reload) or it expires within the renewal margin, and a refresh token can replace it.
   */
  accessTokenNeedsRenewal(): boolean {
    if (!this.hasRefreshToken()) return false;
    if (this.token === null) return true;
    return this.tokenExpiresAt !== null && Date.now() >= this.tokenExpiresAt - ACCESS_TOKEN_RENEWAL_MARGIN_MS;
  }

  /**
   * Signs up, then signs in with the same email and password. The sign-up's answer never says whether the email had
   * an account already; when it had one with another password, signing in fails and this answers null (the owner
   * of that account was emailed).
   */
  async signUp(request: SignUpRequest): Promise<MeView | null> {
    await firstValueFrom(this.api.signUp(request));
    try {
      return await this.begin(this.api.logIn({ email: request.email, password: request.password }));
    } catch (error) {
      if (error instanceof HttpErrorResponse && error.status === 401) return null;
      throw error;
    }
  }

  logIn(request: LogInRequest): Promise<MeView> {
    return this.begin(this.api.logIn(request));
  }

  acceptInvitation(request: AcceptInvitation): Promise<MeView> {
    return this.begin(this.api.acceptInvitation(request));
  }

  /** Reloads who the user is (after a role or plan change). */
  async reloadMe(): Promise<MeView> {
    const me = await firstValueFrom(this.api.me());
    this.current.set(me);
    return me;
  }

  /** Signs back in from a stored refresh token after a reload; true when there is a session. */
  restore(): Promise<boolean> {
    if (this.current()) return Promise.resolve(true);
    if (!this.token && !this.hasRefreshToken()) return Promise.resolve(false);
    this.restoring ??= this.reloadMe()
      .then(
        () => true,
        () => false,
      )
      .finally(() => (this.restoring = null));
    return this.restoring;
  }

  /**
   * A new access token from the refresh token (which rotates). Callers that
   * arrive while a refresh is under way share it, so a token is never spent twice.
   */
  refresh(): Observable<string> {
    let spent: string | null = null;
    this.refreshing ??= defer(() => {
      spent = this.refreshTokens.get();
      return spent ? this.api.refresh(spent) : throwError(() => new NoSessionError('Not signed in'));
    }).pipe(
      tap({
        next: (tokens) => this.store(tokens),
        error: (error: unknown) => {
          // Another tab may have rotated the token meanwhile; its newer token is left alone.
          if (sessionRejected(error)) this.clear(spent);
        },
      }),
      map((tokens) => tokens.accessToken),
      finalize(() => (this.refreshing = null)),
      shareReplay({ bufferSize: 1, refCount: false }),
    );
    return this.refreshing;
  }

  /** Ends the session here and on the server. */
  async logOut(): Promise<void> {
    const refreshToken = this.refreshTokens.get();
    this.clear();
    if (refreshToken) {
      // The session is over locally whatever the server answers.
      await firstValueFrom(this.api.logOut(refreshToken)).catch(() => undefined);
    }
    await this.router.navigate(['/login'], { state: { notice: 'You are logged out.' } });
  }

  /** The server no longer accepts this session: forget it and ask the user to log in again. */
  sessionEnded(): void {
    const wasSignedIn = this.current() !== null || this.token !== null;
    this.clear();
    const returnUrl = this.router.url;
    if (wasSignedIn && returnUrl.startsWith('/app')) {
      void this.router.navigate(['/login'], { queryParams: { returnUrl }, state: { notice: 'Your session has ended. Log in again to continue.' } });
    }
  }

  private async begin(tokens: Observable<SessionTokens>): Promise<MeView> {
    this.store(await firstValueFrom(tokens));
    return this.reloadMe();
  }

  private store(tokens: SessionTokens): void {
    this.token = tokens.accessToken;
    this.tokenExpiresAt = accessTokenExpiry(tokens.accessToken, Date.now());
    this.refreshTokens.set(tokens.refreshToken);
  }

  /** Forgets the session; with `refreshToken`, keeps a stored token that is not that one. */
  private clear(refreshToken?: string | null): void {
    this.token = null;
    this.tokenExpiresAt = null;
    if (refreshToken === undefined || this.refreshTokens.get() === refreshToken) this.refreshTokens.clear();
    this.current.set(null);
  }
}
