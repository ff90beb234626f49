import type { MeasuredAiSpend, PricingTerms, SpendBasedCharge } from '@apex/contracts';

/*
 * A period's price from its measured AI spend, in exact decimal arithmetic (BigInt), never floats:
 *   flat_or_percent (Early, Mid): min(flat price, percent × spend)
 *   contract (Enterprise):        max(contract minimum, contract percent × spend)
 *   free:                         nothing
 * Nothing measured (rowCount 0) charges the flat price, or the contract minimum.
 * Rounding: percent × spend is rounded half-up to the whole cent once, at the end. A negative measured
 * spend (more credits than charges) counts as zero.
 */

const DECIMAL = /^(-)?(\d*)(?:\.(\d+))?$/;

interface Decimal {
  /** The value times 10^scale. */
  units: bigint;
  scale: number;
}

function parseDecimal(value: string, what: string): Decimal {
  const match = DECIMAL.exec(value.trim());
  if (!match || (match[2] === '' && match[3] === undefined)) throw new RangeError(`${what} is not a decimal number: "${value}"`);
  const fraction = match[3] ?? '';
  const units = BigInt(`${match[2] || '0'}${fraction}`);
  return { units: match[1] ? -units : units, scale: fraction.length };
}

const pow10 = (n: number) => BigInt(10) ** BigInt(n);

/** `units / 10^scale` rounded half-up (away from zero at exactly .5, for the non-negative values used here). */
function roundHalfUp(units: bigint, scale: number): bigint {
  if (scale === 0) return units;
  const divisor = pow10(scale);
  return (units + divisor / BigInt(2)) / divisor;
}

function toSafeNumber(value: bigint, what: string): number {
  const number = Number(value);
  if (!Number.isSafeInteger(number)) throw new RangeError(`${what} is too large: ${value}`);
  return number;
}

/** The spend in dollars as a non-negative decimal. */
function nonNegative(spend: Decimal): Decimal {
  return spend.units < BigInt(0) ? { units: BigInt(0), scale: 0 } : spend;
}

/** `percent`% of `amount` dollars, in cents rounded half-up: amount × percent is already in cents. */
export function percentOfSpendCents(amount: string, percent: string): number {
  const spend = nonNegative(parseDecimal(amount, 'spend'));
  const rate = parseDecimal(percent, 'percent');
  if (rate.units < BigInt(0)) throw new RangeError(`percent must not be negative: "${percent}"`);
  return toSafeNumber(roundHalfUp(spend.units * rate.units, spend.scale + rate.scale), 'charge');
}

/** "$1,234.56" for 123456 cents. */
export function formatUsdCents(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const dollars = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}$${dollars}.${String(abs % 100).padStart(2, '0')}`;
}

/** A decimal dollar amount shown to the cent, rounded half-up: "1234.565" → "$1,234.57". */
export function formatUsdAmount(amount: string): string {
  const spend = nonNegative(parseDecimal(amount, 'spend'));
  return formatUsdCents(toSafeNumber(roundHalfUp(spend.units * BigInt(100), spend.scale), 'amount'));
}

/** "2.00" → "2%", "12.50" → "12.5%". */
export function formatPercent(percent: string): string {
  const { units, scale } = parseDecimal(percent, 'percent');
  let digits = units.toString().padStart(scale + 1, '0');
  let point = digits.length - scale;
  while (digits.length > point && digits.endsWith('0')) digits = digits.slice(0, -1);
  point = Math.min(point, digits.length);
  return `${digits.slice(0, point)}${digits.length > point ? `.${digits.slice(point)}` : ''}%`;
}

const rows = (count: number) => `${count.toLocaleString('en-US')} cost row${count === 1 ? '' : 's'}`;

function required<T>(value: T | null, what: string, terms: PricingTerms): T {
  if (value === null || value === undefined) throw new RangeError(`the ${terms.tier} plan has no ${what}`);
  return value;
}

function compare(a: string, b: string): number {
  const x = parseDecimal(a, 'percent');
  const y = parseDecimal(b, 'percent');
  const scale = Math.max(x.scale, y.scale);
  const left = x.units * pow10(scale - x.scale);
  const right = y.units * pow10(scale - y.scale);
  return left < right ? -1 : left > right ? 1 : 0;
}

/** The charge for one finished period from the organisation's pricing terms and the period's measured AI spend. */
export function spendBasedCharge(
  terms: PricingTerms,
  measured: Pick<MeasuredAiSpend, 'amount' | 'currency' | 'rowCount'>,
): SpendBasedCharge {
  if (measured.rowCount > 0 && measured.currency !== 'USD') {
    throw new RangeError(`measured AI spend must be in USD, not ${measured.currency}`);
  }
  const spend = { amount: measured.rowCount > 0 ? measured.amount : '0', currency: 'USD', rowCount: measured.rowCount };
  const spendText = `${formatUsdAmount(spend.amount)} measured AI spend (${rows(spend.rowCount)})`;

  if (terms.rule === 'free') {
    return { chargeCents: 0, rule: 'free', spend, description: 'Free plan: no charge' };
  }

  if (terms.rule === 'flat_or_percent') {
    const flat = required(terms.flatMonthlyCents, 'flat price', terms);
    const percent = required(terms.percentOfSpend, 'percentage of spend', terms);
    if (spend.rowCount === 0) {
      return { chargeCents: flat, rule: 'flat_price', spend, description: `${formatUsdCents(flat)} flat price: no measured AI spend this period` };
    }
    const byPercent = percentOfSpendCents(spend.amount, percent);
    const share = `${formatPercent(percent)} of ${spendText}`;
    return byPercent < flat
      ? { chargeCents: byPercent, rule: 'percent_of_spend', spend, description: `${share}, less than the ${formatUsdCents(flat)} flat price` }
      : {
          chargeCents: flat,
          rule: 'flat_price',
          spend,
          description: `${formatUsdCents(flat)} flat price (${share} would be ${formatUsdCents(byPercent)})`,
        };
  }

  const percent = required(terms.contractPercent, 'contract percentage', terms);
  const minimum = required(terms.contractMinimumCents, 'contract minimum', terms);
  const low = terms.contractPercentMin ?? '8';
  const high = terms.contractPercentMax ?? '15';
  if (compare(percent, low) < 0 || compare(percent, high) > 0) {
    throw new RangeError(`contract percentage ${percent} is outside ${low}–${high}`);
  }
  if (spend.rowCount === 0) {
    return {
      chargeCents: minimum,
      rule: 'contract_minimum',
      spend,
      description: `${formatUsdCents(minimum)} contract minimum: no measured AI spend this period`,
    };
  }
  const byPercent = percentOfSpendCents(spend.amount, percent);
  const share = `${formatPercent(percent)} of ${spendText}`;
  return byPercent > minimum
    ? { chargeCents: byPercent, rule: 'contract_percent', spend, description: `${share}, above the ${formatUsdCents(minimum)} contract minimum` }
    : {
        chargeCents: minimum,
        rule: 'contract_minimum',
        spend,
        description: `${formatUsdCents(minimum)} contract minimum (${share} would be ${formatUsdCents(byPercent)})`,
      };
}
