import { AbstractControl, ValidationErrors } from '@angular/forms';
import { formatCents } from '../../core/format/plan-format';

/*
 * The terms of an Enterprise contract as an operator types them: a percent of measured AI spend from 8 to 15 and
 * a monthly minimum in dollars, both with at most two decimals. Amounts are counted in hundredths (of a percent,
 * of a dollar) with integer arithmetic, never as floats.
 */

const PERCENT_MIN_HUNDREDTHS = 800;
const PERCENT_MAX_HUNDREDTHS = 1500;
/** The API's ceiling on the minimum: $10,000,000. */
export const MINIMUM_MAX_CENTS = 1_000_000_000;

const DECIMAL = /^(\d{1,12})(?:\.(\d{1,2}))?$/;
/** Dollars with an optional "$" and thousands separators: "2500", "$2,500.50". */
const DOLLARS = /^\$?(\d{1,3}(?:,\d{3})+|\d{1,12})(?:\.(\d{1,2}))?$/;
const NEGATIVE = /^\$?[-−]|^[-−]\$?/;

const hundredths = (whole: string, fraction = '') => Number(whole.replace(/,/g, '')) * 100 + Number(fraction.padEnd(2, '0'));
const compact = (text: string) => text.replace(/\s+/g, '');

/** "12.5" → "12.50", as the API takes the percent; null when the text is not a number with at most two decimals. */
export function normalizedPercent(text: string): string | null {
  const match = DECIMAL.exec(compact(text));
  if (!match) return null;
  const value = hundredths(match[1], match[2]);
  return `${Math.trunc(value / 100)}.${String(value % 100).padStart(2, '0')}`;
}

/** "2,500" → 250000; null when the text is not a non-negative amount of dollars and cents. */
export function dollarsToCents(text: string): number | null {
  const match = DOLLARS.exec(compact(text));
  return match ? hundredths(match[1], match[2]) : null;
}

/** Integer cents as the form shows them: 250000 → "2500", 250050 → "2500.50". */
export function centsToDollars(cents: number): string {
  const rest = cents % 100;
  return rest === 0 ? String(cents / 100) : `${Math.trunc(cents / 100)}.${String(rest).padStart(2, '0')}`;
}

/** The percent field: `required`, `decimal` (not a number with at most two decimals) or `range` (outside 8–15). */
export function contractPercent(control: AbstractControl<string>): ValidationErrors | null {
  const text = compact(control.value);
  if (text === '') return { required: true };
  if (NEGATIVE.test(text)) return { range: true };
  const match = DECIMAL.exec(text);
  if (!match) return { decimal: true };
  const value = hundredths(match[1], match[2]);
  return value < PERCENT_MIN_HUNDREDTHS || value > PERCENT_MAX_HUNDREDTHS ? { range: true } : null;
}

/** The minimum field: `required`, `negative`, `decimal` (not dollars with at most two decimals) or `max`. */
export function contractMinimum(control: AbstractControl<string>): ValidationErrors | null {
  const text = compact(control.value);
  if (text === '') return { required: true };
  if (NEGATIVE.test(text)) return { negative: true };
  const cents = dollarsToCents(text);
  if (cents === null) return { decimal: true };
  return cents > MINIMUM_MAX_CENTS ? { max: true } : null;
}

export const PERCENT_MESSAGES: Record<string, string> = {
  required: 'Enter the percent of measured AI spend, from 8 to 15.',
  decimal: 'Enter a number like 12.5, with at most two decimals.',
  range: 'The percent must be from 8 to 15.',
};

export const MINIMUM_MESSAGES: Record<string, string> = {
  required: 'Enter the monthly minimum in dollars, or 0 for none.',
  negative: 'The minimum cannot be negative.',
  decimal: 'Enter dollars and cents, like 2500 or 2,500.50, with at most two decimals.',
  max: `The minimum can be at most ${formatCents(MINIMUM_MAX_CENTS)}.`,
};
