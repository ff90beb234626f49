import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Decimal } from '@apex/domain';
import { STORED_FOCUS_COLUMNS } from '../../focus/canonical-columns';
import { recordsOf } from '../../loading/testing/focus-test-files';
import { gcpCsvAsNdjson } from '../../loading/testing/native-test-files';
import type { NativeProblem } from '../native-format';
import { Converted, convertCsv, focusChecked, focusColumn, focusRecord } from '../testing/converted-records';
import { fixtureHeader, foreignFixtures } from '../testing/foreign-fixtures';
import { flatColumnsOf, NdjsonRecordReader } from '../ndjson-records';
import { GCP_BILLING_EXPORT_COLUMNS, GCP_FORMATS, gcpBillingExportFormat } from './index';

// Samples: project-koku/koku @ 768be82 : koku/masu/test/data/gcp/ (Apache-2.0), copied to fixtures/gcp.
const FIXTURES = join(__dirname, '../../../fixtures');
const SAMPLES = ['koku__gcp_billing_export_2020-11.csv', 'koku__gcp_billing_export_2022-08.csv'];
const sample = (file: string) => readFileSync(join(FIXTURES, 'gcp', file), 'utf8');

const convertGcpCsv = (text: string) => convertCsv(gcpBillingExportFormat, text);

/** Converts newline-delimited JSON text, fed in small chunks so that lines arrive split. */
function convertNdjson(text: string): Converted {
  const conversion = gcpBillingExportFormat.plan([...GCP_BILLING_EXPORT_COLUMNS]);
  const problems: NativeProblem[] = [];
  const rows: string[][] = [];
  const reader = new NdjsonRecordReader(
    GCP_BILLING_EXPORT_COLUMNS,
    (fields, line) => {
      const row = conversion.convert(fields, line, (problem) => problems.push(problem));
      if (row) rows.push(row);
    },
    (problem) => problems.push(problem),
  );
  for (let at = 0; at < text.length; at += 37) reader.write(text.slice(at, at + 37));
  reader.end();
  return { conversion, rows, problems };
}

const sum = (values: string[]) => Decimal.sum(values);

/** The sample's own figures, read independently: Σ cost, and Σ cost + Σ credits[].amount. */
function sourceTotals(text: string) {
  const [header, ...records] = recordsOf(text);
  const cost = header.indexOf('cost');
  const credits = header.indexOf('credits');
  const billed = sum(records.map((record) => record[cost]));
  const creditAmounts = records.flatMap((record) => [...record[credits].matchAll(/'amount': (-?[\d.e+-]+)/g)].map((match) => match[1]));
  return { rows: records.length, billed, effective: billed.plus(sum(creditAmounts)) };
}


describe('Google Cloud billing export as FOCUS 1.0 records', () => {
  it.each(SAMPLES)('converts %s: BilledCost is cost to the digit, EffectiveCost is cost plus credits, and every record passes the FOCUS checks', (file) => {
    const text = sample(file);
    const converted = convertGcpCsv(text);
    const source = sourceTotals(text);
    const checked = focusChecked(converted);

    expect(converted.problems).toEqual([]);
    expect(checked.problems).toEqual([]);
    expect(converted.rows).toHaveLength(source.rows);
    expect(checked.encoded.every((line) => line !== null)).toBe(true);
    expect(focusColumn(converted, 'BilledCost')).toEqual(recordsOf(text).slice(1).map((record) => record[recordsOf(text)[0].indexOf('cost')]));
    expect(sum(focusColumn(converted, 'BilledCost')).eq(source.billed)).toBe(true);
    expect(sum(focusColumn(converted, 'EffectiveCost')).eq(source.effective)).toBe(true);
    expect(Decimal.of(checked.summary.billedCost).eq(source.billed)).toBe(true);
    expect(Decimal.of(checked.summary.effectiveCost).eq(source.effective)).toBe(true);
    expect(checked.summary.currency).toBe('USD');
  });

  it('gets the hand-added figures of the samples: 2020-11 bills 0.000032 USD of which credits take all, 2022-08 bills 0.000012 USD', () => {
    // 2020-11: six rows of 5e-06 and two of 1e-06 (Security Command Center), each with a FreeTrial credit of the
    // same amount; the rest cost 0. 2022-08: 2e-06 + 1e-05 (Compute Engine egress to China), no credits.
    const november = convertGcpCsv(sample(SAMPLES[0]));
    const august = convertGcpCsv(sample(SAMPLES[1]));
    expect(sum(focusColumn(november, 'BilledCost')).toString()).toBe('0.000032');
    expect(sum(focusColumn(november, 'EffectiveCost')).toString()).toBe('0');
    expect(sum(focusColumn(august, 'BilledCost')).toString()).toBe('0.000012');
    expect(sum(focusColumn(august, 'EffectiveCost')).toString()).toBe('0.000012');
  });

  it('maps a record column by column', () => {
    const converted = convertGcpCsv(sample(SAMPLES[0]));
    const record = (index: number) => focusRecord(converted, index);
    expect(record(0)).toEqual({
      BillingAccountId: '000000-B0BBA4-940A77',
      BillingAccountName: '',
      BillingCurrency: 'USD',
      BillingPeriodStart: '2020-11-01T07:00:00Z',
      BillingPeriodEnd: '2020-12-01T08:00:00Z',
      ChargeCategory: 'Usage',
      ChargeClass: '',
      ChargeDescription: 'Event Threat Detection Log Ingest Bytes',
      ChargePeriodStart: '2020-11-09T23:00:00Z',
      ChargePeriodEnd: '2020-11-10T00:00:00Z',
      BilledCost: '5e-06',
      EffectiveCost: '0',
      ListCost: '5e-06',
      ContractedCost: '5e-06',
      ConsumedQuantity: '24909.0',
      ConsumedUnit: 'bytes',
      PricingQuantity: '2.3198314011096954e-05',
      PricingUnit: 'gibibyte',
      InvoiceIssuerName: 'Google Cloud',
      ProviderName: 'Google Cloud',
      PublisherName: 'Google Cloud',
      RegionId: 'global',
      AvailabilityZone: '',
      ResourceId: '',
      ResourceName: '',
      ServiceCategory: 'Security',
      ServiceName: 'Security Command Center',
      SkuId: 'D5A4-0C3E-4DA4',
      SubAccountId: 'billing-example-00000',
      SubAccountName: 'cloud-billing',
      Tags: '',
      x_ServiceId: 'FBF2-FC68-171A',
      x_CostType: 'regular',
    });
    expect(record(3)).toMatchObject({ Tags: '{"goog-resource-type":"bigquery_resource"}', ServiceName: 'Stackdriver Logging', ServiceCategory: 'Management and Governance', RegionId: 'us' });
    const august = convertGcpCsv(sample(SAMPLES[1]));
    const first = Object.fromEntries(august.conversion.focusHeader.map((name, i) => [name, august.rows[0][i]]));
    expect(first).toMatchObject({ ResourceName: 'instance-1', ResourceId: '//example', RegionId: 'us-central1', ServiceCategory: 'Compute', BillingPeriodStart: '2022-08-01T07:00:00Z', BillingPeriodEnd: '2022-09-01T07:00:00Z' });
  });

  it.each(SAMPLES)('reads %s re-serialised as newline-delimited JSON to the same records, numbers digit for digit', (file) => {
    const text = sample(file);
    const ndjson = gcpCsvAsNdjson(text);
    expect(ndjson).toMatch(/"cost":(5e-06|1e-05),/);
    expect(gcpBillingExportFormat.detect(flatColumnsOf(ndjson.split('\n')[0]) ?? [])).toBe(true);

    const fromJson = convertNdjson(ndjson);
    const fromCsv = convertGcpCsv(text);
    const source = sourceTotals(text);
    const checked = focusChecked(fromJson);

    expect(fromJson.problems).toEqual([]);
    expect(checked.problems).toEqual([]);
    expect(fromJson.rows).toEqual(fromCsv.rows);
    expect(sum(focusColumn(fromJson, 'BilledCost')).eq(source.billed)).toBe(true);
    expect(sum(focusColumn(fromJson, 'EffectiveCost')).eq(source.effective)).toBe(true);
  });

  it('reads BigQuery\'s own JSON timestamps and a winter invoice month (midnight Pacific is 08:00Z)', () => {
    const line =
      '{"billing_account_id":"A","service":{"id":"S","description":"BigQuery"},"sku":{"id":"K"},"usage_start_time":"2024-01-31 08:00:00 UTC",' +
      '"usage_end_time":"2024-01-31T09:00:00.000Z","cost":1.10,"currency":"EUR","invoice":{"month":"202401"},"cost_type":"regular"}';
    const converted = convertNdjson(line);
    const record = focusRecord(converted, 0);

    expect(converted.problems).toEqual([]);
    expect(record).toMatchObject({
      ChargePeriodStart: '2024-01-31T08:00:00Z',
      ChargePeriodEnd: '2024-01-31T09:00:00.000Z',
      BillingPeriodStart: '2024-01-01T08:00:00Z',
      BillingPeriodEnd: '2024-02-01T08:00:00Z',
      BilledCost: '1.10',
      BillingCurrency: 'EUR',
      ServiceCategory: 'Databases',
    });
    expect(focusChecked(converted).problems).toEqual([]);
  });

  it('refuses a JSON line cut off, or one that is not an object, by its line number, and reads the lines around it', () => {
    const lines = gcpCsvAsNdjson(sample(SAMPLES[1])).split('\n');
    const cut = [...lines.slice(0, 3), '[1, 2]', ...lines.slice(3, 8), lines[8].slice(0, 200)].join('\r\n');
    const converted = convertNdjson(cut);

    expect(converted.problems).toEqual([
      { line: 4, column: null, message: 'The line is a JSON list, not a JSON object: each line of the export is one record.' },
      { line: 10, column: null, message: 'The line ends before its JSON object does: the file looks cut off. Export the table again.' },
    ]);
    expect(converted.rows).toHaveLength(8);
  });

  it('refuses a file with two currencies at the first record of the second', () => {
    const [header, ...lines] = sample(SAMPLES[1]).trimEnd().split('\n');
    const converted = convertGcpCsv([header, ...lines.slice(0, 2), lines[2].replace(',USD,', ',EUR,'), ...lines.slice(3)].join('\n'));

    expect(converted.problems).toEqual([
      { line: 4, column: 'currency', message: "EUR differs from USD (line 2): a file has one billing currency; export each currency's billing account on its own." },
    ]);
    expect(converted.rows).toHaveLength(8);
  });

  it('refuses unreadable dates and amounts with their line and column', () => {
    const [header, ...lines] = sample(SAMPLES[1]).trimEnd().split('\n');
    const broken = [
      header,
      lines[0].replace('2022-08-01 03:00:00+00:00', '08/01/2022 3am'),
      lines[1].replace(',0.0,USD,', ',"1,5",USD,'),
      lines[2].replace(',0.0,USD,', ',$0.10,USD,'),
      lines[3].replace(',[],202208,', ',"[{\'amount\': \'ten\'}]",202208,'),
      lines[4].replace(',202208,', ',2022-08,'),
      lines[5],
    ].join('\n');
    const converted = convertGcpCsv(broken);

    expect(converted.problems.map(({ line, column }) => [line, column])).toEqual([
      [2, 'usage_start_time'],
      [3, 'cost'],
      [4, 'cost'],
      [5, 'credits'],
      [6, 'invoice.month'],
    ]);
    expect(converted.problems[1].message).toBe('"1,5" in cost is not a number.');
    expect(converted.rows).toHaveLength(1);
  });

  it('refuses a cost_type it does not know rather than guess its charge category', () => {
    const [header, ...lines] = sample(SAMPLES[1]).trimEnd().split('\n');
    const converted = convertGcpCsv([header, lines[0].replace(',regular,', ',discount,')].join('\n'));
    expect(converted.problems).toEqual([expect.objectContaining({ line: 2, column: 'cost_type' })]);
  });

  it('takes credits, tax and adjustments as FOCUS charge categories, with effective cost in exact decimals', () => {
    const [header, ...lines] = sample(SAMPLES[0]).trimEnd().split('\n');
    const credit = "\"[{'name': 'Sustained use', 'amount': -0.1, 'type': 'SUSTAINED_USAGE_DISCOUNT'}, {'name': 'Promo', 'amount': -0.2, 'type': 'PROMOTION'}]\"";
    const converted = convertGcpCsv(
      [
        header,
        lines[0].replace(',5e-06,USD,', ',0.3,USD,').replace(/,"\[\{'name'.*?\]",202011,/, `,${credit},202011,`),
        lines[1].replace(',regular,', ',tax,'),
        lines[2].replace(',regular,', ',credit,'),
        lines[3].replace(',regular,', ',rounding_error,').replace(',0.0,USD,', ',-0.000001,USD,'),
      ].join('\n'),
    );
    expect(converted.problems).toEqual([]);
    expect(focusColumn(converted, 'ChargeCategory')).toEqual(['Usage', 'Tax', 'Credit', 'Adjustment']);
    // 0.3 - 0.1 - 0.2 is 0 exactly (in floating point it is 5.55e-17).
    expect(focusColumn(converted, 'EffectiveCost')[0]).toBe('0');
    // A negative row keeps its negative effective cost (the rules' floor at zero would make it 0).
    expect(focusColumn(converted, 'EffectiveCost')[3]).toBe('-0.000001');
    expect(focusChecked(converted).problems).toEqual([]);
  });

  it('marks Vertex AI and Gemini API records as AI spend without guessing a model the export does not name', () => {
    const [header, ...lines] = sample(SAMPLES[1]).trimEnd().split('\n');
    const converted = convertGcpCsv(
      [
        header,
        lines[0].replace('6F81-5844-456A,Compute Engine,6B8F-E63D-832B,Network Internet Egress from Americas to APAC', 'C7E2-9256-1C43,Vertex AI,8E2B-4F6A-1C11,Gemini 1.5 Flash Input Text'),
        lines[1].replace('Compute Engine', 'Gemini API'),
        lines[2],
      ].join('\n'),
    );
    const checked = focusChecked(converted);
    const aiFlag = 5 + STORED_FOCUS_COLUMNS.length;
    const flags = checked.lines.map((line) => line.split('\t').slice(aiFlag, aiFlag + 2));

    expect(checked.problems).toEqual([]);
    expect(focusColumn(converted, 'ServiceCategory')).toEqual(['AI and Machine Learning', 'AI and Machine Learning', 'Compute']);
    expect(converted.conversion.focusHeader).not.toContain('x_Model');
    expect(flags).toEqual([
      ['t', '\\N'],
      ['t', '\\N'],
      ['f', '\\N'],
    ]);
  });

  it("does not take another provider's export or a FOCUS file for a Google Cloud billing export", () => {
    const others = foreignFixtures('oci/koku__oci_reports_cost-csv_0001000000603747.csv');
    expect(others.length).toBeGreaterThan(12);
    for (const path of others) expect([path, GCP_FORMATS.some((format) => format.detect(fixtureHeader(path)))]).toEqual([path, false]);
    const [header] = recordsOf(sample(SAMPLES[0]));
    expect(gcpBillingExportFormat.detect(header.filter((name) => name !== 'invoice.month'))).toBe(false);
  });
});
