import type { InvoiceStatus, PlanPricing, PriceRuleView, SubscriptionStatus, TrialView } from '@apex/contracts';
import { formatCents, formatPercent } from '../../core/format/plan-format';

/*
 * Words and amounts of the billing pages. Prices and rules come from the API (GET /plans, GET /billing);
 * nothing here knows a price. Money is integer cents or decimal strings, formatted without float arithmetic.
 */

const SPEND = 'of your measured AI spend';

/** A plan's price rule in one phrase: "$99/month or 2% of your measured AI spend, whichever is less". */
export function planPriceRule(pricing: PlanPricing): string {
  switch (pricing.rule) {
    case 'free':
      return 'No charge';
    case 'flat_or_percent':
      return flatOrPercent(pricing.flatMonthlyCents, pricing.percentOfSpend);
    case 'contract': {
      const { contractPercentMin: min, contractPercentMax: max } = pricing;
      if (min && max && min !== max) return `${formatPercent(min).slice(0, -1)}–${formatPercent(max)} ${SPEND}, by contract`;
      const one = min ?? max;
      return one ? `${formatPercent(one)} ${SPEND}, by contract` : 'By contract';
    }
  }
}

/**
 * The organisation's own rule, as GET /billing states it, or null for an Enterprise contract whose terms are
 * not set yet: "10.5% of your measured AI spend each period, at least $2,500".
 */
export function organizationPriceRule(rule: PriceRuleView): string | null {
  switch (rule.rule) {
    case 'free':
      return 'No charge';
    case 'flat_or_percent':
      return flatOrPercent(rule.flatCents, rule.percent);
    case 'contract':
      if (!rule.percent) return null;
      return rule.minimumCents === null
        ? `${formatPercent(rule.percent)} ${SPEND} each period`
        : `${formatPercent(rule.percent)} ${SPEND} each period, at least ${formatCents(rule.minimumCents)}`;
  }
}

function flatOrPercent(flatCents: number | null, percent: string | null): string {
  const flat = flatCents === null ? null : `${formatCents(flatCents)}/month`;
  const share = percent ? `${formatPercent(percent)} ${SPEND}` : null;
  if (flat && share) return `${flat} or ${share}, whichever is less`;
  return flat ?? share ?? 'Priced per plan';
}

const group = (digits: string) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');

function money(negative: boolean, whole: string, cents: string, currency: string): string {
  const amount = `${group(whole)}.${cents}`;
  const sign = negative ? '−' : '';
  return currency.toLowerCase() === 'usd' ? `${sign}$${amount}` : `${sign}${amount} ${currency.toUpperCase()}`;
}

/** Integer cents to the cent: 9900 → "$99.00"; other currencies by their code: 1250, "eur" → "12.50 EUR". */
export function formatMoney(cents: number, currency = 'usd'): string {
  const digits = String(Math.abs(Math.trunc(cents))).padStart(3, '0');
  return money(cents < 0, digits.slice(0, -2), digits.slice(-2), currency);
}

/** A decimal string (measured spend) to the cent, rounded half-up: "1234.565" → "$1,234.57". */
export function formatDecimalMoney(decimal: string, currency = 'usd'): string {
  const match = /^(-)?(\d*)(?:\.(\d*))?$/.exec(decimal.trim());
  if (!match || (match[2] === '' && !match[3])) return `${decimal} ${currency.toUpperCase()}`;
  const fraction = match[3] ?? '';
  let cents = BigInt(`${match[2] || '0'}${fraction.padEnd(2, '0').slice(0, 2)}`);
  if (fraction.length > 2 && fraction[2] >= '5') cents += BigInt(1);
  const digits = cents.toString().padStart(3, '0');
  return money(match[1] === '-' && cents > BigInt(0), digits.slice(0, -2), digits.slice(-2), currency);
}

/** "7 days left", "1 day left", "ends today". */
export function trialTimeLeft(trial: Pick<TrialView, 'daysLeft'>): string {
  if (trial.daysLeft <= 0) return 'ends today';
  return `${trial.daysLeft} day${trial.daysLeft === 1 ? '' : 's'} left`;
}

const SUBSCRIPTION_STATUS: Record<SubscriptionStatus, string> = {
  incomplete: 'Waiting for the first payment',
  incomplete_expired: 'Expired before the first payment',
  trialing: 'Trial',
  active: 'Active',
  past_due: 'Payment overdue',
  canceled: 'Cancelled',
  unpaid: 'Unpaid',
  paused: 'Paused',
};

export const subscriptionStatusLabel = (status: SubscriptionStatus) => SUBSCRIPTION_STATUS[status] ?? status;

const INVOICE_STATUS: Record<InvoiceStatus, string> = { draft: 'Draft', open: 'Due', paid: 'Paid', uncollectible: 'Uncollectible', void: 'Void' };

export const invoiceStatusLabel = (status: InvoiceStatus) => INVOICE_STATUS[status] ?? status;

const BRANDS: Record<string, string> = {
  amex: 'American Express',
  diners: 'Diners Club',
  discover: 'Discover',
  jcb: 'JCB',
  mastercard: 'Mastercard',
  unionpay: 'UnionPay',
  visa: 'Visa',
  us_bank_account: 'Bank account',
  sepa_debit: 'SEPA Direct Debit',
};

/** "Visa ending 4242"; what is known when Stripe sent less. */
export function paymentMethodLabel(method: { brand: string | null; last4: string | null }): string {
  const brand = method.brand ? (BRANDS[method.brand] ?? method.brand.charAt(0).toUpperCase() + method.brand.slice(1)) : 'Payment method';
  return method.last4 ? `${brand} ending ${method.last4}` : brand;
}
