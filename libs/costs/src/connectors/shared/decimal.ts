const NUMERIC_LITERAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/**
 * A numeric literal as the plain decimal string `numeric` columns store, digit for digit: "5e-06" becomes
 * "0.000005", "1.0E-5" becomes "0.000010", "40.3543773134" stays as it is. Throws on anything that is not a number.
 */
export function toDecimalString(literal: string): string {
  const match = NUMERIC_LITERAL.exec(literal.trim());
  if (!match || (match[2] === '' && !match[3])) throw new TypeError(`not a number: "${literal}"`);
  const [, sign, whole, fraction = '', exponentText] = match;
  const exponent = exponentText ? Number(exponentText) : 0;
  const digits = (whole || '0') + fraction;
  const pointAt = (whole || '0').length + exponent;
  let integerPart: string;
  let fractionPart: string;
  if (pointAt <= 0) {
    integerPart = '0';
    fractionPart = '0'.repeat(-pointAt) + digits;
  } else if (pointAt >= digits.length) {
    integerPart = digits + '0'.repeat(pointAt - digits.length);
    fractionPart = '';
  } else {
    integerPart = digits.slice(0, pointAt);
    fractionPart = digits.slice(pointAt);
  }
  integerPart = integerPart.replace(/^0+(?=\d)/, '');
  const negative = sign === '-' && /[1-9]/.test(integerPart + fractionPart);
  return `${negative ? '-' : ''}${integerPart}${fractionPart ? `.${fractionPart}` : ''}`;
}

function toScaled(value: string): { units: bigint; scale: number } {
  const plain = toDecimalString(value);
  const negative = plain.startsWith('-');
  const [whole, fraction = ''] = (negative ? plain.slice(1) : plain).split('.');
  const units = BigInt(whole + fraction);
  return { units: negative ? -units : units, scale: fraction.length };
}

function fromScaled(units: bigint, scale: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale);
  return `${negative ? '-' : ''}${whole}${scale > 0 ? `.${fraction}` : ''}`;
}

/** The exact sum of decimal strings, with as many fraction digits as the most precise term. */
export function sumDecimals(values: readonly string[]): string {
  const terms = values.map(toScaled);
  const scale = Math.max(0, ...terms.map((term) => term.scale));
  const total = terms.reduce((sum, term) => sum + term.units * 10n ** BigInt(scale - term.scale), 0n);
  return fromScaled(total, scale);
}

export function isNegativeDecimal(value: string): boolean {
  return toScaled(value).units < 0n;
}

/** Whether a decimal string is a whole, non-negative number (a token or request count). */
export function isWholeCount(value: string): boolean {
  return /^\d+$/.test(toDecimalString(value));
}
