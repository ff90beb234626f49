/** Whole UTC days as `YYYY-MM-DD` strings: parsing and the little calendar arithmetic the metrics need. */

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

/** The UTC midnight of a `YYYY-MM-DD` day, or null when the text is not a real calendar day. */
export function parseDay(text: string): Date | null {
  const match = DAY.exec(text);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? date : null;
}

export const isDay = (text: string): boolean => parseDay(text) !== null;

export const dayOf = (date: Date): string => date.toISOString().slice(0, 10);

export const today = (now: Date = new Date()): string => dayOf(now);

export function addDays(day: string, days: number): string {
  return dayOf(new Date(mustParse(day).getTime() + days * MS_PER_DAY));
}

/** Whole days from `from` to `to` (negative when `to` comes first). */
export function daysBetween(from: string, to: string): number {
  return Math.round((mustParse(to).getTime() - mustParse(from).getTime()) / MS_PER_DAY);
}

/** The first day of the month `months` months after the month of `day` (negative goes back). */
export function monthStart(day: string, months = 0): string {
  const date = mustParse(day);
  return dayOf(new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1)));
}

export const daysInMonth = (day: string): number => daysBetween(monthStart(day), monthStart(day, 1));

export const isLastDayOfMonth = (day: string): boolean => addDays(day, 1) === monthStart(day, 1);

/** `YYYY-MM` of a day. */
export const monthOf = (day: string): string => day.slice(0, 7);

/** The timestamp that starts a day, as SQL compares charge periods with it. */
export const startOfDay = (day: string): string => `${day}T00:00:00Z`;

function mustParse(day: string): Date {
  const date = parseDay(day);
  if (!date) throw new Error(`Not a day: ${day}`);
  return date;
}
