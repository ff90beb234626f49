import {
  formatDecimalMoney,
  formatMoney,
  organizationPriceRule,
  paymentMethodLabel,
  planPriceRule,
  trialTimeLeft,
} from './billing-format';
import { planOf } from './testing/billing-fixtures';

const pricing = (tier: string) => planOf(tier).pricing;

describe('billing words', () => {
  it('states each plan’s rule from its pricing data', () => {
    expect(planPriceRule(pricing('free'))).toBe('No charge');
    expect(planPriceRule(pricing('early'))).toBe('$99/month or 2% of your measured AI spend, whichever is less');
    expect(planPriceRule(pricing('mid'))).toBe('$499/month or 5% of your measured AI spend, whichever is less');
    expect(planPriceRule(pricing('enterprise'))).toBe('8–15% of your measured AI spend, by contract');
  });

  it('follows the data, not a price list: other amounts give other words', () => {
    expect(planPriceRule({ ...pricing('early'), flatMonthlyCents: 12950, percentOfSpend: '2.50' })).toBe(
      '$129.50/month or 2.5% of your measured AI spend, whichever is less',
    );
    expect(planPriceRule({ ...pricing('early'), percentOfSpend: null })).toBe('$99/month');
  });

  it('states an Enterprise contract with its percentage and minimum, and says nothing made up without terms', () => {
    expect(organizationPriceRule({ rule: 'contract', flatCents: null, percent: '10.50', minimumCents: 250000 })).toBe(
      '10.5% of your measured AI spend each period, at least $2,500',
    );
    expect(organizationPriceRule({ rule: 'contract', flatCents: null, percent: null, minimumCents: null })).toBeNull();
    expect(organizationPriceRule({ rule: 'flat_or_percent', flatCents: 49900, percent: '5.00', minimumCents: null })).toBe(
      '$499/month or 5% of your measured AI spend, whichever is less',
    );
  });

  it('formats cents and decimal spend to the cent without floating point', () => {
    expect(formatMoney(9900)).toBe('$99.00');
    expect(formatMoney(5)).toBe('$0.05');
    expect(formatMoney(123456789)).toBe('$1,234,567.89');
    expect(formatMoney(1250, 'eur')).toBe('12.50 EUR');
    expect(formatDecimalMoney('0')).toBe('$0.00');
    expect(formatDecimalMoney('1234.565', 'USD')).toBe('$1,234.57');
    expect(formatDecimalMoney('0.1049999')).toBe('$0.10');
    // Past the range where a JS number is exact, the decimal string still is.
    expect(formatDecimalMoney('9007199254740993.005')).toBe('$9,007,199,254,740,993.01');
  });

  it('says the days left of a trial', () => {
    expect(trialTimeLeft({ daysLeft: 7 })).toBe('7 days left');
    expect(trialTimeLeft({ daysLeft: 1 })).toBe('1 day left');
    expect(trialTimeLeft({ daysLeft: 0 })).toBe('ends today');
  });

  it('names a payment method by brand and last four digits', () => {
    expect(paymentMethodLabel({ brand: 'visa', last4: '4242' })).toBe('Visa ending 4242');
    expect(paymentMethodLabel({ brand: 'amex', last4: '0005' })).toBe('American Express ending 0005');
    expect(paymentMethodLabel({ brand: 'link', last4: null })).toBe('Link');
  });
});
