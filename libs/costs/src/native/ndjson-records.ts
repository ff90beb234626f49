import { isJsonObject, JsonValue, parseJsonKeepingNumbers } from '../connectors/shared/lossless-json';
import type { NativeProblemReporter } from './native-format';

export type NdjsonRecordHandler = (fields: string[], line: number) => void;

/** A line that has not ended after this many characters is not a billing record. */
export const MAX_NDJSON_LINE_CHARS = 4 * 1024 * 1024;

const BOM = 0xfeff;

/**
 * Reads newline-delimited JSON (one object per line, as BigQuery exports a table) as flat records over a fixed
 * column list, so that a converter written for the flattened CSV of the same export reads both. A column names
 * its value by path, `service.description` for `{"service": {"description": …}}`. A value is handed on as text:
 * numbers digit for digit as the file wrote them (never through a float), true/false as words, null or a key the
 * line leaves out as empty, and a list or object the column ends on as its JSON (numbers in it as text).
 *
 * The column list is fixed rather than read from the first line because exports leave out null fields: the
 * first line need not name every column a later one has. Keys outside the list are not read.
 *
 * Text arrives chunk by chunk; lines end with LF or CRLF; blank lines are skipped; a byte order mark at the start
 * is dropped. A line that is not a JSON object, or that ends before its JSON does (a file cut off), is reported
 * with its line number and read no further; the lines after it are still read.
 */
export class NdjsonRecordReader {
  private readonly paths: string[][];
  private pending = '';
  private line = 1;
  private started = false;
  private overlong = false;

  constructor(
    columns: readonly string[],
    private readonly onRecord: NdjsonRecordHandler,
    private readonly report: NativeProblemReporter,
  ) {
    this.paths = columns.map((column) => column.split('.'));
  }

  write(text: string): void {
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === BOM) text = text.slice(1);
    }
    const all = this.pending.length ? this.pending + text : text;
    let from = 0;
    for (let lf = all.indexOf('\n'); lf >= 0; lf = all.indexOf('\n', from)) {
      if (this.overlong) this.skipOverlong();
      else this.readLine(all.slice(from, lf), false);
      from = lf + 1;
    }
    this.pending = this.overlong ? '' : all.slice(from);
    if (this.pending.length > MAX_NDJSON_LINE_CHARS) {
      this.report({ line: this.line, column: null, message: `The line runs over ${MAX_NDJSON_LINE_CHARS / 1024 / 1024} MiB without ending: it is not one billing record.` });
      this.overlong = true;
      this.pending = '';
    }
  }

  /** Reads the last line, which may have no newline. */
  end(): void {
    if (this.pending.length && !this.overlong) this.readLine(this.pending, true);
    this.pending = '';
  }

  /** The rest of a line already reported as too long ends here. */
  private skipOverlong(): void {
    this.overlong = false;
    this.line++;
  }

  private readLine(raw: string, last: boolean): void {
    const line = this.line++;
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (text.trim() === '') return;
    let value: JsonValue;
    try {
      value = parseJsonKeepingNumbers(text);
    } catch (error) {
      const at = /position (\d+)/.exec((error as Error).message);
      const cutOff = at !== null && Number(at[1]) >= text.trimEnd().length;
      this.report({
        line,
        column: null,
        message: cutOff
          ? `The line ends before its JSON object does${last ? ': the file looks cut off' : ''}. Export the table again.`
          : `The line is not valid JSON (${(error as Error).message}).`,
      });
      return;
    }
    if (!isJsonObject(value)) {
      this.report({ line, column: null, message: `The line is ${describe(value)}, not a JSON object: each line of the export is one record.` });
      return;
    }
    this.onRecord(
      this.paths.map((path) => fieldText(valueAt(value, path))),
      line,
    );
  }
}

/**
 * The flattened column names of one JSON line (`service.description`, `credits`, …), for telling a format by its
 * columns the way a CSV header is; null when the line is not a JSON object.
 */
export function flatColumnsOf(line: string): string[] | null {
  let value: JsonValue;
  try {
    value = parseJsonKeepingNumbers(line.charCodeAt(0) === BOM ? line.slice(1) : line);
  } catch {
    return null;
  }
  if (!isJsonObject(value)) return null;
  const columns: string[] = [];
  const walk = (object: { [key: string]: JsonValue }, prefix: string) => {
    for (const [key, child] of Object.entries(object)) {
      if (isJsonObject(child)) walk(child, `${prefix}${key}.`);
      else columns.push(`${prefix}${key}`);
    }
  };
  walk(value, '');
  return columns;
}

function valueAt(value: JsonValue | undefined, path: string[]): JsonValue | undefined {
  for (const key of path) value = isJsonObject(value) ? value[key] : undefined;
  return value;
}

function fieldText(value: JsonValue | undefined): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return JSON.stringify(value);
}

function describe(value: JsonValue): string {
  if (Array.isArray(value)) return 'a JSON list';
  return value === null ? 'null' : 'a single JSON value';
}
