import { allowedValueMatcher, isNull, parseCount, parseCurrencyCode, parseDateTime, parseDecimal, parseKeyValue, parseSpreadsheetDecimal, scaleToCount } from './focus-values';

describe('FOCUS value formats', () => {
  it('takes numbers as FOCUS writes them and refuses currency symbols, thousands separators and words', () => {
    for (const ok of ['0', '-1.25', '10.', '.5', '+3', '1.2e-5', '6E3', ' 0.00 ']) expect(parseDecimal(ok)).toBe(ok.trim());
    for (const bad of ['$10,000.00 ', '1,5', '1.000,00', '12 USD', 'NaN', 'Infinity', '--1', '1e', 'e5', '1e9999', '0x1F']) expect(parseDecimal(bad)).toBeUndefined();
  });

  it('reads an amount as a spreadsheet shows it exactly, but never a comma that may be a decimal separator', () => {
    const read = ['$10,000.00 ', '$100.00 ', ' -$1,234,567.891', '$-5', '€ 12.5', '1,000.00'].map(parseSpreadsheetDecimal);
    expect(read).toEqual(['10000.00', '100.00', '-1234567.891', '-5', '12.5', '1000.00']);
    for (const bad of ['1,000', '1,5', '$1,00.00', '$1,0000.00', '12 USD', '$', 'USD 5', '--$5', '-$-5', '1.000,00', '10']) expect(parseSpreadsheetDecimal(bad)).toBeUndefined();
  });

  it('takes ISO 8601 date/times in UTC (or with an explicit offset) and refuses the rest', () => {
    expect(parseDateTime('2024-01-31T00:00:00Z')).toEqual({ iso: '2024-01-31T00:00:00Z', epochMs: Date.UTC(2024, 0, 31) });
    expect(parseDateTime('2024-02-29 13:45:10.1234567Z')).toEqual({ iso: '2024-02-29T13:45:10.1234567Z', epochMs: Date.UTC(2024, 1, 29, 13, 45, 10, 123) });
    expect(parseDateTime('2024-01-01')).toEqual({ iso: '2024-01-01T00:00:00Z', epochMs: Date.UTC(2024, 0, 1) });
    expect(parseDateTime('2024-01-01 00:00:00 UTC')?.epochMs).toBe(Date.UTC(2024, 0, 1));
    expect(parseDateTime('2024-01-01T02:00:00+02:00')).toEqual({ iso: '2024-01-01T02:00:00+02:00', epochMs: Date.UTC(2024, 0, 1) });
    for (const bad of ['5/1/25', '2023-02-01T30:00:00Z', '2025-02-29T00:00:00Z', '2024-13-01', '2024-01-01T24:00:00Z', '0000-01-01', '20240101', 'yesterday']) {
      expect(parseDateTime(bad)).toBeUndefined();
    }
  });

  it('takes an ISO 4217-shaped billing currency only', () => {
    expect(parseCurrencyCode('EUR')).toBe('EUR');
    for (const bad of ['usd', 'US$', 'Token', '€', 'EURO']) expect(parseCurrencyCode(bad)).toBeUndefined();
  });

  it('takes JSON objects for key-value columns', () => {
    expect(parseKeyValue('{"team":"ml"}')).toEqual({ team: 'ml' });
    for (const bad of ['team=ml', '["ml"]', '{"team":', 'null']) expect(parseKeyValue(bad)).toBeUndefined();
  });

  it('reads empty, blank, null and NULL as null', () => {
    for (const value of ['', '  ', 'null', 'NULL']) expect(isNull(value)).toBe(true);
    for (const value of ['0', 'Null value', 'nullable']) expect(isNull(value)).toBe(false);
  });

  it('answers allowed values as the spec spells them', () => {
    const category = allowedValueMatcher(['Usage', 'Purchase']);
    expect([category('Usage'), category(' usage '), category('Usages')]).toEqual(['Usage', 'Usage', undefined]);
  });

  it('scales quantities to whole counts exactly, rounding half up', () => {
    expect(scaleToCount('12.3456', 1000n)).toBe('12346');
    expect(scaleToCount('2.5', 1_000_000n)).toBe('2500000');
    expect(scaleToCount('0.0005', 1000n)).toBe('1');
    expect(scaleToCount('0.0004', 1000n)).toBe('0');
    expect(scaleToCount('1.5e3', 1n)).toBe('1500');
    expect(scaleToCount('123456789012345678901', 1n)).toBeUndefined();
    expect(scaleToCount('-5', 1n)).toBeUndefined();
    expect(parseCount('007')).toBe('7');
    expect(parseCount('9223372036854775808')).toBeUndefined();
    expect(parseCount('1.5')).toBeUndefined();
  });
});
