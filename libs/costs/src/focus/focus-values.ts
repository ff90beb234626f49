/**
 * FOCUS value formats, checked the way the spec states them. Every parser answers the normalised value, or
 * `undefined` when the value does not conform (the caller turns that into a report naming line and column).
 */

/** `null` and `NULL` are how many FOCUS tools (and the spec's own examples) write a null in CSV. */
export function isNull(raw: string): boolean {
  if (raw.length === 0) return true;
  const first = raw.charCodeAt(0);
  if (first === 110 || first === 78) return raw === 'null' || raw === 'NULL';
  return first <= 32 && raw.trim() === '';
}

// Numeric Format: an integer, a decimal or E notation, with a minus sign for negatives; no currency symbols,
// units or thousands separators. The exponent is bounded so that PostgreSQL's numeric can hold the value.
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d{1,3})?$/;
const MAX_DECIMAL_LENGTH = 80;

export function parseDecimal(raw: string): string | undefined {
  const value = raw.charCodeAt(0) <= 32 || raw.charCodeAt(raw.length - 1) <= 32 ? raw.trim() : raw;
  return value.length <= MAX_DECIMAL_LENGTH && DECIMAL.test(value) ? value : undefined;
}

// An amount as a spreadsheet shows it: a currency symbol, or thousands separators with a decimal point, and
// spaces around ("$10,000.00 ", "-€1,234.5", "$100"). Thousands separators without a decimal point ("1,000") are
// refused: elsewhere the comma is the decimal separator, and 1,000 may be one.
const SPREADSHEET_AMOUNT = /^\s*([+-]?)\s*(?:([$€£])\s*)?([+-]?)(\d{1,3}(?:,\d{3})+\.\d+|\d+(?:\.\d*)?|\.\d+)\s*$/;

/** The FOCUS number a spreadsheet-style amount writes, exactly; undefined for anything else. */
export function parseSpreadsheetDecimal(raw: string): string | undefined {
  const match = SPREADSHEET_AMOUNT.exec(raw);
  if (!match) return undefined;
  const [, signBefore, symbol, signAfter, digits] = match;
  const grouped = digits.includes(',');
  if ((!symbol && !grouped) || (signBefore && signAfter)) return undefined;
  const value = `${signBefore || signAfter}${grouped ? digits.replace(/,/g, '') : digits}`;
  return parseDecimal(value);
}

const BIGINT_MAX = 9223372036854775807n;

/** A count (tokens, requests): a whole, non-negative number that fits PostgreSQL's bigint. */
export function parseCount(raw: string): string | undefined {
  const value = raw.trim();
  if (!/^\d{1,19}$/.test(value)) return undefined;
  return value.length < 19 || BigInt(value) <= BIGINT_MAX ? value.replace(/^0+(?=\d)/, '') : undefined;
}

/**
 * `quantity` × `multiplier` rounded half up to a whole count: 12.3456 of "1000 Tokens" is 12346 tokens. Exact:
 * the decimal's digits are multiplied as integers and shifted, never as floats. Negative quantities (credits,
 * corrections) and counts beyond bigint answer undefined.
 */
export function scaleToCount(quantity: string, multiplier: bigint): string | undefined {
  const match = /^\+?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(quantity.trim());
  if (!match || (match[1] === '' && !match[2])) return undefined;
  const fraction = match[2] ?? '';
  const shift = Number(match[3] ?? 0) - fraction.length;
  if (shift > 40 || shift < -400) return undefined;
  let whole = BigInt(`${match[1]}${fraction}` || '0') * multiplier;
  if (shift >= 0) {
    whole *= 10n ** BigInt(shift);
  } else {
    const divisor = 10n ** BigInt(-shift);
    whole = whole / divisor + ((whole % divisor) * 2n >= divisor ? 1n : 0n);
  }
  return whole <= BIGINT_MAX ? whole.toString() : undefined;
}

// Date/Time Format: ISO 8601 in UTC (FOCUS writes `2024-01-01T00:00:00Z`). Also taken, because they are
// unambiguous: a space instead of the T, fractions of seconds, an explicit offset or ` UTC`, no seconds, and a
// bare date (midnight). A value without a zone is UTC, as FOCUS requires every date/time to be.
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?)?(?:\s?(Z|UTC|[+-]\d{2}(?::?\d{2})?))?$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export interface ParsedDateTime {
  /** ISO 8601 as PostgreSQL reads it exactly, with its zone. */
  iso: string;
  /** Milliseconds since the epoch (fractions below a millisecond dropped), for comparisons. */
  epochMs: number;
}

export function parseDateTime(raw: string): ParsedDateTime | undefined {
  const value = raw.trim();
  // The form FOCUS prescribes: 2024-01-01T00:00:00Z.
  if (value.length === 20 && value.charCodeAt(10) === 84 && value.charCodeAt(19) === 90) {
    const epochMs = Date.parse(value);
    if (!Number.isNaN(epochMs) && new Date(epochMs).toISOString().slice(0, 19) === value.slice(0, 19)) return { iso: value, epochMs };
  }
  const match = DATE_TIME.exec(value);
  if (!match) return undefined;
  const [, y, mo, d, h = '00', mi = '00', s = '00', fraction = '', zone = 'Z'] = match;
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const daysInMonth = month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth || hour > 23 || minute > 59 || second > 59) return undefined;
  let offsetMinutes = 0;
  let isoZone = 'Z';
  if (zone !== 'Z' && zone !== 'UTC') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const [oh, om] = [Number(digits.slice(0, 2)), Number(digits.slice(2) || '0')];
    if (oh > 14 || om > 59) return undefined;
    offsetMinutes = sign * (oh * 60 + om);
    isoZone = `${zone[0]}${digits.slice(0, 2)}:${(digits.slice(2) || '00').padEnd(2, '0')}`;
  }
  const epochMs = Date.UTC(year, month - 1, day, hour, minute, second) + Math.floor(Number(`0${fraction}`) * 1000) - offsetMinutes * 60_000;
  return { iso: `${y}-${mo}-${d}T${h}:${mi}:${s}${fraction}${isoZone}`, epochMs };
}

/** Currency Format of a billing currency: an ISO 4217 code, three capital letters. */
export function parseCurrencyCode(raw: string): string | undefined {
  const value = raw.trim();
  return /^[A-Z]{3}$/.test(value) ? value : undefined;
}

/** JSON (Tags, SkuPriceDetails): FOCUS's Key-Value Format is a JSON object. Answers the parsed object. */
export function parseKeyValue(raw: string): Record<string, unknown> | undefined {
  const value = raw.trim();
  if (value.charCodeAt(0) !== 123) return undefined;
  try {
    const parsed: unknown = JSON.parse(value);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** An allowed value, matched regardless of case and surrounding spaces and answered as the spec spells it. */
export function allowedValueMatcher(values: readonly string[]): (raw: string) => string | undefined {
  const exact = new Set(values);
  const byKey = new Map(values.map((value) => [value.toLowerCase(), value]));
  return (raw) => (exact.has(raw) ? raw : byKey.get(raw.trim().toLowerCase()));
}

/** What a value that failed its check was, for the report: quoted, cut to a readable length. */
export function quoteValue(raw: string): string {
  return JSON.stringify(raw.length > 60 ? `${raw.slice(0, 57)}...` : raw);
}
