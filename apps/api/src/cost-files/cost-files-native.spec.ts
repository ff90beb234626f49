import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { DataSource } from 'typeorm';
import { Decimal } from '@apex/domain';
import { workspaceRoot } from '@apex/testing';
import { expectProblem, readJson, setTier, signUp, TestAccount } from '../auth/testing/account-fixtures';
import { ApiOnTestDatabase, startApiOnTestDatabase } from '../testing/api-on-test-database';
import { ApiUnderTest } from '../testing/api-under-test';

// Samples (source and licence in libs/costs/fixtures/cost-exports/README.md):
// project-koku/koku @ 768be82 (Apache-2.0): koku/masu/test/data/test_cur.csv and aws/2023-06-01.csv;
// microsoft/finops-toolkit @ 04d370f (MIT): src/powershell/Tests/Unit/assets/EA_ActualCost_Small.csv.
const fixture = (path: string) => readFileSync(join(workspaceRoot, 'libs/costs/fixtures', path), 'utf8');
const CUR_LEGACY = fixture('cost-exports/koku__test_cur_legacy_csv.csv');
const CUR_SAVINGS_PLAN = fixture('cost-exports/koku__cur_2023-06-01_savingsplan_costcategory.csv');
const AZURE_EA_ACTUAL = fixture('cost-exports/finops-toolkit__EA_ActualCost_Small.csv');
/** Azure's pricing-unit table (microsoft/finops-toolkit, MIT), header line only: a CSV that is no cost export. */
const NOT_A_COST_EXPORT = fixture('export-headers/azure__finops-toolkit__PricingUnits.csv');

/** Σ of a column of a CSV, read by csv-parse, exact. */
function columnSum(csv: string, column: string): Decimal {
  const [header, ...records]: string[][] = parse(csv, { bom: true, skip_empty_lines: true, relax_column_count: true });
  const at = header.indexOf(column);
  return Decimal.sum(records.map((record) => record[at] || '0'));
}

/** Two records of a Google Cloud billing export as BigQuery writes them as newline-delimited JSON, written for this test. */
const gcpRecord = (hour: string, cost: string, credit: string) =>
  `{"billing_account_id":"01A2B3-C4D5E6-F7A8B9","service":{"id":"6F81-5844-456A","description":"Compute Engine"},"sku":{"id":"CF4E-A0C7-E3BF",` +
  `"description":"N1 Predefined Instance Core"},"usage_start_time":"2024-03-05 ${hour}:00:00 UTC","usage_end_time":"2024-03-05 ${hour}:59:59 UTC",` +
  `"project":{"id":"research-1","name":"Research"},"location":{"region":"europe-west1"},"cost":${cost},"currency":"EUR",` +
  `"usage":{"amount":3600,"unit":"seconds","amount_in_pricing_units":1,"pricing_unit":"hour"},` +
  `"credits":[{"name":"Sustained use discount","amount":${credit},"type":"SUSTAINED_USAGE_DISCOUNT"}],"invoice":{"month":"202403"},"cost_type":"regular"}`;
const GCP_NDJSON = [gcpRecord('10', '0.031611', '-0.006322'), gcpRecord('11', '0.031611', '-0.006322')].join('\n') + '\n';

describe("Cost files API: providers' own exports converted to FOCUS on upload", () => {
  let stack: ApiOnTestDatabase;
  let api: ApiUnderTest;
  let db: DataSource;
  let owner: TestAccount;

  const send = (body: string | Buffer, fileName: string, contentType = 'text/csv') =>
    fetch(`${api.url}/api/v1/cost-files?fileName=${encodeURIComponent(fileName)}`, {
      method: 'POST',
      headers: { 'content-type': contentType, authorization: `Bearer ${owner.accessToken}` },
      body,
    });

  const everything = async () => ({
    rows: (await db.query('SELECT count(*)::int AS n FROM cost_rows WHERE org_id = $1', [owner.orgId]))[0].n,
    sources: await db.query('SELECT id, status, row_count FROM cost_sources WHERE org_id = $1 ORDER BY id', [owner.orgId]),
  });

  const storedSums = async (sourceId: string) => {
    const [sums] = await db.query('SELECT sum(billed_cost)::text AS billed, sum(effective_cost)::text AS effective FROM cost_rows WHERE source_id = $1', [sourceId]);
    const lines = await db.query('SELECT source_row FROM cost_rows WHERE source_id = $1 ORDER BY source_row', [sourceId]);
    return { billed: Decimal.of(sums.billed), effective: Decimal.of(sums.effective), lines: lines.map((row: { source_row: number }) => row.source_row) };
  };

  async function refused(body: string | Buffer, fileName: string, contentType?: string) {
    const before = await everything();
    const problem = await expectProblem(await send(body, fileName, contentType), 422, 'cost-file-invalid');
    expect(problem.detail).toContain('Nothing of it was stored');
    expect(await everything()).toEqual(before);
    return problem;
  }

  beforeAll(async () => {
    stack = await startApiOnTestDatabase();
    api = stack.api;
    db = api.app.get(DataSource);
    owner = await signUp(api, 'finops@exports.example', 'Exports Example');
    await setTier(api, owner.orgId, 'early');
  }, 60_000);
  afterAll(() => stack?.stop());

  it('loads an AWS Cost and Usage Report, answers its format, and shows it with the totals of the report', async () => {
    const response = await send(CUR_LEGACY, 'cur-2018-06.csv');
    expect(response.status).toBe(201);
    const loaded = await readJson(response);
    const unblended = columnSum(CUR_LEGACY, 'lineItem/UnblendedCost');

    expect(loaded).toMatchObject({
      fileName: 'cur-2018-06.csv',
      focusVersion: '1.0',
      sourceFormat: { id: 'aws-cur-legacy', name: 'AWS Cost and Usage Report (legacy CSV)' },
      rowCount: 19,
      totals: [{ currency: 'USD', rowCount: 19 }],
    });
    expect(Decimal.of(loaded.totals[0].billedCost).eq(unblended)).toBe(true);
    const stored = await storedSums(loaded.sourceId);
    expect([stored.billed.eq(unblended), stored.effective.eq(unblended)]).toEqual([true, true]);
    expect(stored.lines).toEqual(Array.from({ length: 19 }, (_, i) => i + 2));

    const detail = await readJson(await api.call('GET', `/cost-files/${loaded.sourceId}`, { token: owner.accessToken }));
    expect(detail).toMatchObject({ id: loaded.sourceId, status: 'loaded', focusVersion: '1.0', sourceFormat: loaded.sourceFormat, rowCount: 19 });
    expect(Decimal.of(detail.totals[0].billedCost).eq(unblended)).toBe(true);
  });

  it('loads a Google Cloud billing export sent as newline-delimited JSON, plain or gzip, each row under its JSON line', async () => {
    // By hand: cost 0.031611 + 0.031611 = 0.063222; with the credits −0.006322 × 2, 0.050578.
    for (const [body, type] of [
      [GCP_NDJSON, 'application/x-ndjson'],
      [gzipSync(GCP_NDJSON), 'application/gzip'],
    ] as const) {
      const response = await send(body, 'billing-2024-03.json', type);
      expect(response.status).toBe(201);
      const loaded = await readJson(response);
      expect(loaded.sourceFormat).toMatchObject({ id: 'gcp-billing-export' });
      const stored = await storedSums(loaded.sourceId);
      expect([stored.billed.toString(), stored.effective.toString(), stored.lines]).toEqual(['0.063222', '0.050578', [1, 2]]);
    }
  });

  it('refuses newline-delimited JSON whose last line is cut off, naming that line, and stores nothing', async () => {
    const cut = GCP_NDJSON.slice(0, GCP_NDJSON.length - 80);
    const problem = await refused(cut, 'billing-cut.json', 'application/x-ndjson');
    expect(problem.errors).toEqual([
      { file: 'billing-cut.json', line: 2, column: null, field: 'file', message: 'The line ends before its JSON object does: the file looks cut off. Export the table again.' },
    ]);
  });

  it('refuses a Cost and Usage Report with a record of another billing period, naming its line, and stores nothing', async () => {
    const lines = CUR_SAVINGS_PLAN.split('\n');
    lines[3] = lines[3].replace('2023-06-01T00:00:00Z,987654321', '2023-05-01T00:00:00Z,987654321');
    const problem = await refused(lines.join('\n'), 'cur-2023-06.csv');
    expect(problem.errors).toEqual([
      expect.objectContaining({ file: 'cur-2023-06.csv', line: 4, column: 'bill/BillingPeriodStartDate', message: expect.stringContaining('upload each period as its own file') }),
    ]);
  });

  it('refuses an Azure export with a second billing currency at its first record, and stores nothing', async () => {
    const lines = AZURE_EA_ACTUAL.split('\n');
    const cells = lines[2].split(',');
    // BillingCurrency is the 24th column; no cell before it holds a comma on this line.
    expect(cells[23]).toBe('USD');
    cells[23] = 'EUR';
    lines[2] = cells.join(',');
    const problem = await refused(lines.join('\n'), 'azure-2023-09.csv');
    expect(problem.errors).toEqual([expect.objectContaining({ line: 3, column: 'BillingCurrency', message: expect.stringContaining('line 2') })]);
  });

  it('refuses a CSV that is no format it reads, naming FOCUS and each export it converts', async () => {
    const problem = await refused(NOT_A_COST_EXPORT, 'pricing-units.csv');
    expect(problem.errors).toHaveLength(1);
    expect(problem.errors[0]).toMatchObject({ file: 'pricing-units.csv', line: 1, column: null });
    const message: string = problem.errors[0].message;
    expect(message).toContain('Apex reads FOCUS 1.0, 1.1, 1.2 files');
    for (const name of [
      'AWS Cost and Usage Report (legacy CSV)',
      'AWS Cost and Usage Report 2.0 (Data Exports)',
      'AWS Cost and Usage Report (legacy, Athena column names)',
      'Azure cost details export (Enterprise Agreement columns)',
      'Azure cost details export (Microsoft Customer Agreement columns)',
      'Azure usage details export (older pay-as-you-go columns)',
      'Google Cloud Billing export (BigQuery standard or detailed usage cost, CSV or newline-delimited JSON)',
      'Oracle Cloud Infrastructure cost report (CSV)',
    ]) {
      expect(message).toContain(name);
    }
  });
});
