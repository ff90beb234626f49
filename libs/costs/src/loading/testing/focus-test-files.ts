import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';

export const FOCUS_FIXTURES = join(__dirname, '../../../fixtures/focus');

export const readFixture = (path: string) => readFileSync(join(FOCUS_FIXTURES, path), 'utf8');

/** Records of a CSV as csv-parse reads them (an independent reader for what the tests expect). */
export const recordsOf = (text: string): string[][] => parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true });

/** Exact sum of decimal strings (BigInt, no floats), with as many decimals as the most precise one. */
export function decimalSum(values: string[]): string {
  const scale = Math.max(0, ...values.map((v) => (v.split('.')[1] ?? '').length));
  const total = values.reduce((sum, value) => {
    const [whole, fraction = ''] = value.trim().replace(/^\+/, '').split('.');
    const negative = whole.startsWith('-');
    const digits = BigInt(`${whole.replace('-', '') || '0'}${fraction.padEnd(scale, '0')}`);
    return sum + (negative ? -digits : digits);
  }, 0n);
  const negative = total < 0n;
  const digits = (negative ? -total : total).toString().padStart(scale + 1, '0');
  const text = scale ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits;
  return negative ? `-${text}` : text;
}

/** Decimal strings compared by value ("3.10" equals "3.1"). */
export function sameAmount(a: string, b: string): boolean {
  const negated = b.trim().startsWith('-') ? b.trim().slice(1) : `-${b.trim()}`;
  return /^-?0(\.0+)?$/.test(decimalSum([a, negated]));
}

/** A column of a CSV by its header name, per data record. */
export function columnOf(text: string, column: string): string[] {
  const [header, ...rows] = recordsOf(text);
  const index = header.findIndex((name) => name.trim() === column);
  if (index < 0) throw new Error(`No column ${column}`);
  return rows.map((row) => row[index]);
}

/** The CSV with the cell of `column` on physical `line` (1 = header) replaced. Only for files without quoted line breaks. */
export function withCell(text: string, line: number, column: string, value: string): string {
  const lines = text.split('\n');
  const header = recordsOf(lines[0])[0];
  const cells = recordsOf(lines[line - 1])[0];
  cells[header.indexOf(column)] = value;
  lines[line - 1] = cells.map((cell) => (/[",\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell)).join(',');
  return lines.join('\n');
}

/** The CSV without one of its columns. */
export function withoutColumn(text: string, column: string): string {
  const [header, ...rows] = recordsOf(text);
  const index = header.indexOf(column);
  const keep = (record: string[]) => record.filter((_, i) => i !== index);
  return [keep(header), ...rows.map(keep)].map((r) => r.map((cell) => (/[",\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell)).join(',')).join('\n') + '\n';
}

/** The CSV with one more column at the end, its value on each data line given by `valueOf(line)` (2 = first data line). */
export function withColumn(text: string, column: string, valueOf: (line: number) => string): string {
  const [header, ...rows] = recordsOf(text);
  const csvCell = (cell: string) => (/[",\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);
  return [[...header, column], ...rows.map((row, i) => [...row, valueOf(i + 2)])].map((r) => r.map(csvCell).join(',')).join('\n') + '\n';
}
