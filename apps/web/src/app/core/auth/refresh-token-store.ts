import { Injectable } from '@angular/core';

const KEY = 'apex.refreshToken';

/** The long-lived refresh token, kept across reloads; the short-lived access token stays in memory only. */
@Injectable({ providedIn: 'root' })
export class RefreshTokenStore {
  get(): string | null {
    try {
      return localStorage.getItem(KEY);
    } catch {
      return null;
    }
  }

  set(token: string): void {
    try {
      localStorage.setItem(KEY, token);
    } catch {
      // Storage can be disabled; the session then lasts until the page is reloaded.
    }
  }

  clear(): void {
    try {
      localStorage.removeItem(KEY);
    } catch {
      // Nothing stored, nothing to clear.
    }
  }
}
