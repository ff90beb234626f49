const SAFE = 2 ** 52;
const FAST_DIGITS = 15;

/**
 * An exact running sum of decimal strings (as FOCUS's Numeric Format allows them), answered as a decimal string
 * with as many decimals as the most precise value added. Values of up to 15 digits are added as integers of
 * their own scale in floating point, which is exact below 2^53 and moved into a BigInt before it gets there;
 * anything longer, or in E notation, is added as a BigInt directly.
 */
export class DecimalSum {
  /** Per scale (number of decimals): the part still in a float, and the part already in a BigInt. */
  private readonly fast: number[] = [];
  private readonly exact: bigint[] = [];

  add(value: string): void {
    const text = value.trim();
    const negative = text.charCodeAt(0) === 45;
    const unsigned = negative || text.charCodeAt(0) === 43 ? text.slice(1) : text;
    if (unsigned.includes('e') || unsigned.includes('E')) return this.addExponent(negative, unsigned);
    const point = unsigned.indexOf('.');
    const digits = point < 0 ? unsigned : unsigned.slice(0, point) + unsigned.slice(point + 1);
    const scale = point < 0 ? 0 : unsigned.length - point - 1;
    if (digits.length <= FAST_DIGITS) {
      const sum = (this.fast[scale] ?? 0) + (negative ? -Number(digits) : Number(digits));
      if (sum > SAFE || sum < -SAFE) {
        this.exact[scale] = (this.exact[scale] ?? 0n) + BigInt(sum);
        this.fast[scale] = 0;
      } else {
        this.fast[scale] = sum;
      }
    } else {
      this.exact[scale] = (this.exact[scale] ?? 0n) + (negative ? -BigInt(digits || '0') : BigInt(digits || '0'));
    }
  }

  toString(): string {
    const scale = Math.max(0, this.fast.length - 1, this.exact.length - 1);
    let total = 0n;
    for (let s = 0; s <= scale; s++) {
      const part = BigInt(this.fast[s] ?? 0) + (this.exact[s] ?? 0n);
      total += part * 10n ** BigInt(scale - s);
    }
    const negative = total < 0n;
    const digits = (negative ? -total : total).toString().padStart(scale + 1, '0');
    const text = scale ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits;
    return negative ? `-${text}` : text;
  }

  private addExponent(negative: boolean, unsigned: string): void {
    const [mantissa, exponentText] = unsigned.toLowerCase().split('e');
    const point = mantissa.indexOf('.');
    const digits = point < 0 ? mantissa : mantissa.slice(0, point) + mantissa.slice(point + 1);
    const scale = (point < 0 ? 0 : mantissa.length - point - 1) - Number(exponentText);
    const magnitude = BigInt(digits || '0') * (scale < 0 ? 10n ** BigInt(-scale) : 1n);
    const at = Math.max(scale, 0);
    this.exact[at] = (this.exact[at] ?? 0n) + (negative ? -magnitude : magnitude);
  }
}
