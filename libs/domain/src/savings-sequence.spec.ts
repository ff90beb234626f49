import { Decimal } from './decimal';
import { applyInSequence, monthly, SavingsRange } from './savings-sequence';

const range = (low: string, expected: string, high: string): SavingsRange => ({ low: Decimal.of(low), expected: Decimal.of(expected), high: Decimal.of(high) });

describe('findings applied in sequence', () => {
  it('takes each later finding from what the earlier ones left', () => {
    // Spend 1000. Substitution alone saves 400 (40 %); caching alone 300 (30 %) → 30 % of the remaining 600 = 180.
    const [model, caching] = applyInSequence(Decimal.of('1000'), [range('200', '400', '600'), range('100', '300', '500')]);
    expect(model.expected.toString()).toBe('400');
    expect(model.base.toString()).toBe('1000');
    expect(caching.expected.toString()).toBe('180');
    expect(caching.base.toString()).toBe('600');
    // Low: 200, then 10 % of 800 = 80. High: 600, then 50 % of 400 = 200.
    expect(caching.low.toString()).toBe('80');
    expect(caching.high.toString()).toBe('200');
  });

  it('never sums to more than the spend, whatever the findings claim', () => {
    let seed = 7;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let trial = 0; trial < 200; trial++) {
      const spend = Decimal.of((random() * 10000).toFixed(2));
      const alone = Array.from({ length: 1 + Math.floor(random() * 6) }, () => {
        const values = [random(), random(), random()].map((x) => spend.times((x * 1.5).toFixed(4))).sort((a, b) => a.compare(b));
        return { low: values[0], expected: values[1], high: values[2] };
      });
      const applied = applyInSequence(spend, alone);
      for (const key of ['low', 'expected', 'high'] as const) {
        const total = Decimal.sum(applied.map((finding) => finding[key]));
        expect(total.lte(spend)).toBe(true);
        expect(applied.every((finding) => !finding[key].isNegative())).toBe(true);
      }
    }
  });

  it('saves nothing from no spend', () => {
    expect(applyInSequence(Decimal.ZERO, [range('1', '2', '3')])[0].expected.toString()).toBe('0');
  });

  it('turns a window into a month of 30 days', () => {
    expect(monthly(Decimal.of('90'), 90).toString()).toBe('30');
    expect(monthly(Decimal.of('10'), 7).toString()).toBe('42.857143');
  });
});
