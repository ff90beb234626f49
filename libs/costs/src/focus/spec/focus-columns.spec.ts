import { readFileSync } from 'node:fs';
import { FOCUS_COLUMNS } from './focus-columns';
import { GENERATED_FILE, readColumnTable, renderColumnTables } from './generate-focus-columns';

describe("FOCUS column tables compiled from the spec's TSVs", () => {
  it('are exactly what the generator makes of the fixtures (regenerate after changing a TSV)', () => {
    expect(readFileSync(GENERATED_FILE, 'utf8')).toBe(renderColumnTables());
  });

  it('hold 43, 50 and 57 columns for FOCUS 1.0, 1.1 and 1.2, with the same 21 mandatory columns', () => {
    expect([FOCUS_COLUMNS['1.0'].length, FOCUS_COLUMNS['1.1'].length, FOCUS_COLUMNS['1.2'].length]).toEqual([43, 50, 57]);
    const mandatory = (version: '1.0' | '1.1' | '1.2') => FOCUS_COLUMNS[version].filter((c) => c.featureLevel === 'Mandatory').map((c) => c.id);
    expect(mandatory('1.0')).toHaveLength(21);
    expect(mandatory('1.1')).toEqual(mandatory('1.0'));
    expect(mandatory('1.2')).toEqual(mandatory('1.0'));
  });

  it('keep what the TSV says of a column', () => {
    expect(readColumnTable('1.2').find((c) => c.id === 'SkuPriceDetails')).toEqual({
      id: 'SkuPriceDetails',
      displayName: 'SKU Price Details',
      columnType: 'Dimension',
      featureLevel: 'Conditional',
      allowsNulls: true,
      dataType: 'JSON',
      valueFormat: 'KeyValueFormat',
      introducedVersion: '1.1',
    });
    expect(FOCUS_COLUMNS['1.0'].find((c) => c.id === 'BilledCost')).toMatchObject({ dataType: 'Decimal', allowsNulls: false, featureLevel: 'Mandatory' });
  });
});
