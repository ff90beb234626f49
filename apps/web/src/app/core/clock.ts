import { DestroyRef, inject, Signal, signal } from '@angular/core';

/** The current time in milliseconds, updated every `intervalMs` until the caller is destroyed. */
export function clock(intervalMs = 1000): Signal<number> {
  const now = signal(Date.now());
  const timer = setInterval(() => now.set(Date.now()), intervalMs);
  inject(DestroyRef).onDestroy(() => clearInterval(timer));
  return now.asReadonly();
}
