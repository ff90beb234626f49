import { DecimalSum } from './decimal-sum';
import { decimalSum as referenceSum } from '../loading/testing/focus-test-files';

const sumOf = (values: string[]) => {
  const sum = new DecimalSum();
  values.forEach((value) => sum.add(value));
  return sum.toString();
};

describe('DecimalSum: exact sums of FOCUS numbers', () => {
  it('adds with the precision of the most precise value, never in floating point', () => {
    expect(sumOf(['0.1', '0.2'])).toBe('0.3');
    expect(sumOf(['3.125', '3.10', '-1.00', '0.50'])).toBe('5.725');
    expect(sumOf(['1.2e-5', '6E3', '-0.5e1', '+2'])).toBe('5997.000012');
    expect(sumOf(['10.', '.5'])).toBe('10.5');
    expect(sumOf(['-0.75', '0.25'])).toBe('-0.50');
    expect(sumOf([])).toBe('0');
  });

  it('stays exact far beyond 2^53, over a million values, and for values of more than 15 digits', () => {
    // (10^8 - 10^-6) × 10^6 = 10^14 - 1; in floating point the sum drifts.
    expect(sumOf(Array.from({ length: 1_000_000 }, () => '99999999.999999'))).toBe('99999999999999.000000');
    expect(sumOf(['123456789012345678901234.5', '0.000000000000000001'])).toBe('123456789012345678901234.500000000000000001');
  });

  it('agrees with a BigInt reference on random values', () => {
    let seed = 11;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let round = 0; round < 200; round++) {
      const values = Array.from({ length: 1 + next(300) }, () => {
        const whole = String(next(10 ** (1 + next(9))));
        const fraction = next(3) ? `.${String(next(10 ** 6)).padStart(1 + next(6), '0')}` : '';
        return `${next(4) === 0 ? '-' : ''}${whole}${fraction}`;
      });
      expect(sumOf(values)).toBe(referenceSum(values));
    }
  });
});
