import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { recordsOf } from '../../loading/testing/focus-test-files';

const FIXTURES = join(__dirname, '../../../fixtures');

/** The header of a file under fixtures/. */
export const fixtureHeader = (path: string) => recordsOf(readFileSync(join(FIXTURES, path), 'utf8'))[0];

/**
 * Files under fixtures/ that are no one provider's export: the export headers of every other format, FOCUS files,
 * and `samples` (other providers' exports, named by the format that reads them).
 */
export function foreignFixtures(...samples: string[]): string[] {
  return [
    ...readdirSync(join(FIXTURES, 'export-headers'))
      .filter((name) => name.endsWith('.csv'))
      .map((name) => `export-headers/${name}`),
    'focus/spec_examples/commitment_discount_scenarios__commitment_discount_usage_scenario_1.csv',
    'focus/samples/focus-1.0-openai-usage.csv',
    'focus/samples/focus-1.2-ai-spend.csv',
    ...samples,
  ];
}
