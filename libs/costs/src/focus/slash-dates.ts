import type { ParsedDateTime } from './focus-values';

/** Which number of a date like 4/1/25 is the month. */
export type SlashDateOrder = 'month-first' | 'day-first';

const SLASH_DATE = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})\s*$/;

export const isSlashDate = (raw: string): boolean => SLASH_DATE.test(raw);

/**
 * A date as spreadsheets write it (4/1/25, 04/01/2025), read in `order` as midnight UTC; a two-digit year is of
 * this century. Undefined when it is no such date or names no real day in that order.
 */
export function readSlashDate(raw: string, order: SlashDateOrder): ParsedDateTime | undefined {
  const match = SLASH_DATE.exec(raw);
  if (!match) return undefined;
  const [first, second] = [Number(match[1]), Number(match[2])];
  const [month, day] = order === 'month-first' ? [first, second] : [second, first];
  const year = match[3].length === 2 ? 2000 + Number(match[3]) : Number(match[3]);
  const epochMs = Date.UTC(year, month - 1, day);
  const date = new Date(epochMs);
  if (month < 1 || month > 12 || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return { iso: `${date.toISOString().slice(0, 10)}T00:00:00Z`, epochMs };
}

/**
 * The order a file writes its slash dates in, told by its billing period: FOCUS billing periods start and end on
 * the 1st of a month, so 4/1/25 – 5/1/25 is month first (1 April – 1 May), while day first would make them the 4th
 * and 5th of January. Null when the period reads as the 1st in both orders or in neither.
 */
export function slashOrderOfBillingPeriod(start: string | undefined, end: string | undefined): SlashDateOrder | null {
  const fits = (order: SlashDateOrder) =>
    [start, end].every((raw) => raw !== undefined && readSlashDate(raw, order)?.iso.slice(8, 10) === '01');
  const [monthFirst, dayFirst] = [fits('month-first'), fits('day-first')];
  if (monthFirst === dayFirst) return null;
  return monthFirst ? 'month-first' : 'day-first';
}
