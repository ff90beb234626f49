import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Decimal } from '@apex/domain';
import { recordsOf } from './focus-test-files';

export const COSTS_FIXTURES = join(__dirname, '../../../fixtures');

export const readCostsFixture = (path: string) => readFileSync(join(COSTS_FIXTURES, path), 'utf8');

/** A source file's records as csv-parse reads them, each with its line in the file (for files without quoted line breaks). */
export function sourceRecords(text: string): { line: number; value: (column: string) => string }[] {
  const [header, ...records] = recordsOf(text);
  const names = header.map((name) => name.trim());
  return records.map((record, index) => ({
    line: index + 2,
    value: (column: string) => {
      const at = names.indexOf(column);
      if (at < 0) throw new Error(`No column ${column}`);
      return record[at].trim();
    },
  }));
}

/** Σ of a source column (empty as 0), exact. */
export const sourceSum = (text: string, column: string, keep: (value: (column: string) => string) => boolean = () => true): Decimal =>
  Decimal.sum(
    sourceRecords(text)
      .filter((record) => keep(record.value))
      .map((record) => record.value(column) || '0'),
  );

/** Σ credits[].amount of a Google Cloud billing export CSV, whose credits column is a Python-style list. */
export const gcpCreditsSum = (text: string): Decimal =>
  Decimal.sum(sourceRecords(text).flatMap((record) => [...record.value('credits').matchAll(/'amount': (-?[\d.e+-]+)/g)].map((match) => match[1])));

/**
 * A Google Cloud billing export CSV as BigQuery writes the same table as newline-delimited JSON: nested objects,
 * numbers with the CSV's own digits, credits and labels as JSON lists, null fields left out.
 */
export function gcpCsvAsNdjson(text: string): string {
  const NUMBERS = new Set(['cost', 'currency_conversion_rate', 'usage.amount', 'usage.amount_in_pricing_units']);
  const LISTS = new Set(['labels', 'credits', 'project.labels', 'system_labels']);
  const [header, ...records] = recordsOf(text);
  const pythonToJson = (value: string) => value.replace(/'/g, '"').replace(/\bNone\b/g, 'null');
  type Node = { raw: string } | string | { [key: string]: Node };
  const write = (node: Node): string =>
    typeof node === 'string'
      ? JSON.stringify(node)
      : typeof node.raw === 'string'
        ? (node.raw as string)
        : `{${Object.entries(node).map(([key, child]) => `${JSON.stringify(key)}:${write(child as Node)}`).join(',')}}`;
  return records
    .map((record) => {
      const tree: { [key: string]: Node } = {};
      header.forEach((name, index) => {
        const value = record[index];
        if (value === '') return;
        const path = name.split('.');
        const leaf = path.pop() as string;
        let target = tree;
        for (const key of path) target = (target[key] ??= {}) as { [key: string]: Node };
        target[leaf] = NUMBERS.has(name) ? { raw: value } : LISTS.has(name) ? { raw: pythonToJson(value) } : value;
      });
      return write(tree);
    })
    .join('\n');
}
