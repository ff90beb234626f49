import type { ProofStatus, ProofVerdict } from '@apex/contracts';
import { formatMoney } from '../value/value-format';

/** A verdict in words. Only `verified` is a saving; every other verdict says plainly that it is not one. */
export const VERDICT_WORDS: Record<ProofVerdict, { title: string; sentence: string }> = {
  verified: {
    title: 'Verified saving',
    sentence: 'The measured savings are larger than twice their 68 % uncertainty: this is a verified saving.',
  },
  inconclusive: {
    title: 'Inconclusive',
    sentence: 'The savings measured are within their uncertainty, so they are not a verified saving.',
  },
  no_savings: {
    title: 'No savings',
    sentence: 'The reporting period cost as much as the adjusted baseline or more: nothing was saved.',
  },
  insufficient_baseline: {
    title: 'Insufficient baseline',
    sentence: 'There were too few days of cost data before the change to measure against: nothing can be verified.',
  },
};

export const STATUS_WORDS: Record<ProofStatus, string> = {
  baseline: 'Capturing the baseline',
  measuring: 'Measuring',
  calculating: 'Calculating',
  finished: 'Finished',
  failed: 'Failed',
};

/** "±$12.40" for an uncertainty, "—" when it could not be estimated. */
export const plusMinus = (amount: string | null, currency: string): string => (amount === null ? '—' : `±${formatMoney(amount, currency)}`);

/** A fraction as a percentage: "0.2143" → "21.43 %". */
export function fractionPercent(fraction: string | null): string {
  if (fraction === null) return '—';
  const negative = fraction.startsWith('-');
  const [whole, decimals = ''] = (negative ? fraction.slice(1) : fraction).split('.');
  const integer = `${whole}${decimals.padEnd(2, '0').slice(0, 2)}`.replace(/^0+(?=\d)/, '');
  const rest = decimals.slice(2);
  return `${negative ? '−' : ''}${integer}${rest ? `.${rest}` : ''} %`;
}

/** Days from `today` to the last day of the period, both counted: the day itself is still to be measured. */
export function daysLeft(today: string, reportingEndsOn: string): number {
  const days = Math.round((Date.parse(`${reportingEndsOn}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000) + 1;
  return Math.max(0, days);
}
