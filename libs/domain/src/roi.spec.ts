import type { PricingTerms } from '@apex/contracts';
import { Decimal } from './decimal';
import { breakevenDays, monthlyRate, parseSpendScale, roiFigures, RoiInputs, roiPercent, verifiedMonthlyRate } from './roi';

const early: PricingTerms = {
  tier: 'early',
  rule: 'flat_or_percent',
  flatMonthlyCents: 9900,
  percentOfSpend: '2.00',
  contractPercent: null,
  contractMinimumCents: null,
  contractPercentMin: null,
  contractPercentMax: null,
};
const mid: PricingTerms = { ...early, tier: 'mid', flatMonthlyCents: 49900, percentOfSpend: '5.00' };
const free: PricingTerms = { ...early, tier: 'free', rule: 'free', flatMonthlyCents: 0, percentOfSpend: null };
const enterprise: PricingTerms = {
  ...early,
  tier: 'enterprise',
  rule: 'contract',
  flatMonthlyCents: null,
  percentOfSpend: null,
  contractPercent: '12.50',
  contractMinimumCents: 500000,
  contractPercentMin: '8.00',
  contractPercentMax: '15.00',
};

/*
 * The worked example most tests start from: $1,050.00 of AI spend over 30 cost rows in the window; one verified
 * proof that saved $140.00 over a 14-day reporting period; open and accepted recommendations expecting $100 / $200 /
 * $300 a month (low / expected / high).
 */
const base: RoiInputs = {
  terms: early,
  measured: { amount: '1050.00', currency: 'USD', rowCount: 30 },
  spendScale: Decimal.ONE,
  verifiedProofs: [{ savings: '140', reportingDays: 14 }],
  potential: { low: '100', expected: '200', high: '300' },
};
const text = (range: { low: Decimal; expected: Decimal; high: Decimal } | null) => range && [range.low.toFixed(2), range.expected.toFixed(2), range.high.toFixed(2)];

describe('ROI calculator', () => {
  it('turns a verified proof into a monthly rate: savings × 30 ÷ reporting days, each proof to the cent', () => {
    // 140 × 30 ÷ 14 = 300.
    expect(monthlyRate({ savings: '140', reportingDays: 14 }).toFixed(2)).toBe('300.00');
    // 100 × 30 ÷ 7 = 428.571… → 428.57; 50.005 × 30 ÷ 14 = 107.1535… → 107.15; together 535.72 (not round(535.725) = 535.73).
    expect(verifiedMonthlyRate([{ savings: '100', reportingDays: 7 }, { savings: '50.005', reportingDays: 14 }])!.toFixed(2)).toBe('535.72');
    expect(verifiedMonthlyRate([])).toBeNull();
    expect(() => monthlyRate({ savings: '1', reportingDays: 0 })).toThrow(RangeError);
  });

  it('works out ROI and breakeven to one decimal, half away from zero', () => {
    // (300 − 21) × 100 ÷ 21 = 1328.571… → 1328.6; 21 × 30 ÷ 300 = 2.1 days.
    expect(roiPercent(Decimal.of('300'), Decimal.of('21'))!.toString()).toBe('1328.6');
    expect(breakevenDays(Decimal.of('300'), Decimal.of('21'))!.toString()).toBe('2.1');
    // 21 × 30 ÷ 600 = 1.05 exactly → 1.1.
    expect(breakevenDays(Decimal.of('600'), Decimal.of('21'))!.toString()).toBe('1.1');
    // Savings below the fee: (10 − 21) × 100 ÷ 21 = −52.38… → −52.4.
    expect(roiPercent(Decimal.of('10'), Decimal.of('21'))!.toString()).toBe('-52.4');
    // No fee: nothing to divide by. No savings: the fee is never earned back.
    expect(roiPercent(Decimal.of('300'), Decimal.ZERO)).toBeNull();
    expect(breakevenDays(Decimal.ZERO, Decimal.of('21'))).toBeNull();
  });

  it('Early: the fee is 2 % of $1,050 = $21 (below $99); verified alone and with the potential', () => {
    const figures = roiFigures(base);
    expect(figures.fee).toEqual({
      status: 'charged',
      tier: 'early',
      rule: 'flat_or_percent',
      monthly: '21.00',
      appliedRule: 'percent_of_spend',
      description: '2% of $1,050.00 measured AI spend (30 cost rows), less than the $99.00 flat price',
    });
    expect(figures.verifiedMonthly!.toFixed(2)).toBe('300.00');
    // 300 + 100 / 200 / 300.
    expect(text(figures.forecast)).toEqual(['400.00', '500.00', '600.00']);

    expect(figures.scenarios.verified).toEqual({
      includes: 'verified',
      status: 'computed',
      monthlySavings: { low: '300.00', expected: '300.00', high: '300.00' },
      roiPercent: { low: '1328.6', expected: '1328.6', high: '1328.6' },
      breakevenDays: { low: '2.1', expected: '2.1', high: '2.1' },
      message: 'ROI on verified savings: 1328.6%; the $21.00 monthly fee is earned back in 2.1 days.',
    });
    // ROI: (400 − 21) × 100 ÷ 21 = 1804.76… → 1804.8; (500 − 21) × 100 ÷ 21 = 2280.95… → 2281.0; (600 − 21) × 100 ÷ 21 = 2757.14… → 2757.1.
    // Breakeven: 630 ÷ 400 = 1.575 → 1.6; 630 ÷ 500 = 1.26 → 1.3; 630 ÷ 600 = 1.05 → 1.1.
    expect(figures.scenarios.verifiedAndPotential).toMatchObject({
      status: 'computed',
      monthlySavings: { low: '400.00', expected: '500.00', high: '600.00' },
      roiPercent: { low: '1804.8', expected: '2281.0', high: '2757.1' },
      breakevenDays: { low: '1.6', expected: '1.3', high: '1.1' },
      message: 'ROI on verified and potential savings: 2281.0% (1804.8% to 2757.1%); the $21.00 monthly fee is earned back in 1.3 days.',
    });
  });

  it('what-if ×10 on Early: $10,500 of spend makes the fee the $99 flat price; every monthly figure scales too', () => {
    const figures = roiFigures({ ...base, spendScale: parseSpendScale('10')! });
    expect(figures.scaledSpend.toString()).toBe('10500');
    // 2 % of 10,500 = 210, above the flat 99.
    expect(figures.fee).toMatchObject({ monthly: '99.00', appliedRule: 'flat_price' });
    // Verified 300 × 10 = 3000: ROI (3000 − 99) × 100 ÷ 99 = 2930.30… → 2930.3; breakeven 99 × 30 ÷ 3000 = 0.99 → 1.0.
    expect(figures.scenarios.verified).toMatchObject({
      monthlySavings: { expected: '3000.00' },
      roiPercent: { expected: '2930.3' },
      breakevenDays: { expected: '1.0' },
    });
    // 3000 + 1000 / 2000 / 3000; expected ROI (5000 − 99) × 100 ÷ 99 = 4950.50… → 4950.5; breakeven 2970 ÷ 5000 = 0.594 → 0.6.
    expect(figures.scenarios.verifiedAndPotential).toMatchObject({
      monthlySavings: { low: '4000.00', expected: '5000.00', high: '6000.00' },
      roiPercent: { expected: '4950.5' },
      breakevenDays: { expected: '0.6' },
    });
  });

  it('what-if ×0.5 on Mid: 5 % of $525 = $26.25; scaled figures round to the cent', () => {
    const figures = roiFigures({ ...base, terms: mid, spendScale: parseSpendScale('0.5')!, potential: { low: '93.75', expected: '187.5', high: '281.25' } });
    expect(figures.fee).toMatchObject({ monthly: '26.25', appliedRule: 'percent_of_spend' });
    // Verified 300 × 0.5 = 150: ROI (150 − 26.25) × 100 ÷ 26.25 = 471.42… → 471.4; breakeven 26.25 × 30 ÷ 150 = 5.25 → 5.3.
    expect(figures.scenarios.verified).toMatchObject({ roiPercent: { expected: '471.4' }, breakevenDays: { expected: '5.3' } });
    // 93.75 × 0.5 = 46.875 → 46.88; 187.5 × 0.5 = 93.75; 281.25 × 0.5 = 140.625 → 140.63.
    expect(text(figures.potentialMonthly)).toEqual(['46.88', '93.75', '140.63']);
    expect(text(figures.forecast)).toEqual(['196.88', '243.75', '290.63']);
  });

  it('Enterprise: the contract minimum above 12.5 % of spend, and a negative ROI said as it is', () => {
    const figures = roiFigures({ ...base, terms: enterprise, potential: null });
    // 12.5 % of 1050 = 131.25, below the $5,000 minimum.
    expect(figures.fee).toMatchObject({ status: 'charged', monthly: '5000.00', appliedRule: 'contract_minimum' });
    // (300 − 5000) × 100 ÷ 5000 = −94.0; 5000 × 30 ÷ 300 = 500.0 days.
    expect(figures.scenarios.verified).toMatchObject({ roiPercent: { expected: '-94.0' }, breakevenDays: { expected: '500.0' } });
    expect(figures.scenarios.verifiedAndPotential).toMatchObject({ monthlySavings: { expected: '300.00' }, roiPercent: { expected: '-94.0' } });
  });

  it('an Enterprise contract without terms has no fee yet, and so no ROI', () => {
    const figures = roiFigures({ ...base, terms: { ...enterprise, contractPercent: null } });
    expect(figures.fee).toMatchObject({ status: 'no_price', monthly: null, appliedRule: null });
    expect(figures.fee.description).toBe('No fee can be worked out yet: the enterprise plan has no contract percentage.');
    expect(figures.scenarios.verified).toMatchObject({ status: 'no_price', monthlySavings: { expected: '300.00' }, roiPercent: null, breakevenDays: null });
  });

  it('Free: no fee, so ROI is undefined and said so; the savings still show', () => {
    const figures = roiFigures({ ...base, terms: free });
    expect(figures.fee).toMatchObject({ status: 'free', monthly: '0.00', appliedRule: 'free' });
    for (const scenario of [figures.scenarios.verified, figures.scenarios.verifiedAndPotential]) {
      expect(scenario).toMatchObject({ status: 'free', roiPercent: null, breakevenDays: null });
      expect(scenario.message).toMatch(/^On the Free plan Apex charges no fee, so ROI, \(savings − fee\) ÷ fee, is undefined/);
    }
    expect(figures.scenarios.verifiedAndPotential.monthlySavings).toEqual({ low: '400.00', expected: '500.00', high: '600.00' });
  });

  it('nothing verified: the verified reading says so, and the forecast is the potential alone', () => {
    const figures = roiFigures({ ...base, verifiedProofs: [] });
    expect(figures.verifiedMonthly).toBeNull();
    expect(figures.scenarios.verified).toEqual({
      includes: 'verified',
      status: 'no_savings',
      monthlySavings: null,
      roiPercent: null,
      breakevenDays: null,
      message: 'Nothing verified yet: the ROI on verified savings appears once a proof has verified a saving.',
    });
    // (100 − 21) × 100 ÷ 21 = 376.19… → 376.2; (200 − 21) … = 852.38… → 852.4; (300 − 21) … = 1328.6.
    expect(figures.scenarios.verifiedAndPotential).toMatchObject({
      status: 'computed',
      monthlySavings: { low: '100.00', expected: '200.00', high: '300.00' },
      roiPercent: { low: '376.2', expected: '852.4', high: '1328.6' },
    });
  });

  it('no savings of either kind: no figure at all', () => {
    const figures = roiFigures({ ...base, verifiedProofs: [], potential: null });
    expect(figures.forecast).toBeNull();
    expect(figures.scenarios.verifiedAndPotential).toMatchObject({ status: 'no_savings', monthlySavings: null, roiPercent: null });
  });

  it('zero potential savings have no breakeven', () => {
    const figures = roiFigures({ ...base, verifiedProofs: [], potential: { low: '0', expected: '0', high: '0' } });
    // (0 − 21) × 100 ÷ 21 = −100.0.
    expect(figures.scenarios.verifiedAndPotential).toMatchObject({ roiPercent: { expected: '-100.0' }, breakevenDays: { low: null, expected: null, high: null } });
    expect(figures.scenarios.verifiedAndPotential.message).toBe('ROI on verified and potential savings: -100.0% (-100.0% to -100.0%); at these savings the $21.00 monthly fee is not earned back.');
  });

  it('takes a what-if factor from 0.1 to 10 as plain decimal text only', () => {
    for (const good of ['0.1', '1', '1.5', '2.25', '10', '10.0', '09.5', '0.123456']) expect(parseSpendScale(good)?.toString()).toBe(Decimal.of(good).toString());
    for (const bad of ['0.09', '0', '10.01', '11', '-1', '1e1', '', ' 1', 'abc', '1.1234567', '0x2', 'Infinity', '100']) expect(parseSpendScale(bad)).toBeNull();
  });
});
