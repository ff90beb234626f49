import { planFocusHeader } from '../../focus/focus-header';
import { FocusRowEncoder } from '../../focus/focus-row-encoder';
import { recordsOf } from '../../loading/testing/focus-test-files';
import type { NativeConversion, NativeFormat, NativeProblem } from '../native-format';

/** A native file's records as a format converted them, and what it reported. */
export interface Converted {
  conversion: NativeConversion;
  rows: string[][];
  problems: NativeProblem[];
}

/** Converts CSV text record by record, as the upload loader does (line 1 is the header). */
export function convertCsv(format: NativeFormat, text: string): Converted {
  const [header, ...records] = recordsOf(text);
  expect(format.detect(header)).toBe(true);
  const conversion = format.plan(header);
  const problems: NativeProblem[] = [];
  const rows = records
    .map((fields, index) => conversion.convert(fields, index + 2, (problem) => problems.push(problem)))
    .filter((row): row is string[] => row !== null);
  conversion.finish?.((problem) => problems.push(problem));
  return { conversion, rows, problems };
}

/** The converted records through Apex's own FOCUS 1.0 checks: header plan, then every record encoded. */
export function focusChecked({ conversion, rows }: Converted) {
  const reading = planFocusHeader(conversion.focusHeader, '1.0');
  expect([reading.issues, reading.warnings]).toEqual([[], []]);
  if (!reading.plan) throw new Error('The converted header is not a FOCUS header.');
  const problems: string[] = [];
  const report = (line: number, column: string | null, message: string) => problems.push(`${line} ${column}: ${message}`);
  const encoder = new FocusRowEncoder(reading.plan, { orgId: 'org', connectionId: 'connection', sourceId: 'source' }, report, (kind, line, column, message) =>
    report(line, column, `${kind}: ${message}`),
  );
  const encoded = rows.map((row, index) => encoder.encode(row, index + 2));
  const lines = encoded.filter((line): line is string => line !== null);
  const summary = encoder.summary() ?? { rowCount: 0, currency: '', billedCost: '0', effectiveCost: '0', periodStart: '', periodEnd: '' };
  return { problems, encoded, lines, summary };
}

/** One FOCUS column of every converted record. */
export const focusColumn = (converted: Converted, name: string) => converted.rows.map((row) => row[converted.conversion.focusHeader.indexOf(name)]);

/** One converted record as FOCUS column → value. */
export const focusRecord = (converted: Converted, index: number) =>
  Object.fromEntries(converted.conversion.focusHeader.map((name, i) => [name, converted.rows[index][i]]));
