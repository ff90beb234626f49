import { FormControl } from '@angular/forms';
import { centsToDollars, contractMinimum, contractPercent, dollarsToCents, normalizedPercent } from './contract-terms';

const errorsOf = (validator: typeof contractPercent, value: string) => Object.keys(validator(new FormControl(value, { nonNullable: true })) ?? {});

describe('Enterprise contract terms as typed', () => {
  it('takes a percent from 8 to 15 with at most two decimals, as the API spells it', () => {
    expect(normalizedPercent('12.5')).toBe('12.50');
    expect(normalizedPercent(' 8 ')).toBe('8.00');
    expect(normalizedPercent('15.00')).toBe('15.00');
    expect(normalizedPercent('12.345')).toBeNull();
    expect(errorsOf(contractPercent, '8')).toEqual([]);
    expect(errorsOf(contractPercent, '15')).toEqual([]);
    expect(errorsOf(contractPercent, '7.99')).toEqual(['range']);
    expect(errorsOf(contractPercent, '15.01')).toEqual(['range']);
    expect(errorsOf(contractPercent, '-10')).toEqual(['range']);
    expect(errorsOf(contractPercent, 'ten')).toEqual(['decimal']);
    expect(errorsOf(contractPercent, '  ')).toEqual(['required']);
  });

  it('turns dollars into integer cents, with thousands separators or a dollar sign', () => {
    expect(dollarsToCents('2500')).toBe(250000);
    expect(dollarsToCents('2,500.5')).toBe(250050);
    expect(dollarsToCents('$1,234,567.89')).toBe(123456789);
    expect(dollarsToCents('0.07')).toBe(7);
    expect(dollarsToCents('0')).toBe(0);
    expect(dollarsToCents('25,00')).toBeNull();
    expect(dollarsToCents('2500.555')).toBeNull();
    expect(centsToDollars(250000)).toBe('2500');
    expect(centsToDollars(250050)).toBe('2500.50');
    expect(centsToDollars(7)).toBe('0.07');
  });

  it('refuses a negative minimum, more than two decimals, and more than the API takes', () => {
    expect(errorsOf(contractMinimum, '-5')).toEqual(['negative']);
    expect(errorsOf(contractMinimum, '$-5')).toEqual(['negative']);
    expect(errorsOf(contractMinimum, '2500.555')).toEqual(['decimal']);
    expect(errorsOf(contractMinimum, '10,000,000')).toEqual([]);
    expect(errorsOf(contractMinimum, '10000000.01')).toEqual(['max']);
    expect(errorsOf(contractMinimum, '')).toEqual(['required']);
  });
});
