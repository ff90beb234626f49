import type { RoiRange } from '@apex/contracts';
import { formatMoney } from '../value/value-format';

/** USD, as the ROI API answers every amount. */
export const usd = (amount: string): string => formatMoney(amount, 'USD');

/** Digits grouped by thousands, decimals kept, a true minus sign: "-1328.6" → "−1,328.6". */
function grouped(value: string): string {
  const negative = value.startsWith('-');
  const [whole, fraction] = (negative ? value.slice(1) : value).split('.');
  const digits = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '−' : ''}${digits}${fraction === undefined ? '' : `.${fraction}`}`;
}

/** "2566.7" → "2,566.7%". */
export const formatRoi = (percent: string): string => `${grouped(percent)}%`;

/** "1.0" → "1.0 day", "2.1" → "2.1 days". */
export const formatDays = (days: string): string => `${grouped(days)} ${days === '1' || days === '1.0' ? 'day' : 'days'}`;

/** "$560.00 a month", with "($450.00–$670.00)" when the range is one. */
export function monthlyRange(range: RoiRange): { expected: string; range: string | null } {
  return { expected: usd(range.expected), range: range.low === range.high ? null : `${usd(range.low)}–${usd(range.high)}` };
}

/** The ROI at expected savings, with its low–high range when there is one. */
export function roiRange(range: RoiRange): { expected: string; range: string | null } {
  return { expected: formatRoi(range.expected), range: range.low === range.high ? null : `${formatRoi(range.low)} to ${formatRoi(range.high)}` };
}

/**
 * Breakeven at expected savings, with its range: the high savings pay the fee back soonest, the low ones last.
 * A null value is savings that never pay the fee back.
 */
export function breakevenRange(range: RoiRange<string | null>): { expected: string; range: string | null } {
  const text = (days: string | null) => (days === null ? 'not earned back' : formatDays(days));
  const expected = text(range.expected);
  if (range.low === range.high) return { expected, range: null };
  return { expected, range: `${text(range.high)} to ${text(range.low)}` };
}

/** What-if factors the page offers in one click. */
export const SPEND_SCALE_PRESETS = ['0.5', '1', '2', '5'] as const;

/** Whether the text is a what-if factor the API takes: a plain decimal from 0.1 to 10, up to 6 decimals. */
export function isSpendScale(text: string): boolean {
  if (!/^\d{1,2}(?:\.\d{1,6})?$/.test(text)) return false;
  const value = Number(text);
  return value >= 0.1 && value <= 10;
}
