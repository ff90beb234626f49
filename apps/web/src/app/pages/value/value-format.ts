import { dayInWords, monthInWords, rangeInWords, SpendBucket } from '@apex/contracts';
import { usualDecimals } from './display-money';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const decimalsOf = (amount: string) => amount.split('.')[1]?.length ?? 0;

/**
 * A decimal amount from the API in its currency, exactly, for where the exact value is asked for (a figure's title, the
 * rows behind it): "53.9768" USD → "$53.9768", "3.5" EUR → "€3.50", "-2" → "−$2.00". Never rounds away digits the source
 * has; pads to the currency's usual decimals. Figures on the page are rounded with `displayMoney`.
 */
export function formatMoney(amount: string, currency: string): string {
  const negative = amount.startsWith('-');
  const magnitude = negative ? amount.slice(1) : amount;
  try {
    const digits = Math.min(20, Math.max(usualDecimals(currency), decimalsOf(magnitude)));
    const text = new Intl.NumberFormat('en-US', { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(
      magnitude as Intl.StringNumericLiteral,
    );
    return negative && /[1-9]/.test(text) ? `\u2212${text}` : text;
  } catch {
    return `${amount} ${currency}`;
  }
}

/** What a figure's title says when a person points at it: its exact amount. */
export const exactly = (amount: string, currency: string): string => `Exactly ${formatMoney(amount, currency)}`;

/** Axis tick labels for amounts in `currency`, kept short: 1234.5 → "$1.23K". */
export const compactMoneyTicks =
  (currency: string) =>
  (value: number): string =>
    new Intl.NumberFormat('en-US', { style: 'currency', currency, notation: 'compact', maximumFractionDigits: 2 }).format(value);

/** A whole count from the API as a decimal string (tokens may exceed 2^53): "2000000" → "2,000,000". */
export function formatCount(count: string): string {
  const negative = count.startsWith('-');
  const digits = negative ? count.slice(1) : count;
  return `${negative ? '−' : ''}${digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`;
}

/** "46.54" → "46.54%". */
export const formatShare = (percent: string | null): string => (percent === null ? '—' : `${percent}%`);

/** A change in percent with its sign: "12.5" → "+12.5%", "-32.2" → "−32.2%". */
export function formatChange(percent: string | null): string {
  if (percent === null) return '—';
  if (percent.startsWith('-')) return `−${percent.slice(1)}%`;
  return /^0(\.0*)?$/.test(percent) ? '0%' : `+${percent}%`;
}

const parts = (day: string) => ({ year: Number(day.slice(0, 4)), month: Number(day.slice(5, 7)) - 1, date: Number(day.slice(8, 10)) });

/** "2025-01-05" → "5 Jan 2025". */
export const formatDay = dayInWords;

/** "2025-01" → "January 2025". */
export const formatMonth = monthInWords;

/** The day before an exclusive end: what a person calls the last day of a range. */
export function lastDayOf(exclusiveEnd: string): string {
  const date = new Date(`${exclusiveEnd}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - 1);
  return date.toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** A range [from, to) as people read it, its last day included, each end with its year: "1 Jan 2025 – 31 Mar 2025". */
export function formatRange(from: string, to: string): string {
  const last = lastDayOf(to);
  return last === from ? formatDay(from) : `${formatDay(from)} – ${formatDay(last)}`;
}

/** A range [from, to) as the value page writes it, its last day included and a shared year written once: "1 Jan – 31 Mar 2025". */
export const formatPeriod = rangeInWords;

/**
 * A bucket on a chart axis: "Jan 2025" for a month; "6 Jan 2025" for the first day of a week or a day, or "6 Jan"
 * when `withYear` is false (a chart within one year says the year once).
 */
export function formatBucket(start: string, bucket: SpendBucket, withYear = true): string {
  if (bucket === 'month') return `${MONTHS[parts(start).month]} ${parts(start).year}`;
  return withYear ? formatDay(start) : formatDay(start).slice(0, -5);
}

/** The series by which a chart's buckets are chosen when the reader has not: about 10 to 90 bars. */
export function bucketFor(days: number): SpendBucket {
  if (days <= 62) return 'day';
  if (days <= 366) return 'week';
  return 'month';
}

/** A decimal string as a chart's bar height; charts draw, they never add. */
export const chartValue = (amount: string): number => Number(amount);

/** Bytes as people read them: 1536 → "1.5 KB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}
