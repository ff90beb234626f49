import { Decimal } from './decimal';

describe('Decimal', () => {
  it('reads decimal text, E notation and JSON numbers exactly', () => {
    expect(Decimal.of('12.50').toString()).toBe('12.5');
    expect(Decimal.of('2.5e-06').toString()).toBe('0.0000025');
    expect(Decimal.of(2.5e-6).toString()).toBe('0.0000025');
    expect(Decimal.of(1.25e-7).times(1_000_000).toString()).toBe('0.125');
    expect(Decimal.of('-0.15189756178').toString()).toBe('-0.15189756178');
    expect(Decimal.of('1E3').toString()).toBe('1000');
    expect(Decimal.of(BigInt('12345678901234567890')).plus('0.1').toString()).toBe('12345678901234567890.1');
  });

  it('refuses what is not a number', () => {
    expect(() => Decimal.of('abc')).toThrow(RangeError);
    expect(() => Decimal.of('.')).toThrow(RangeError);
    expect(() => Decimal.of(Number.NaN)).toThrow(RangeError);
    expect(Decimal.tryOf('1,5')).toBeNull();
  });

  it('adds, subtracts and multiplies without drift', () => {
    expect(Decimal.of('0.1').plus('0.2').toString()).toBe('0.3');
    expect(Decimal.of('1').minus('0.9999999999999999999').toString()).toBe('0.0000000000000000001');
    expect(Decimal.of('19.99').times('3').toString()).toBe('59.97');
    expect(Decimal.sum(['1.1', '2.2', '3.3']).toString()).toBe('6.6');
  });

  it('divides and rounds half away from zero at a named scale', () => {
    expect(Decimal.of('10').dividedBy('3', 4).toString()).toBe('3.3333');
    expect(Decimal.of('2').dividedBy('3', 2).toString()).toBe('0.67');
    expect(Decimal.of('-2').dividedBy('3', 2).toString()).toBe('-0.67');
    expect(Decimal.of('1.005').round(2).toString()).toBe('1.01');
    expect(Decimal.of('-1.005').round(2).toString()).toBe('-1.01');
    expect(Decimal.of('1.2').toFixed(3)).toBe('1.200');
    expect(() => Decimal.of('1').dividedBy('0', 2)).toThrow('division by zero');
  });

  it('compares across scales', () => {
    expect(Decimal.of('1.50').eq('1.5')).toBe(true);
    expect(Decimal.of('0.0000025').lt('0.000003')).toBe(true);
    expect(Decimal.max(Decimal.of('1'), Decimal.of('3.1'), Decimal.of('2')).toString()).toBe('3.1');
    expect(Decimal.of('-0.5').clampToZero().toString()).toBe('0');
  });
});
