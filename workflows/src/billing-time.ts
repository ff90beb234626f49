import { condition } from '@temporalio/workflow';

export const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Waits until the instant `at` (epoch ms, workflow time) or until `done()` holds, whichever comes first;
 * resolves true when `done()` ended the wait. A moment already past does not wait.
 */
export async function waitUntil(at: number, done: () => boolean): Promise<boolean> {
  if (done()) return true;
  const ms = at - Date.now();
  if (ms <= 0) return false;
  return condition(done, ms);
}

/**
 * `iso` plus one calendar month in UTC, on the subscription's anchor day clamped to the month's length
 * (Jan 31 → Feb 28 → Mar 31), the way Stripe moves a monthly period.
 */
export function nextMonthlyBoundary(iso: string, anchorDay: number): string {
  const from = new Date(iso);
  const year = from.getUTCFullYear();
  const month = from.getUTCMonth() + 1;
  const daysInMonth = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const next = new Date(
    Date.UTC(year, month, Math.min(anchorDay, daysInMonth), from.getUTCHours(), from.getUTCMinutes(), from.getUTCSeconds(), from.getUTCMilliseconds()),
  );
  return next.toISOString();
}

/** The same instant in one spelling, so keys derived from it are stable. */
export const canonicalIso = (iso: string) => new Date(iso).toISOString();
