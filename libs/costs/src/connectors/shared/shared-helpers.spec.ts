import { isNegativeDecimal, isWholeCount, sumDecimals, toDecimalString } from './decimal';
import { parseJsonKeepingNumbers } from './lossless-json';
import { retryAfterMs } from './provider-http';
import { redactSecrets } from './redact';

describe('decimal strings', () => {
  it.each([
    ['40.3543773134', '40.3543773134'],
    ['5e-06', '0.000005'],
    ['-5e-06', '-0.000005'],
    ['1.0E-5', '0.000010'],
    ['2.3198314011096954e-05', '0.000023198314011096954'],
    ['1.5e3', '1500'],
    ['0.0', '0.0'],
    ['-0', '0'],
    ['007.50', '7.50'],
    ['.5', '0.5'],
  ])('writes %s as %s', (literal, decimal) => {
    expect(toDecimalString(literal)).toBe(decimal);
  });

  it('refuses what is not a number', () => {
    for (const literal of ['', 'abc', '1,5', '1e', 'NaN', '0x10']) expect(() => toDecimalString(literal)).toThrow(TypeError);
  });

  it('adds exactly where floats would not', () => {
    expect(sumDecimals(['0.1', '0.2'])).toBe('0.3');
    expect(sumDecimals(['19.545363672276512', '173.41979241290323'])).toBe('192.965156085179742');
    expect(sumDecimals(['5e-06', '-5e-06'])).toBe('0.000000');
    expect(sumDecimals([])).toBe('0');
    expect(isNegativeDecimal('-0.0001')).toBe(true);
    expect(isNegativeDecimal('-0.0')).toBe(false);
    expect(isWholeCount('1000')).toBe(true);
    expect(isWholeCount('1e3')).toBe(true);
    expect(isWholeCount('1.5')).toBe(false);
    expect(isWholeCount('-1')).toBe(false);
  });
});

describe('JSON with numbers kept as text', () => {
  it('keeps every number as the digits the server sent', () => {
    expect(parseJsonKeepingNumbers('{"a":[0.1234567890123456789,-5e-06,20180331,true,null,"x\\"y"],"b":{}}')).toEqual({
      a: ['0.1234567890123456789', '-5e-06', '20180331', true, null, 'x"y'],
      b: {},
    });
  });

  it('rejects what JSON.parse rejects', () => {
    for (const text of ['{', '[1,]', '{"a":1}x', "{'a':1}", '01', '']) expect(() => parseJsonKeepingNumbers(text)).toThrow(SyntaxError);
  });
});

describe('retry-after hints', () => {
  it('reads seconds, milliseconds, HTTP dates and Azure headers, taking the longest', () => {
    const now = Date.parse('2025-03-01T12:00:00Z');
    expect(retryAfterMs({ 'Retry-After': '3' }, now)).toBe(3000);
    expect(retryAfterMs({ 'retry-after-ms': '250' }, now)).toBe(250);
    expect(retryAfterMs({ 'retry-after': 'Sat, 01 Mar 2025 12:00:30 GMT' }, now)).toBe(30_000);
    expect(retryAfterMs(new Headers({ 'x-ms-ratelimit-microsoft.costmanagement-tenant-retry-after': '60', 'retry-after': '5' }), now)).toBe(60_000);
    expect(retryAfterMs({ 'retry-after': 'soon' }, now)).toBeNull();
    expect(retryAfterMs({}, now)).toBeNull();
  });
});

describe('redaction', () => {
  it('removes given secrets, API keys, bearer tokens and private keys from provider messages', () => {
    const message = redactSecrets(
      'bad secret s3cr3t-value; key sk-proj-abcdefgh12345678; Authorization: Bearer eyJhbGciOi.payload.sig; -----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----',
      ['s3cr3t-value'],
    );

    expect(message).toBe('bad secret [redacted]; key [redacted]; Authorization: [redacted]; [redacted]');
  });
});
