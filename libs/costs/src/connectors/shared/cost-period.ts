import type { CostProvider } from '@apex/contracts';
import type { CostPeriod } from '../cost-connector';
import { PermanentConnectorError } from '../connector-errors';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

function dayToMs(date: string): number {
  const ms = Date.parse(`${date}T00:00:00Z`);
  return ISO_DATE.test(date) && !Number.isNaN(ms) && new Date(ms).toISOString().startsWith(date) ? ms : Number.NaN;
}

/** Rejects a period that is not [start, end) of whole UTC days with start before end. */
export function assertCostPeriod(provider: CostProvider, period: CostPeriod): void {
  const start = dayToMs(period.start);
  const end = dayToMs(period.end);
  if (Number.isNaN(start) || Number.isNaN(end) || start >= end) {
    throw new PermanentConnectorError(
      provider,
      'request',
      `A cost period is two dates YYYY-MM-DD with the start before the end; got ${JSON.stringify(period)}.`,
    );
  }
}

/** Midnight UTC of a date, as an ISO timestamp. */
export function dayStartIso(date: string): string {
  return new Date(dayToMs(date)).toISOString();
}

export function addDays(date: string, days: number): string {
  return new Date(dayToMs(date) + days * DAY_MS).toISOString().slice(0, 10);
}

export function unixSeconds(date: string): number {
  return dayToMs(date) / 1000;
}

/** Yesterday and today (UTC), the smallest period a verify() call asks about. */
export function lastFullDay(now = new Date()): CostPeriod {
  const today = now.toISOString().slice(0, 10);
  return { start: addDays(today, -1), end: today };
}
