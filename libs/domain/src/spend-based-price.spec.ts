import type { PricingTerms } from '@apex/contracts';
import { PLAN_PRICING_TERMS } from '@apex/testing';
import { formatPercent, formatUsdAmount, formatUsdCents, percentOfSpendCents, spendBasedCharge } from './spend-based-price';

const { free, early, mid } = PLAN_PRICING_TERMS;

const enterprise: PricingTerms = {
  tier: 'enterprise',
  rule: 'contract',
  flatMonthlyCents: null,
  percentOfSpend: null,
  contractPercent: '12.50',
  contractMinimumCents: 500000,
  contractPercentMin: '8.00',
  contractPercentMax: '15.00',
};

const spend = (amount: string, rowCount: number) => ({ amount, currency: 'USD', rowCount });

describe('spendBasedCharge', () => {
  it('charges Early 2% of the measured spend when that is below the $99 flat price, and says so on the line', () => {
    expect(spendBasedCharge(early, spend('1234.56', 412))).toEqual({
      chargeCents: 2469,
      rule: 'percent_of_spend',
      spend: spend('1234.56', 412),
      description: '2% of $1,234.56 measured AI spend (412 cost rows), less than the $99.00 flat price',
    });
  });

  it('caps Early at the $99 flat price once 2% of the spend reaches it', () => {
    expect(spendBasedCharge(early, spend('4950.00', 7))).toMatchObject({ chargeCents: 9900, rule: 'flat_price' });
    expect(spendBasedCharge(early, spend('4949.74', 7))).toMatchObject({ chargeCents: 9899, rule: 'percent_of_spend' });
    expect(spendBasedCharge(early, spend('20000', 1))).toEqual({
      chargeCents: 9900,
      rule: 'flat_price',
      spend: spend('20000', 1),
      description: '$99.00 flat price (2% of $20,000.00 measured AI spend (1 cost row) would be $400.00)',
    });
  });

  it('charges Mid min($499, 5% of spend) from the plan row, not from constants', () => {
    expect(spendBasedCharge(mid, spend('3000.10', 90))).toMatchObject({ chargeCents: 15001, rule: 'percent_of_spend' });
    expect(spendBasedCharge(mid, spend('9980.00', 90))).toMatchObject({ chargeCents: 49900, rule: 'flat_price' });
    expect(spendBasedCharge({ ...mid, flatMonthlyCents: 30000, percentOfSpend: '4.00' }, spend('9980.00', 90))).toMatchObject({
      chargeCents: 30000,
      rule: 'flat_price',
    });
  });

  it('charges the flat price when no cost data was measured', () => {
    expect(spendBasedCharge(early, spend('0', 0))).toEqual({
      chargeCents: 9900,
      rule: 'flat_price',
      spend: spend('0', 0),
      description: '$99.00 flat price: no measured AI spend this period',
    });
    expect(spendBasedCharge(mid, { amount: '0', currency: 'EUR', rowCount: 0 })).toMatchObject({ chargeCents: 49900 });
  });

  it('charges Enterprise its contract percentage above the minimum, and the minimum below it', () => {
    expect(spendBasedCharge(enterprise, spend('100000.00', 3000))).toEqual({
      chargeCents: 1250000,
      rule: 'contract_percent',
      spend: spend('100000.00', 3000),
      description: '12.5% of $100,000.00 measured AI spend (3,000 cost rows), above the $5,000.00 contract minimum',
    });
    expect(spendBasedCharge(enterprise, spend('10000.00', 30))).toEqual({
      chargeCents: 500000,
      rule: 'contract_minimum',
      spend: spend('10000.00', 30),
      description: '$5,000.00 contract minimum (12.5% of $10,000.00 measured AI spend (30 cost rows) would be $1,250.00)',
    });
    expect(spendBasedCharge(enterprise, spend('0', 0))).toMatchObject({
      chargeCents: 500000,
      rule: 'contract_minimum',
      description: '$5,000.00 contract minimum: no measured AI spend this period',
    });
  });

  it('refuses Enterprise terms outside 8–15% or without a contract', () => {
    expect(() => spendBasedCharge({ ...enterprise, contractPercent: '7.99' }, spend('1', 1))).toThrow(/outside 8.00–15.00/);
    expect(() => spendBasedCharge({ ...enterprise, contractPercent: '15.01' }, spend('1', 1))).toThrow(RangeError);
    expect(spendBasedCharge({ ...enterprise, contractPercent: '15', contractMinimumCents: 0 }, spend('1', 1)).chargeCents).toBe(15);
    expect(() => spendBasedCharge({ ...enterprise, contractPercent: null }, spend('1', 1))).toThrow(/no contract percentage/);
    expect(() => spendBasedCharge({ ...enterprise, contractMinimumCents: null }, spend('1', 1))).toThrow(/no contract minimum/);
  });

  it('charges nothing on Free', () => {
    expect(spendBasedCharge(free, spend('5000', 10))).toMatchObject({ chargeCents: 0, rule: 'free', description: 'Free plan: no charge' });
  });

  it('counts a negative measured spend (credits) as zero and refuses spend in another currency', () => {
    expect(spendBasedCharge(early, spend('-12.00', 2))).toMatchObject({ chargeCents: 0, rule: 'percent_of_spend' });
    expect(() => spendBasedCharge(early, { amount: '10', currency: 'EUR', rowCount: 1 })).toThrow(/USD/);
  });
});

describe('percentOfSpendCents rounds once, half-up to the cent, in exact decimals', () => {
  it('rounds a half cent up and anything below it down', () => {
    expect(percentOfSpendCents('0.25', '2.00')).toBe(1); // 0.5 cent
    expect(percentOfSpendCents('0.2499', '2.00')).toBe(0); // 0.4998 cent
    expect(percentOfSpendCents('1234.56', '2.00')).toBe(2469); // 2469.12 cents
    expect(percentOfSpendCents('1234.575', '2.00')).toBe(2469); // 2469.15 cents
    expect(percentOfSpendCents('0.10', '5')).toBe(1); // 0.5 cent
  });

  it('keeps full source precision where floats would drift', () => {
    // 25 × 8.7 is 217.5 cents exactly, but 217.49999999999997 in binary floats; 1.16 × 12.5 likewise
    expect(percentOfSpendCents('25', '8.70')).toBe(218);
    expect(percentOfSpendCents('1.16', '12.50')).toBe(15);
    expect(percentOfSpendCents('123456789.123456789012', '12.50')).toBe(1543209864);
  });

  it('rejects what is not a decimal number', () => {
    expect(() => percentOfSpendCents('1e3', '2')).toThrow(/not a decimal/);
    expect(() => percentOfSpendCents('', '2')).toThrow(/not a decimal/);
  });
});

describe('money and percent text', () => {
  it('formats cents, amounts and percentages for the invoice line', () => {
    expect(formatUsdCents(9900)).toBe('$99.00');
    expect(formatUsdCents(123456789)).toBe('$1,234,567.89');
    expect(formatUsdCents(-505)).toBe('-$5.05');
    expect(formatUsdAmount('1234.565')).toBe('$1,234.57');
    expect(formatUsdAmount('7')).toBe('$7.00');
    expect(formatPercent('2.00')).toBe('2%');
    expect(formatPercent('12.50')).toBe('12.5%');
    expect(formatPercent('0.50')).toBe('0.5%');
    expect(formatPercent('10')).toBe('10%');
  });
});
