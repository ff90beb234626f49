import { Decimal } from '../decimal';
import { savingsVerdict } from './verdict';

const verdict = (savings: string, uncertainty68: string | null, baselineSufficient = true) =>
  savingsVerdict({ baselineSufficient, savings: Decimal.of(savings), uncertainty68: uncertainty68 === null ? null : Decimal.of(uncertainty68) });

describe('the verdict', () => {
  it('verifies savings whose 68 % uncertainty is under half of them', () => {
    expect(verdict('100', '49.99')).toBe('verified');
    // Exactly half is not under half.
    expect(verdict('100', '50')).toBe('inconclusive');
    expect(verdict('100', '80')).toBe('inconclusive');
    // No estimate of the uncertainty, no verification.
    expect(verdict('100', null)).toBe('inconclusive');
  });

  it('finds no savings at or below zero, and nothing at all on an insufficient baseline', () => {
    expect(verdict('0', '1')).toBe('no_savings');
    expect(verdict('-5', '1')).toBe('no_savings');
    expect(verdict('100', '1', false)).toBe('insufficient_baseline');
    expect(verdict('-5', '1', false)).toBe('insufficient_baseline');
  });
});
