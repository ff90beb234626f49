import type { PlanPricing } from '@apex/contracts';
import { featureNeedsTier, formatCents, formatPercent, priceParts, priceSummary, runAllowance } from './plan-format';

const pricing = (rule: PlanPricing['rule'], fields: Partial<PlanPricing> = {}): PlanPricing => ({
  rule,
  flatMonthlyCents: null,
  percentOfSpend: null,
  contractPercentMin: null,
  contractPercentMax: null,
  ...fields,
});

describe('plan formatting', () => {
  it('formats cents without floating point', () => {
    expect(formatCents(0)).toBe('$0');
    expect(formatCents(9900)).toBe('$99');
    expect(formatCents(49900)).toBe('$499');
    expect(formatCents(123450)).toBe('$1,234.50');
    expect(formatCents(1005)).toBe('$10.05');
  });

  it('formats decimal-string percentages', () => {
    expect(formatPercent('2.00')).toBe('2%');
    expect(formatPercent('2.50')).toBe('2.5%');
    expect(formatPercent('15')).toBe('15%');
  });

  it('prices each rule in one phrase', () => {
    expect(priceSummary(pricing('free', { flatMonthlyCents: 0 }))).toBe('Free');
    expect(priceSummary(pricing('flat_or_percent', { flatMonthlyCents: 9900, percentOfSpend: '2.00' }))).toBe(
      '$99 a month, or 2% of your measured AI spend if that is less',
    );
    expect(priceSummary(pricing('contract', { contractPercentMin: '8.00', contractPercentMax: '15.00' }))).toBe(
      '8–15% of AI spend, by contract',
    );
    expect(priceSummary(pricing('contract'))).toBe('By contract');
  });

  it('splits a price for the plan cards', () => {
    expect(priceParts(pricing('flat_or_percent', { flatMonthlyCents: 49900, percentOfSpend: '5.00' }))).toEqual({
      amount: '$499',
      unit: '/month',
      terms: 'Or 5% of your measured AI spend, whichever is less.',
    });
    expect(priceParts(pricing('contract', { contractPercentMin: '8.00', contractPercentMax: '15.00' }))).toEqual({
      amount: '8–15%',
      unit: null,
      terms: 'of AI spend, by contract.',
    });
  });

  it('describes run allowances and which plan includes a feature', () => {
    expect(runAllowance(3, 18000)).toBe('3 runs every 5 hours');
    expect(runAllowance(1000, 18000)).toBe('1,000 runs every 5 hours');
    expect(featureNeedsTier('api_access', 'early', 'Early')).toBe('API keys are part of Early and above.');
    expect(featureNeedsTier('team_collaboration', 'mid', 'Mid')).toBe('Team collaboration is part of Mid and above.');
    expect(featureNeedsTier('custom_models', 'enterprise', 'Enterprise')).toBe('Custom models are part of Enterprise.');
  });
});
