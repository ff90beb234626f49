/* Calendar days as YYYY-MM-DD text, counted in UTC so that no time zone or daylight-saving change moves a day. */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** An inclusive range of calendar days, YYYY-MM-DD. */
export interface DateWindow {
  from: string;
  to: string;
}

/** Days since 1970-01-01 of a YYYY-MM-DD date; throws on text that is not a real calendar day. */
export function dayNumber(date: string): number {
  const match = ISO_DATE.exec(date);
  const time = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : NaN;
  if (!match || new Date(time).toISOString().slice(0, 10) !== date) throw new RangeError(`"${date}" is not a YYYY-MM-DD calendar day`);
  return time / DAY_MS;
}

/** How many calendar days the window spans, both ends included. */
export function calendarDays(window: DateWindow): number {
  const days = dayNumber(window.to) - dayNumber(window.from) + 1;
  if (days < 1) throw new RangeError(`window ends (${window.to}) before it starts (${window.from})`);
  return days;
}

export function isInWindow(date: string, window: DateWindow): boolean {
  const day = dayNumber(date);
  return day >= dayNumber(window.from) && day <= dayNumber(window.to);
}

/** The calendar day `days` after `date` (before it when negative), YYYY-MM-DD. */
export function addDays(date: string, days: number): string {
  if (!Number.isInteger(days)) throw new RangeError(`${days} is not a whole number of days`);
  return new Date((dayNumber(date) + days) * DAY_MS).toISOString().slice(0, 10);
}
