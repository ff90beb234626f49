import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Decimal } from '@apex/domain';
import { STORED_FOCUS_COLUMNS } from '../../focus/canonical-columns';
import { recordsOf } from '../../loading/testing/focus-test-files';
import { convertCsv, focusChecked, focusColumn, focusRecord } from '../testing/converted-records';
import { fixtureHeader, foreignFixtures } from '../testing/foreign-fixtures';
import { OCI_FORMATS, ociCostReportFormat } from './index';

// Sample: project-koku/koku @ 4d1a9e63ebea4095d2f668a00bb4b0d907bb9864 :
// koku/masu/test/data/oci/reports_cost-csv_0001000000603747.csv (Apache-2.0), copied to fixtures/oci.
const FIXTURES = join(__dirname, '../../../fixtures');
const SAMPLE = readFileSync(join(FIXTURES, 'oci/koku__oci_reports_cost-csv_0001000000603747.csv'), 'utf8');

const convertOciCsv = (text: string) => convertCsv(ociCostReportFormat, text);
const sourceColumn = (text: string, name: string) => {
  const [header, ...records] = recordsOf(text);
  return records.map((record) => record[header.indexOf(name)]);
};

/** The sample with its data lines replaced by edited copies (the header stays line 1). */
function edited(edit: (lines: string[]) => string[]): string {
  const [header, ...lines] = SAMPLE.trimEnd().split('\n');
  return [header, ...edit(lines)].join('\n');
}

describe('Oracle Cloud cost reports as FOCUS 1.0 records', () => {
  it('converts the sample: BilledCost and EffectiveCost are cost/myCost to the digit, and every record passes the FOCUS checks', () => {
    const converted = convertOciCsv(SAMPLE);
    const checked = focusChecked(converted);
    const myCost = sourceColumn(SAMPLE, 'cost/myCost');
    const currencies = sourceColumn(SAMPLE, 'cost/currencyCode');

    expect(converted.problems).toEqual([]);
    expect(checked.problems).toEqual([]);
    // Lines 2 and 3 have no currency and cost 0.000000000000: they carry no charge and are left out.
    expect(currencies.slice(0, 2)).toEqual(['', '']);
    expect(myCost.slice(0, 2).every((cost) => Decimal.of(cost).isZero())).toBe(true);
    expect(converted.rows).toHaveLength(3);
    expect(focusColumn(converted, 'BilledCost')).toEqual(myCost.slice(2));
    expect(Decimal.sum(focusColumn(converted, 'BilledCost')).eq(Decimal.sum(myCost))).toBe(true);
    expect(Decimal.sum(focusColumn(converted, 'EffectiveCost')).eq(Decimal.sum(myCost))).toBe(true);
    // By hand: 0.000000000000 + 0.000040641000 + 0.000000000000 (API Gateway: 0.000019 × 2.139 GBP).
    expect(Decimal.sum(focusColumn(converted, 'BilledCost')).toString()).toBe('0.000040641');
    expect(checked.summary).toMatchObject({ rowCount: 3, currency: 'GBP', periodStart: '2022-04-21T09:00:00Z', periodEnd: '2022-04-21T19:00:00Z' });
    expect(Decimal.of(checked.summary.billedCost).eq('0.000040641')).toBe(true);
  });

  it('maps a record column by column', () => {
    const converted = convertOciCsv(SAMPLE);
    expect(focusRecord(converted, 1)).toEqual({
      BillingAccountId: '15649487',
      BillingAccountName: '',
      BillingCurrency: 'GBP',
      BillingPeriodStart: '2022-04-01T00:00:00Z',
      BillingPeriodEnd: '2022-05-01T00:00:00Z',
      ChargeCategory: 'Usage',
      ChargeClass: '',
      ChargeDescription: 'API Calls',
      ChargePeriodStart: '2022-04-21T09:00:00Z',
      ChargePeriodEnd: '2022-04-21T10:00:00Z',
      BilledCost: '0.000040641000',
      EffectiveCost: '0.000040641000',
      ListCost: '0.000040641000',
      ContractedCost: '0.000040641000',
      ContractedUnitPrice: '2.139000000000',
      ConsumedQuantity: '0.000019000000',
      ConsumedUnit: '1M API Calls',
      PricingQuantity: '0.000019000000',
      PricingUnit: '1M API Calls',
      InvoiceIssuerName: 'Oracle',
      ProviderName: 'Oracle',
      PublisherName: 'Oracle',
      RegionId: 'uk-london-1',
      AvailabilityZone: '',
      ResourceId: 'ocid1.apigateway.oc1.uk-london-1.amaaaaaac',
      ServiceCategory: 'Networking',
      ServiceName: 'API_GATEWAY',
      SkuId: 'B92072',
      SubAccountId: 'ocid1.tenancy.oc1..aaaaaaaa',
      Tags: '{"Oracle-Tags.CreatedBy":"default/testing@redhat.com","Oracle-Tags.CreatedOn":"2022-04-14T13:14:25.177Z"}',
      x_ReferenceNo: 'my-resource-no4',
      x_CompartmentId: 'ocid1.tenancy.oc1..aaaaaaaa',
      x_CompartmentName: 'testing',
      x_MyCostOverage: '0.000040641000',
      x_OverageFlag: 'Y',
    });
    expect(focusRecord(converted, 2)).toMatchObject({
      ServiceCategory: 'Storage',
      AvailabilityZone: 'Huxy:UK-LONDON-1-AD-2',
      Tags: '{"Oracle-Tags.CreatedBy":"default/testing@redhat.com","Oracle-Tags.CreatedOn":"2022-02-23T11:52:23.927Z","new-tags.tarnished-tags":"qa","orcl-cloud.free-tier-retained":"true"}',
    });
    expect(focusRecord(converted, 0)).toMatchObject({ ServiceName: 'TELEMETRY', ServiceCategory: 'Management and Governance', Tags: '' });
  });

  it('refuses a file with two currencies at the first line of the second', () => {
    const converted = convertOciCsv(edited((lines) => [...lines.slice(0, 4), lines[4].replace(',GBP,', ',USD,')]));
    expect(converted.problems).toEqual([
      { line: 6, column: 'cost/currencyCode', message: "USD differs from GBP (line 4): a file has one billing currency; upload each currency's lines as their own file." },
    ]);
    expect(converted.rows).toHaveLength(2);
  });

  it('refuses unreadable dates and amounts, and a cost without a currency, with their line and column', () => {
    const converted = convertOciCsv(
      edited((lines) => [
        lines[0].replace(',0.000000000000,,,ONE GiB', ',0.5,,,ONE GiB'),
        lines[1],
        lines[2].replace('2022-04-21T19:00Z', '21/04/2022 19:00'),
        lines[3].replace(',0.000040641000,0.000040641000,', ',"0,000040641",0.000040641000,'),
        lines[4].replace(',0.062602299880,0.062602299880,', ',lots,0.062602299880,'),
      ]),
    );
    expect(converted.problems.map(({ line, column }) => [line, column])).toEqual([
      [2, 'cost/currencyCode'],
      [4, 'lineItem/intervalUsageEnd'],
      [5, 'cost/myCost'],
      [6, 'usage/billedQuantity'],
    ]);
    expect(converted.problems[2].message).toBe('"0,000040641" in cost/myCost is not a number.');
    expect(converted.rows).toHaveLength(0);
  });

  it('marks a correction, and takes Generative AI lines for AI spend without guessing a model the report does not name', () => {
    const converted = convertOciCsv(
      edited((lines) => [
        lines[3].replace(',API_GATEWAY,', ',GENERATIVE_AI,').replace(',API Calls,', ',OCI Generative AI - Large Cohere,'),
        lines[4].replace(',false,,', ',true,my-resource-no0,'),
      ]),
    );
    const checked = focusChecked(converted);
    const aiFlag = 5 + STORED_FOCUS_COLUMNS.length;

    expect(checked.problems).toEqual([]);
    expect(focusColumn(converted, 'ServiceCategory')).toEqual(['AI and Machine Learning', 'Storage']);
    expect(focusColumn(converted, 'ChargeClass')).toEqual(['', 'Correction']);
    expect(converted.conversion.focusHeader).not.toContain('x_Model');
    expect(checked.lines.map((line) => line.split('\t').slice(aiFlag, aiFlag + 2))).toEqual([
      ['t', '\\N'],
      ['f', '\\N'],
    ]);
  });

  it("does not take another provider's export or a FOCUS file for an OCI cost report", () => {
    const others = foreignFixtures('gcp/koku__gcp_billing_export_2020-11.csv', 'gcp/koku__gcp_billing_export_2022-08.csv');
    for (const path of others) expect([path, OCI_FORMATS.some((format) => format.detect(fixtureHeader(path)))]).toEqual([path, false]);
    expect(ociCostReportFormat.detect(recordsOf(SAMPLE)[0].filter((name) => name !== 'cost/myCost'))).toBe(false);
  });
});
