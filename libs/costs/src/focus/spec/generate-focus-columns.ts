/**
 * Compiles the FOCUS column tables (libs/costs/fixtures/focus/focus_spec_columns_v*.tsv) into
 * focus-columns.ts, so that the loader needs no file at run time:
 *
 *   node -r @swc-node/register libs/costs/src/focus/spec/generate-focus-columns.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FOCUS_VERSIONS, FocusVersion } from '@apex/contracts';
import type { FocusColumnSpec, FocusColumnTable } from './focus-column-spec';

const FIXTURES = join(__dirname, '../../../fixtures/focus');
export const GENERATED_FILE = join(__dirname, 'focus-columns.ts');

const HEADER = ['ColumnId', 'DisplayName', 'ColumnType', 'FeatureLevel', 'AllowsNulls', 'DataType', 'ValueFormat', 'IntroducedVersion'];

export function readColumnTable(version: FocusVersion): FocusColumnSpec[] {
  const path = join(FIXTURES, `focus_spec_columns_v${version}.tsv`);
  const [header, ...lines] = readFileSync(path, 'utf8').split(/\r?\n/).filter((line) => line.trim() !== '');
  if (header.split('\t').join() !== HEADER.join()) throw new Error(`${path}: unexpected header ${header}`);
  return lines.map((line) => {
    const [id, displayName, columnType, featureLevel, allowsNulls, dataType, valueFormat, introducedVersion] = line.split('\t');
    return {
      id,
      displayName,
      columnType: columnType as FocusColumnSpec['columnType'],
      featureLevel: featureLevel as FocusColumnSpec['featureLevel'],
      allowsNulls: allowsNulls === 'True',
      dataType: dataType as FocusColumnSpec['dataType'],
      valueFormat: valueFormat.replace(/\\</g, '<'),
      introducedVersion,
    };
  });
}

export function renderColumnTables(): string {
  const tables = Object.fromEntries(FOCUS_VERSIONS.map((version) => [version, readColumnTable(version)])) as unknown as FocusColumnTable;
  const body = FOCUS_VERSIONS.map(
    (version) => `  '${version}': [\n${tables[version].map((column) => `    ${JSON.stringify(column)},`).join('\n')}\n  ],`,
  ).join('\n');
  return [
    '// Compiled from libs/costs/fixtures/focus/focus_spec_columns_v*.tsv by generate-focus-columns.ts; do not edit.',
    "import type { FocusColumnTable } from './focus-column-spec';",
    '',
    'export const FOCUS_COLUMNS: FocusColumnTable = {',
    body,
    '};',
    '',
  ].join('\n');
}

if (require.main === module) {
  writeFileSync(GENERATED_FILE, renderColumnTables());
}
