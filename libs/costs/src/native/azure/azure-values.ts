import { parseDateTime } from '../../focus/focus-values';

const US_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

/**
 * The day an Azure export's date names, as `YYYY-MM-DD`: EA and MCA exports write `MM/DD/YYYY`, newer ones and
 * the usage-details API `YYYY-MM-DD`, optionally with a (midnight) time. Undefined for anything else.
 */
export function azureDay(raw: string): string | undefined {
  const value = raw.trim();
  const us = US_DATE.exec(value);
  const iso = us ? `${us[3]}-${us[1].padStart(2, '0')}-${us[2].padStart(2, '0')}` : value;
  const parsed = parseDateTime(iso);
  return parsed ? new Date(parsed.epochMs).toISOString().slice(0, 10) : undefined;
}

/** Midnight UTC of a day, as FOCUS writes it. */
export const startOfDay = (day: string): string => `${day}T00:00:00Z`;

/** Midnight UTC after a day: where a period that includes the day ends, FOCUS's periods ending exclusively. */
export function endOfDay(day: string): string {
  const next = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000);
  return `${next.toISOString().slice(0, 10)}T00:00:00Z`;
}

/** The calendar month of a day, as FOCUS period bounds. */
export function monthOf(day: string): { start: string; end: string } {
  const [year, month] = day.split('-').map(Number);
  const end = new Date(Date.UTC(year, month, 1)).toISOString().slice(0, 10);
  return { start: `${day.slice(0, 7)}-01T00:00:00Z`, end: `${end}T00:00:00Z` };
}

/**
 * An export's Tags as a JSON object's text. EA and MCA exports write the pairs without the outer braces
 * (`"env": "prod","org": "trey"`); older ones with them. Undefined when the text is no object either way.
 */
export function azureTags(raw: string): string | undefined {
  const value = raw.trim();
  const text = value.startsWith('{') ? value : `{${value}}`;
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? JSON.stringify(parsed) : undefined;
  } catch {
    return undefined;
  }
}
