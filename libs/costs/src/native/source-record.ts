import { parseDecimal, quoteValue } from '../focus/focus-values';
import type { NativeProblemReporter } from './native-format';

/** Each column of a source header by its name in lower case, for a format whose column names ignore case. */
export type ColumnPositions = ReadonlyMap<string, number>;

export const columnPositions = (header: string[]): ColumnPositions => new Map(header.map((name, index) => [name.trim().toLowerCase(), index]));

/** One source record's fields by column name, and whether reading them has found a problem yet. */
export interface SourceRecord {
  readonly ok: boolean;
  problem(column: string, message: string): void;
  /** The field trimmed; empty where the header has no such column. */
  get(column: string): string;
  /** The field, a problem when empty. */
  required(column: string): string;
  /** The field (or `value`) as written, a problem when it is not a number. */
  amount(column: string, value?: string): string;
}

/**
 * The record at `line` read over a header of `width` columns, or null (reported) when its field count is not the
 * header's. `everyRecord` says, after a required column's name, why it may not be empty.
 */
export function readSourceRecord(
  positions: ColumnPositions,
  width: number,
  fields: string[],
  line: number,
  report: NativeProblemReporter,
  everyRecord: string,
): SourceRecord | null {
  if (fields.length !== width) {
    report({ line, column: null, message: `The record has ${fields.length} fields where the header has ${width} columns.` });
    return null;
  }
  let ok = true;
  const problem = (column: string, message: string) => {
    ok = false;
    report({ line, column, message });
  };
  const get = (column: string): string => {
    const index = positions.get(column.toLowerCase());
    return index === undefined ? '' : fields[index].trim();
  };
  return {
    get ok() {
      return ok;
    },
    problem,
    get,
    required(column) {
      const value = get(column);
      if (value === '') problem(column, `${column} is empty; ${everyRecord}.`);
      return value;
    },
    amount(column, value = get(column)) {
      if (value !== '' && parseDecimal(value) === undefined) problem(column, `${quoteValue(value)} in ${column} is not a number.`);
      return value;
    },
  };
}

/**
 * Holds a file to the billing currency of its first record: a code that is no ISO 4217 code, or another than the
 * first, is a problem of `column`; `advice` says what to upload instead of a file of two currencies.
 */
export function singleCurrency(column: string, advice: string) {
  let first: { code: string; line: number } | null = null;
  return (code: string, line: number, problem: (column: string, message: string) => void) => {
    if (!/^[A-Z]{3}$/.test(code)) problem(column, `${quoteValue(code)} is not an ISO 4217 currency code (like USD).`);
    else if (first === null) first = { code, line };
    else if (code !== first.code) problem(column, `${code} differs from ${first.code} (line ${first.line}): a file has one billing currency; ${advice}.`);
  };
}

/** A parsed date and time in FOCUS's UTC form (`2024-01-01T00:00:00Z`). */
export function utcDateTimeText({ iso, epochMs }: { iso: string; epochMs: number }): string {
  if (iso.endsWith('Z')) return iso;
  if (/[+-]00:00$/.test(iso)) return `${iso.slice(0, -6)}Z`;
  return new Date(epochMs).toISOString().replace('.000Z', 'Z');
}
