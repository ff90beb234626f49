/*
 * Exact decimal arithmetic for money, prices and counts: a value is an integer of units times 10^-scale, held
 * in a BigInt, so sums and products never drift as floating point does. Division and rounding name their scale
 * and round half away from zero, the rule of invoices and price lists.
 */

const DECIMAL_TEXT = /^([+-])?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;
const TEN = BigInt(10);
const ZERO_N = BigInt(0);

const pow10 = (n: number): bigint => TEN ** BigInt(n);

/** `units / 10^shift` rounded half away from zero. */
function divideHalfAway(units: bigint, divisor: bigint): bigint {
  const negative = units < ZERO_N !== divisor < ZERO_N;
  const a = units < ZERO_N ? -units : units;
  const b = divisor < ZERO_N ? -divisor : divisor;
  const quotient = (a * BigInt(2) + b) / (b * BigInt(2));
  return negative ? -quotient : quotient;
}

export class Decimal {
  static readonly ZERO = new Decimal(ZERO_N, 0);
  static readonly ONE = new Decimal(BigInt(1), 0);

  /** The value times 10^scale. */
  private constructor(
    readonly units: bigint,
    readonly scale: number,
  ) {}

  /**
   * From decimal text ("12.5", "-0.000001", "2.5e-6"), an integer (a bigint, or a safe whole number), or a
   * finite number by its shortest round-trip text, which is the literal a JSON file wrote ("2.5e-06" → 0.0000025).
   */
  static of(value: string | number | bigint | Decimal): Decimal {
    if (value instanceof Decimal) return value;
    if (typeof value === 'bigint') return new Decimal(value, 0);
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw new RangeError(`${value} is not a finite number`);
      return Decimal.parse(String(value));
    }
    return Decimal.parse(value);
  }

  /** Like `of`, but answers null for text that is not a decimal number instead of throwing. */
  static tryOf(value: string | number | bigint | null | undefined): Decimal | null {
    if (value === null || value === undefined) return null;
    try {
      return Decimal.of(value);
    } catch {
      return null;
    }
  }

  static sum(values: Iterable<Decimal | string>): Decimal {
    let total = Decimal.ZERO;
    for (const value of values) total = total.plus(value);
    return total;
  }

  static max(first: Decimal, ...rest: Decimal[]): Decimal {
    return rest.reduce((best, value) => (value.gt(best) ? value : best), first);
  }

  static min(first: Decimal, ...rest: Decimal[]): Decimal {
    return rest.reduce((best, value) => (value.lt(best) ? value : best), first);
  }

  private static parse(text: string): Decimal {
    const match = DECIMAL_TEXT.exec(text.trim());
    if (!match || (match[2] === '' && (match[3] ?? '') === '')) throw new RangeError(`"${text}" is not a decimal number`);
    const fraction = match[3] ?? '';
    let units = BigInt(`${match[2] || '0'}${fraction}`);
    let scale = fraction.length - Number(match[4] ?? 0);
    if (scale < 0) {
      units *= pow10(-scale);
      scale = 0;
    }
    return new Decimal(match[1] === '-' ? -units : units, scale);
  }

  private aligned(other: Decimal): [bigint, bigint, number] {
    if (this.scale === other.scale) return [this.units, other.units, this.scale];
    if (this.scale > other.scale) return [this.units, other.units * pow10(this.scale - other.scale), this.scale];
    return [this.units * pow10(other.scale - this.scale), other.units, other.scale];
  }

  plus(other: Decimal | string | number): Decimal {
    const [a, b, scale] = this.aligned(Decimal.of(other));
    return new Decimal(a + b, scale);
  }

  minus(other: Decimal | string | number): Decimal {
    const [a, b, scale] = this.aligned(Decimal.of(other));
    return new Decimal(a - b, scale);
  }

  times(other: Decimal | string | number): Decimal {
    const factor = Decimal.of(other);
    return new Decimal(this.units * factor.units, this.scale + factor.scale);
  }

  /** This divided by `other`, rounded half away from zero to `scale` decimals. */
  dividedBy(other: Decimal | string | number, scale: number): Decimal {
    const divisor = Decimal.of(other);
    if (divisor.units === ZERO_N) throw new RangeError('division by zero');
    // this / other = (a / 10^sa) / (b / 10^sb); scaled by 10^scale: a × 10^(scale + sb − sa) / b.
    const shift = scale + divisor.scale - this.scale;
    const numerator = shift >= 0 ? this.units * pow10(shift) : this.units;
    const denominator = shift >= 0 ? divisor.units : divisor.units * pow10(-shift);
    return new Decimal(divideHalfAway(numerator, denominator), scale);
  }

  /** Rounded half away from zero to `scale` decimals (no change when it already has no more). */
  round(scale: number): Decimal {
    if (this.scale <= scale) return this;
    return new Decimal(divideHalfAway(this.units, pow10(this.scale - scale)), scale);
  }

  negated(): Decimal {
    return new Decimal(-this.units, this.scale);
  }

  abs(): Decimal {
    return this.units < ZERO_N ? this.negated() : this;
  }

  /** -1, 0 or 1. */
  compare(other: Decimal | string | number): number {
    const [a, b] = this.aligned(Decimal.of(other));
    return a === b ? 0 : a < b ? -1 : 1;
  }

  eq(other: Decimal | string | number): boolean {
    return this.compare(other) === 0;
  }
  gt(other: Decimal | string | number): boolean {
    return this.compare(other) > 0;
  }
  gte(other: Decimal | string | number): boolean {
    return this.compare(other) >= 0;
  }
  lt(other: Decimal | string | number): boolean {
    return this.compare(other) < 0;
  }
  lte(other: Decimal | string | number): boolean {
    return this.compare(other) <= 0;
  }
  isZero(): boolean {
    return this.units === ZERO_N;
  }
  isNegative(): boolean {
    return this.units < ZERO_N;
  }
  isPositive(): boolean {
    return this.units > ZERO_N;
  }

  /** Zero where this is negative. */
  clampToZero(): Decimal {
    return this.isNegative() ? Decimal.ZERO : this;
  }

  /** Plain decimal text without trailing zeros: "12.5", "0", "-0.0000025". */
  toString(): string {
    let units = this.units;
    let scale = this.scale;
    while (scale > 0 && units % TEN === ZERO_N) {
      units /= TEN;
      scale -= 1;
    }
    return Decimal.text(units, scale);
  }

  /** Rounded to exactly `scale` decimals, padded: "12.50". */
  toFixed(scale: number): string {
    const rounded = this.round(scale);
    return Decimal.text(rounded.units * pow10(scale - rounded.scale), scale);
  }

  /** For display and charts only; never compute money with it. */
  toNumber(): number {
    return Number(this.toString());
  }

  toJSON(): string {
    return this.toString();
  }

  private static text(units: bigint, scale: number): string {
    const negative = units < ZERO_N;
    const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
    const body = scale > 0 ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits;
    return negative ? `-${body}` : body;
  }
}

/** Shorthand for `Decimal.of`. */
export const dec = (value: string | number | bigint | Decimal): Decimal => Decimal.of(value);
