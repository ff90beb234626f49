import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { recordsOf } from '../loading/testing/focus-test-files';
import { COSTS_FIXTURES, gcpCsvAsNdjson, readCostsFixture } from '../loading/testing/native-test-files';
import { describeKnownFormats, detectNativeFormat, detectNdjsonNativeFormat, NATIVE_FORMATS, nativeFormatById } from './native-formats';
import { flatColumnsOf } from './ndjson-records';

// Headers and samples: see the README of each fixtures folder for source and licence (koku Apache-2.0,
// finops-toolkit MIT, FOCUS spec examples CC BY 4.0, aws-well-architected-labs MIT-0).
const headerOf = (path: string) => recordsOf(readCostsFixture(path))[0];

describe('the native formats Apex reads', () => {
  const expected: Record<string, string | null> = {
    'export-headers/aws__koku__test_cur_legacy_csv.csv': 'aws-cur-legacy',
    'export-headers/aws__koku__cur_2023-06-01_savingsplan_costcategory.csv': 'aws-cur-legacy',
    'export-headers/aws__koku__cur_2022-07-01_alt_columns.csv': 'aws-cur-legacy-athena',
    'export-headers/aws__awslabs-wa-labs__7_day_EC2_RI_Rec.csv': null,
    'export-headers/azure__finops-toolkit__EA_ActualCost_Small.csv': 'azure-ea-cost-details',
    'export-headers/azure__finops-toolkit__EA_AmortizedCost_Small.csv': 'azure-ea-cost-details',
    'export-headers/azure__koku__azure_costexport_v2.csv': 'azure-mca-cost-details',
    'export-headers/azure__koku__azure_costreport_v1.csv': 'azure-usage-details-v1',
    'export-headers/azure__finops-toolkit__PricingUnits.csv': null,
    'export-headers/azure__finops-toolkit__Regions.csv': null,
    'export-headers/azure__finops-toolkit__Services.csv': null,
    'gcp/koku__gcp_billing_export_2020-11.csv': 'gcp-billing-export',
    'gcp/koku__gcp_billing_export_2022-08.csv': 'gcp-billing-export',
    'oci/koku__oci_reports_cost-csv_0001000000603747.csv': 'oci-cost-report',
    ...Object.fromEntries(readdirSync(join(COSTS_FIXTURES, 'focus/spec_examples')).map((file) => [`focus/spec_examples/${file}`, null])),
    'focus/samples/focus-1.2-ai-spend.csv': null,
    'focus/samples/focus-1.0-openai-usage.csv': null,
  };

  it.each(Object.keys(expected))('places %s', (path) => {
    const header = headerOf(path);
    expect(detectNativeFormat(header)?.id ?? null).toBe(expected[path]);
    // Detection order cannot matter: no header is taken by two formats.
    expect(NATIVE_FORMATS.filter((format) => format.detect(header)).length).toBe(expected[path] ? 1 : 0);
  });

  it('tells newline-delimited JSON by its first record', () => {
    const firstLine = gcpCsvAsNdjson(readCostsFixture('gcp/koku__gcp_billing_export_2020-11.csv')).split('\n')[0];
    expect(detectNdjsonNativeFormat(flatColumnsOf(firstLine) ?? [])?.format.id).toBe('gcp-billing-export');
    expect(detectNdjsonNativeFormat(flatColumnsOf('{"object":"page","data":[]}') ?? [])).toBeNull();
  });

  it('has one id per format, and names every format and FOCUS version in what it says it reads', () => {
    expect(new Set(NATIVE_FORMATS.map((format) => format.id)).size).toBe(NATIVE_FORMATS.length);
    expect(NATIVE_FORMATS.map((format) => format.id)).toEqual([
      'aws-cur-legacy',
      'aws-cur-2',
      'aws-cur-legacy-athena',
      'azure-ea-cost-details',
      'azure-mca-cost-details',
      'azure-usage-details-v1',
      'gcp-billing-export',
      'oci-cost-report',
    ]);
    const said = describeKnownFormats();
    expect(said).toMatch(/^Apex reads FOCUS 1\.0, 1\.1, 1\.2 files and these providers' own cost exports: /);
    for (const format of NATIVE_FORMATS) expect(said).toContain(format.name);
    expect(nativeFormatById('oci-cost-report')?.name).toBe('Oracle Cloud Infrastructure cost report (CSV)');
    expect(nativeFormatById('no-such-format')).toBeNull();
  });
});
