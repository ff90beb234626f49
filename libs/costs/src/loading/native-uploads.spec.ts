import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { DataSource } from 'typeorm';
import type { CostFileUploaded } from '@apex/contracts';
import { AppConfig } from '@apex/config';
import { Decimal } from '@apex/domain';
import { createMigratedDataSource } from '@apex/testing';
import { NATIVE_FORMATS, nativeFormatById } from '../native/native-formats';
import { CostFileViews } from '../sources/cost-file-views';
import { CostFileRejected } from './file-problems';
import { FocusFileLoader, FocusFileUpload } from './focus-file-loader';
import { withCell } from './testing/focus-test-files';
import { gcpCreditsSum, gcpCsvAsNdjson, readCostsFixture, sourceRecords, sourceSum } from './testing/native-test-files';

// Samples (each with its source and licence in the README of its folder):
// - fixtures/cost-exports: project-koku/koku @ 768be82 (Apache-2.0) koku/masu/test/data/test_cur.csv, aws/2023-06-01.csv,
//   aws/2022-07-01-alt-columns.csv, azure/azure_costexport_v2.csv, azure/azure_costreport_v1.csv; microsoft/finops-toolkit
//   @ 04d370f (MIT) src/powershell/Tests/Unit/assets/EA_ActualCost_Small.csv and EA_AmortizedCost_Small.csv.
// - fixtures/gcp: project-koku/koku @ 768be82 (Apache-2.0) koku/masu/test/data/gcp/.
// - fixtures/oci: project-koku/koku @ 4d1a9e6 (Apache-2.0) koku/masu/test/data/oci/reports_cost-csv_0001000000603747.csv.
const CUR_LEGACY = readCostsFixture('cost-exports/koku__test_cur_legacy_csv.csv');
const CUR_SAVINGS_PLAN = readCostsFixture('cost-exports/koku__cur_2023-06-01_savingsplan_costcategory.csv');
const CUR_ATHENA = readCostsFixture('cost-exports/koku__cur_2022-07-01_alt_columns.csv');
const AZURE_EA_ACTUAL = readCostsFixture('cost-exports/finops-toolkit__EA_ActualCost_Small.csv');
const AZURE_EA_AMORTIZED = readCostsFixture('cost-exports/finops-toolkit__EA_AmortizedCost_Small.csv');
const AZURE_MCA = readCostsFixture('cost-exports/koku__azure_costexport_v2.csv');
const AZURE_V1 = readCostsFixture('cost-exports/koku__azure_costreport_v1.csv');
const GCP_2020 = readCostsFixture('gcp/koku__gcp_billing_export_2020-11.csv');
const GCP_2022 = readCostsFixture('gcp/koku__gcp_billing_export_2022-08.csv');
const OCI = readCostsFixture('oci/koku__oci_reports_cost-csv_0001000000603747.csv');
/** A provider's CSV Apex does not read: Azure's pricing-unit table (microsoft/finops-toolkit, MIT), header line only. */
const UNKNOWN = readCostsFixture('export-headers/azure__finops-toolkit__PricingUnits.csv');

/** The Athena-style sample with CUR 2.0's JSON `product` map added, as Data Exports writes product attributes. */
function asCur2(athena: string): string {
  const lines = athena.trimEnd().split('\n');
  return [`${lines[0]},product`, ...lines.slice(1).map((line) => `${line},"{""product_name"":""Amazon Elastic Compute Cloud""}"`)].join('\n');
}

describe('FocusFileLoader with nativeFormats: providers\' exports converted to FOCUS on upload (real PostgreSQL)', () => {
  let db: { dataSource: DataSource; close(): Promise<void> };
  let loader: FocusFileLoader;
  let views: CostFileViews;
  let org: { orgId: string; userId: string };

  beforeAll(async () => {
    db = await createMigratedDataSource();
    const config = AppConfig.fromEnv({
      DATABASE_URL: 'postgres://unused@127.0.0.1:1/unused',
      TEMPORAL_ADDRESS: '127.0.0.1:7233',
      SMTP_URL: 'smtp://127.0.0.1:1025',
      JWT_SECRET: 'native-upload-test-secret-'.padEnd(40, 'x'),
      COST_FILE_MAX_SIZE: '1mb',
    });
    loader = new FocusFileLoader(db.dataSource, config);
    views = new CostFileViews(db.dataSource);
  });
  afterAll(() => db?.close());
  beforeEach(async () => {
    const [row] = await db.dataSource.query("INSERT INTO organizations (name, tier) VALUES ('Exports Co', 'enterprise') RETURNING id");
    const [user] = await db.dataSource.query("INSERT INTO users (org_id, email, name, password_hash, role) VALUES ($1, $2, 'U', 'x', 'owner') RETURNING id", [
      row.id,
      `${randomUUID()}@example.com`,
    ]);
    org = { orgId: row.id, userId: user.id };
  });

  /** Sent in small pieces, so that records and the first JSON line arrive split. */
  const upload = (file: string | Buffer, options: Partial<FocusFileUpload> = {}) => {
    const bytes = typeof file === 'string' ? Buffer.from(file) : file;
    const pieces = Array.from({ length: Math.ceil(bytes.length / 500) }, (_, i) => bytes.subarray(i * 500, (i + 1) * 500));
    return loader.load({ ...org, fileName: 'export.csv', gzip: false, nativeFormats: true, ...options, body: Readable.from(pieces) });
  };

  const everything = async () => ({
    rows: await db.dataSource.query('SELECT count(*)::int AS n FROM cost_rows'),
    sources: await db.dataSource.query('SELECT id, status, row_count FROM cost_sources ORDER BY id'),
  });

  async function refusal(file: string | Buffer, options: Partial<FocusFileUpload> = {}): Promise<CostFileRejected> {
    const before = await everything();
    const error = await upload(file, options).then(
      () => new Error('The file was loaded'),
      (caught: unknown) => caught,
    );
    if (!(error instanceof CostFileRejected)) throw error;
    expect(await everything()).toEqual(before);
    return error;
  }

  /** What cost_rows holds of the upload: Σ billed and effective cost (exact), and each row's source line. */
  async function stored(loaded: CostFileUploaded) {
    const [sums] = await db.dataSource.query(
      'SELECT sum(billed_cost)::text AS billed, sum(effective_cost)::text AS effective, count(*)::int AS n, min(billing_currency) AS currency FROM cost_rows WHERE source_id = $1',
      [loaded.sourceId],
    );
    const lines: { source_row: number }[] = await db.dataSource.query('SELECT source_row FROM cost_rows WHERE source_id = $1 ORDER BY source_row', [loaded.sourceId]);
    return { billed: Decimal.of(sums.billed), effective: Decimal.of(sums.effective), rows: sums.n, currency: sums.currency.trim(), lines: lines.map((row) => row.source_row) };
  }

  const formatNamed = (id: string) => ({ id, name: nativeFormatById(id)?.name });

  describe('AWS Cost and Usage Reports', () => {
    it('loads the koku legacy CUR: Σ billed and effective cost are Σ lineItem/UnblendedCost to the digit, each row under its line', async () => {
      const loaded = await upload(CUR_LEGACY);
      const unblended = sourceSum(CUR_LEGACY, 'lineItem/UnblendedCost');
      const kept = await stored(loaded);

      expect(loaded).toMatchObject({ focusVersion: '1.0', sourceFormat: formatNamed('aws-cur-legacy'), rowCount: 19 });
      expect(kept.billed.eq(unblended)).toBe(true);
      expect(kept.effective.eq(unblended)).toBe(true);
      expect(Decimal.of(loaded.totals[0].billedCost).eq(unblended)).toBe(true);
      expect(kept.lines).toEqual(sourceRecords(CUR_LEGACY).map((record) => record.line));
      expect(kept.lines).toEqual(Array.from({ length: 19 }, (_, i) => i + 2));
      expect(await views.get(org.orgId, loaded.sourceId)).toMatchObject({ sourceFormat: formatNamed('aws-cur-legacy'), focusVersion: '1.0', status: 'loaded' });
    });

    it('loads the savings-plan CUR in NOK: billed is the unblended cost (30), effective the plan\'s rate (0.3)', async () => {
      const loaded = await upload(CUR_SAVINGS_PLAN);
      const kept = await stored(loaded);

      expect(kept.billed.eq(sourceSum(CUR_SAVINGS_PLAN, 'lineItem/UnblendedCost'))).toBe(true);
      expect(kept.effective.eq(sourceSum(CUR_SAVINGS_PLAN, 'savingsPlan/SavingsPlanEffectiveCost'))).toBe(true);
      expect([kept.billed.toString(), kept.effective.toString(), kept.currency]).toEqual(['30', '0.3', 'NOK']);
    });

    it('loads a CUR with Athena column names, and the same records as CUR 2.0 (with its product map)', async () => {
      const unblended = sourceSum(CUR_ATHENA, 'line_item_unblended_cost');
      // The second upload covers the same period and replaces the first's rows: each is checked before the next.
      for (const [file, id] of [
        [CUR_ATHENA, 'aws-cur-legacy-athena'],
        [asCur2(CUR_ATHENA), 'aws-cur-2'],
      ]) {
        const loaded = await upload(file);
        const kept = await stored(loaded);
        expect(loaded.sourceFormat).toEqual(formatNamed(id));
        expect(kept.billed.eq(unblended)).toBe(true);
        expect(kept.effective.eq(unblended)).toBe(true);
        expect(kept.lines).toEqual([2, 3]);
      }
    });

    it('refuses a CUR with a record of another billing period, naming its line, and stores nothing', async () => {
      const mixed = withCell(CUR_SAVINGS_PLAN, 4, 'bill/BillingPeriodStartDate', '2023-05-01T00:00:00Z');
      const { errors } = await refusal(mixed, { fileName: 'cur-june.csv' });

      expect(errors).toEqual([
        {
          file: 'cur-june.csv',
          line: 4,
          column: 'bill/BillingPeriodStartDate',
          field: 'bill/BillingPeriodStartDate',
          message: expect.stringMatching(/starting 2023-05-01T00:00:00Z.*line 2.*upload each period as its own file/),
        },
      ]);
    });
  });

  describe('Azure cost details', () => {
    it('loads the EA actual-cost export (with its BOM): Σ billed and effective cost are Σ Cost', async () => {
      expect(AZURE_EA_ACTUAL.charCodeAt(0)).toBe(0xfeff);
      const loaded = await upload(AZURE_EA_ACTUAL);
      const kept = await stored(loaded);
      const cost = sourceSum(AZURE_EA_ACTUAL, 'Cost');

      expect(loaded.sourceFormat).toEqual(formatNamed('azure-ea-cost-details'));
      expect([kept.billed.eq(cost), kept.effective.eq(cost), kept.rows]).toEqual([true, true, 11]);
      expect(kept.lines).toEqual(Array.from({ length: 11 }, (_, i) => i + 2));
    });

    it('loads the EA amortised export: effective is Σ Cost, billed Σ Cost of the on-demand records', async () => {
      const loaded = await upload(AZURE_EA_AMORTIZED);
      const kept = await stored(loaded);

      expect(kept.effective.eq(sourceSum(AZURE_EA_AMORTIZED, 'Cost'))).toBe(true);
      expect(kept.billed.eq(sourceSum(AZURE_EA_AMORTIZED, 'Cost', (value) => value('PricingModel') === 'OnDemand'))).toBe(true);
      expect(kept.effective.minus(kept.billed).toString()).toBe('0.499152000468');
    });

    it('loads the MCA-style export once its made-up currency "MC" is a real one (as published, every record is refused)', async () => {
      const published = await refusal(AZURE_MCA);
      expect(published.errors.map((error) => [error.line, error.column])).toEqual(sourceRecords(AZURE_MCA).map((record) => [record.line, 'BillingCurrencyCode']));

      // The sample's currency is a placeholder; EUR stands in for it so that its amounts can be checked.
      const euro = AZURE_MCA.replace(/,MC,/g, ',EUR,');
      const loaded = await upload(euro);
      const kept = await stored(loaded);
      expect(loaded.sourceFormat).toEqual(formatNamed('azure-mca-cost-details'));
      expect(kept.billed.eq(sourceSum(euro, 'CostInBillingCurrency'))).toBe(true);
      expect(kept.effective.eq(sourceSum(euro, 'CostInBillingCurrency'))).toBe(true);
      expect(kept.currency).toBe('EUR');
    });

    it('loads the older usage-details export: Σ PreTaxCost', async () => {
      const loaded = await upload(AZURE_V1);
      const kept = await stored(loaded);
      expect(loaded.sourceFormat).toEqual(formatNamed('azure-usage-details-v1'));
      expect(kept.billed.eq(sourceSum(AZURE_V1, 'PreTaxCost'))).toBe(true);
      expect(kept.effective.eq(sourceSum(AZURE_V1, 'PreTaxCost'))).toBe(true);
    });

    it('refuses an export with a second billing currency at the first record of it, and stores nothing', async () => {
      const twoCurrencies = withCell(AZURE_EA_ACTUAL.replace(/^\uFEFF/, ''), 3, 'BillingCurrency', 'EUR');
      const { errors } = await refusal(twoCurrencies);
      expect(errors).toEqual([expect.objectContaining({ line: 3, column: 'BillingCurrency', message: expect.stringContaining('line 2') })]);
    });
  });

  describe('Google Cloud billing exports', () => {
    it.each([
      ['2020-11', GCP_2020],
      ['2022-08', GCP_2022],
    ])('loads the %s CSV export: billed is Σ cost, effective Σ cost + Σ credits', async (_month, csv) => {
      const loaded = await upload(csv);
      const kept = await stored(loaded);
      const cost = sourceSum(csv, 'cost');

      expect(loaded.sourceFormat).toEqual(formatNamed('gcp-billing-export'));
      expect(kept.billed.eq(cost)).toBe(true);
      expect(kept.effective.eq(cost.plus(gcpCreditsSum(csv)))).toBe(true);
      expect(kept.lines).toEqual(sourceRecords(csv).map((record) => record.line));
    });

    it('loads the same export as newline-delimited JSON, plain or gzip, each row under its JSON line', async () => {
      const ndjson = gcpCsvAsNdjson(GCP_2020);
      const cost = sourceSum(GCP_2020, 'cost');
      const credits = gcpCreditsSum(GCP_2020);
      expect(credits.isZero()).toBe(false);

      for (const body of [ndjson, gzipSync(`\n${ndjson}\n`)]) {
        const loaded = await upload(body, { fileName: 'billing.json' });
        const kept = await stored(loaded);
        expect(loaded.sourceFormat).toEqual(formatNamed('gcp-billing-export'));
        expect(kept.billed.eq(cost)).toBe(true);
        expect(kept.effective.eq(cost.plus(credits))).toBe(true);
        const first = Buffer.isBuffer(body) ? 2 : 1;
        expect(kept.lines).toEqual(Array.from({ length: 25 }, (_, i) => i + first));
      }
    });

    it('refuses newline-delimited JSON whose last line is cut off, naming that line, and stores nothing', async () => {
      const lines = gcpCsvAsNdjson(GCP_2022).split('\n');
      const cut = [...lines.slice(0, -1), lines[lines.length - 1].slice(0, 120)].join('\n');
      const { errors } = await refusal(cut, { fileName: 'billing.json' });

      expect(errors).toEqual([
        { file: 'billing.json', line: lines.length, column: null, field: 'file', message: 'The line ends before its JSON object does: the file looks cut off. Export the table again.' },
      ]);
    });

    it('refuses JSON whose first record is not a billing export record, naming what Apex reads', async () => {
      const { errors } = await refusal('{"object":"page","data":[]}\n', { fileName: 'costs.json' });
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({ line: 1, column: null, message: expect.stringContaining('newline-delimited JSON') });
      for (const format of NATIVE_FORMATS) expect(errors[0].message).toContain(format.name);
    });
  });

  describe('Oracle Cloud cost reports', () => {
    it('loads the koku cost report: Σ billed and effective cost are Σ cost/myCost; the records without a charge are left out', async () => {
      const loaded = await upload(OCI);
      const kept = await stored(loaded);
      const myCost = sourceSum(OCI, 'cost/myCost');

      expect(loaded.sourceFormat).toEqual(formatNamed('oci-cost-report'));
      expect(kept.billed.eq(myCost)).toBe(true);
      expect(kept.effective.eq(myCost)).toBe(true);
      // By hand: 0.000000000000 + 0.000040641000 + 0.000000000000 on lines 4 to 6; lines 2 and 3 have no currency and cost 0.
      expect(kept.billed.toString()).toBe('0.000040641');
      expect([kept.lines, kept.currency]).toEqual([[4, 5, 6], 'GBP']);
    });
  });

  it('refuses a CSV that is neither FOCUS nor an export it converts, naming every format it reads', async () => {
    const { errors } = await refusal(UNKNOWN, { fileName: 'units.csv' });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ file: 'units.csv', line: 1, column: null, message: expect.stringContaining('This is not a FOCUS file') });
    expect(errors[0].message).toContain('Apex reads FOCUS 1.0, 1.1, 1.2 files');
    for (const format of NATIVE_FORMATS) expect(errors[0].message).toContain(format.name);
  });

  it('refuses a provider export sent with a focusVersion, which only a FOCUS file has', async () => {
    const { errors } = await refusal(CUR_LEGACY, { focusVersion: '1.2' });
    expect(errors).toEqual([expect.objectContaining({ line: 1, message: expect.stringContaining('leave focusVersion out') })]);
  });

  it('reads FOCUS files as before, with no source format, and providers\' exports only when asked to', async () => {
    const focus = await upload(readCostsFixture('focus/samples/focus-1.2-ai-spend.csv'));
    expect(focus).toMatchObject({ focusVersion: '1.2', sourceFormat: null });
    expect(await views.get(org.orgId, focus.sourceId)).toMatchObject({ sourceFormat: null });

    const { errors } = await refusal(CUR_LEGACY, { nativeFormats: undefined });
    expect(errors[0].message).toMatch(/^This is not a FOCUS file/);
    expect(errors[0].message).not.toContain('AWS');
  });
});
