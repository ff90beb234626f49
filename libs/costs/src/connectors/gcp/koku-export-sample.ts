import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { JsonValue, parseJsonKeepingNumbers } from '../shared/lossless-json';

const LIST_COLUMNS = new Set(['labels', 'credits', 'project.labels', 'system_labels']);

/**
 * The koku billing export samples (flattened CSV) back in the nested shape BigQuery's TO_JSON_STRING gives a row:
 * `service.description` becomes service → description, and the Python-style lists in labels and credits become
 * JSON lists. Every value stays text, digit for digit.
 */
export function kokuExportRows(file: string): { [key: string]: JsonValue }[] {
  const records = parse(readFileSync(join(__dirname, '../../../fixtures/gcp', file), 'utf8'), { columns: true }) as Record<string, string>[];
  return records.map((record) => {
    const row: { [key: string]: JsonValue } = {};
    for (const [column, value] of Object.entries(record)) {
      const parents = column.split('.');
      const leaf = parents.pop() ?? column;
      let target = row;
      for (const key of parents) target = (target[key] ??= {}) as { [key: string]: JsonValue };
      target[leaf] = LIST_COLUMNS.has(column) ? pythonListToJson(value) : value;
    }
    return row;
  });
}

function pythonListToJson(value: string): JsonValue {
  return parseJsonKeepingNumbers(value.replace(/'/g, '"').replace(/\bNone\b/g, 'null').replace(/\bTrue\b/g, 'true').replace(/\bFalse\b/g, 'false'));
}
