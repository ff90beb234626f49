import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { DataSource } from 'typeorm';
import type { CostFileError, CostFileUploaded } from '@apex/contracts';
import { AppConfig } from '@apex/config';
import { Decimal } from '@apex/domain';
import { createMigratedDataSource } from '@apex/testing';
import { CostFileRejected, CostFileTooLarge } from './file-problems';
import { FocusFileLoader, FocusFileUpload } from './focus-file-loader';
import { LISTED_PROBLEMS, LISTED_WARNINGS_PER_KIND } from './file-problems';
import { CostFileViews } from '../sources/cost-file-views';
import { columnOf, decimalSum, readFixture, sameAmount, withCell, withColumn, withoutColumn } from './testing/focus-test-files';

const SAMPLE = readFixture('samples/focus-1.2-ai-spend.csv');
const OPENAI_SAMPLE = readFixture('samples/focus-1.0-openai-usage.csv');

describe('FocusFileLoader: a FOCUS file into cost_rows, whole or not at all (real PostgreSQL)', () => {
  let db: { dataSource: DataSource; close(): Promise<void> };
  let loader: FocusFileLoader;
  let org: { orgId: string; userId: string };

  async function newOrg(): Promise<{ orgId: string; userId: string }> {
    const [row] = await db.dataSource.query("INSERT INTO organizations (name, tier) VALUES ('Costs Co', 'enterprise') RETURNING id");
    const [user] = await db.dataSource.query("INSERT INTO users (org_id, email, name, password_hash, role) VALUES ($1, $2, 'U', 'x', 'owner') RETURNING id", [
      row.id,
      `${randomUUID()}@example.com`,
    ]);
    return { orgId: row.id, userId: user.id };
  }

  const upload = (file: string | Buffer, options: Partial<FocusFileUpload> & { chunk?: number } = {}) => {
    const bytes = typeof file === 'string' ? Buffer.from(file) : file;
    const chunk = options.chunk ?? 7_000;
    const pieces = Array.from({ length: Math.ceil(bytes.length / chunk) }, (_, i) => bytes.subarray(i * chunk, (i + 1) * chunk));
    return loader.load({ ...org, fileName: 'january.csv', gzip: false, ...options, body: Readable.from(pieces) });
  };

  async function refusal(file: string | Buffer, options: Partial<FocusFileUpload> = {}): Promise<CostFileRejected> {
    const before = await snapshot();
    const error = await upload(file, options).then(
      () => new Error('The file was loaded'),
      (caught: unknown) => caught,
    );
    if (!(error instanceof CostFileRejected)) throw error;
    expect(await snapshot()).toEqual(before);
    return error;
  }

  const firstError = async (file: string | Buffer, options: Partial<FocusFileUpload> = {}): Promise<Omit<CostFileError, 'field'>> => {
    const { errors } = await refusal(file, options);
    const { field: _field, ...error } = errors[0];
    return error;
  };

  /** Everything an upload could write: no refused file may change any of it. */
  const snapshot = async () => ({
    rows: await db.dataSource.query('SELECT count(*)::int AS n FROM cost_rows'),
    sources: await db.dataSource.query('SELECT id, status, row_count FROM cost_sources ORDER BY id'),
    connections: await db.dataSource.query('SELECT id, status, last_synced_at FROM cost_connections ORDER BY id'),
  });

  const rowsOf = (sourceId: string) =>
    db.dataSource.query(
      `SELECT r.source_row, r.billed_cost::text, r.billing_currency, r.provider_name, r.is_ai, r.model, r.input_tokens::text,
              r.output_tokens::text, r.cached_tokens::text, r.requests::text, r.tags, c.provider AS connection_provider
         FROM cost_rows r JOIN cost_connections c ON c.id = r.connection_id
        WHERE r.source_id = $1 ORDER BY r.source_row`,
      [sourceId],
    );

  beforeAll(async () => {
    db = await createMigratedDataSource();
    const config = AppConfig.fromEnv({
      DATABASE_URL: 'postgres://unused@127.0.0.1:1/unused',
      TEMPORAL_ADDRESS: '127.0.0.1:7233',
      SMTP_URL: 'smtp://127.0.0.1:1025',
      JWT_SECRET: 'loader-test-secret-'.padEnd(40, 'x'),
      COST_FILE_MAX_SIZE: '1mb',
    });
    loader = new FocusFileLoader(db.dataSource, config);
  });
  afterAll(() => db?.close());
  beforeEach(async () => {
    org = await newOrg();
  });

  describe('a good file', () => {
    let loaded: CostFileUploaded;
    beforeEach(async () => {
      loaded = await upload(SAMPLE);
    });

    it('loads every row with totals that match the file and the period it covers', async () => {
      expect(loaded).toEqual({
        sourceId: expect.any(String),
        fileName: 'january.csv',
        focusVersion: '1.2',
        sourceFormat: null,
        rowCount: 10,
        periodStart: '2025-01-01T00:00:00.000Z',
        periodEnd: '2025-02-01T00:00:00.000Z',
        totals: [{ currency: 'USD', rowCount: 10, billedCost: expect.any(String), effectiveCost: expect.any(String) }],
        replaced: 0,
        warnings: [],
      });
      expect(sameAmount(loaded.totals[0].billedCost, decimalSum(columnOf(SAMPLE, 'BilledCost')))).toBe(true);
      expect(sameAmount(loaded.totals[0].effectiveCost, decimalSum(columnOf(SAMPLE, 'EffectiveCost')))).toBe(true);
      expect(sameAmount(loaded.totals[0].billedCost, '11.5802')).toBe(true);
      const [stored] = await db.dataSource.query('SELECT sum(billed_cost)::text AS billed, count(*)::int AS n FROM cost_rows WHERE source_id = $1', [loaded.sourceId]);
      expect(sameAmount(stored.billed, '11.5802')).toBe(true);
      expect(stored.n).toBe(10);
    });

    it('gives every row its provenance (source, line in the file) and AI fields', async () => {
      const rows = await rowsOf(loaded.sourceId);
      expect(rows.map((r: { source_row: number }) => r.source_row)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
      expect(rows.every((r: { connection_provider: string }) => r.connection_provider === 'focus_upload')).toBe(true);
      const ai = rows.map((r: Record<string, unknown>) => [r.source_row, r.is_ai, r.model, r.input_tokens, r.output_tokens, r.cached_tokens]);
      expect(ai).toEqual([
        [2, true, 'gpt-4o', '1250000', null, null],
        [3, true, 'gpt-4o', null, '310000', null],
        [4, true, 'gpt-4o', null, null, '400000'],
        [5, true, 'anthropic.claude-3-5-haiku-20241022-v1:0', '820000', null, null],
        [6, true, 'anthropic.claude-3-5-haiku-20241022-v1:0', null, '95000', null],
        [7, true, 'gpt-4o-mini', null, '2500000', null],
        [8, true, 'gemini-2.0-flash', null, null, '2000000'],
        [9, false, null, null, null, null],
        [10, false, null, null, null, null],
        [11, true, null, null, null, null],
      ]);
      expect(rows[0].tags).toEqual({ team: 'support', env: 'prod' });
      expect(rows[9].billed_cost).toBe('-1.00');
    });

    it('records the file as a loaded source of the organisation’s upload connection', async () => {
      const [source] = await db.dataSource.query(
        'SELECT s.status, s.row_count, s.focus_version, s.file_name, s.file_sha256, s.created_by, c.provider, c.status AS connection_status FROM cost_sources s JOIN cost_connections c ON c.id = s.connection_id WHERE s.id = $1',
        [loaded.sourceId],
      );
      expect(source).toEqual({
        status: 'loaded', row_count: 10, focus_version: '1.2', file_name: 'january.csv', file_sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
        created_by: org.userId, provider: 'focus_upload', connection_status: 'active',
      });
    });
  });

  it('reads model, tokens and requests from x_ columns of a FOCUS 1.0 file in euros', async () => {
    const loaded = await upload(OPENAI_SAMPLE);
    expect(loaded).toMatchObject({ focusVersion: '1.0', rowCount: 3, totals: [{ currency: 'EUR', rowCount: 3 }] });
    expect(sameAmount(loaded.totals[0].billedCost, '22.29')).toBe(true);
    const rows = await rowsOf(loaded.sourceId);
    expect(rows.map((r: Record<string, unknown>) => [r.model, r.input_tokens, r.output_tokens, r.cached_tokens, r.requests, r.is_ai])).toEqual([
      ['gpt-4.1', '3100000', '775000', '1200000', '5210', true],
      ['gpt-4.1', '2460000', '615000', '800000', '4102', true],
      ['text-embedding-3-small', '2000000', null, null, '310', true],
    ]);
  });

  it('reads gzip, declared or recognised by its first bytes, and in chunks of any size', async () => {
    const declared = await upload(gzipSync(SAMPLE), { gzip: true, chunk: 100 });
    const recognised = await upload(gzipSync(SAMPLE), { gzip: false, chunk: 1 });
    expect([declared.rowCount, recognised.rowCount]).toEqual([10, 10]);
    expect(recognised.totals).toEqual(declared.totals);
  });

  describe('re-uploading a period replaces it exactly', () => {
    it('replaces every row of the same file uploaded again, and marks the first upload replaced', async () => {
      const first = await upload(SAMPLE);
      const second = await upload(SAMPLE);
      expect(second.replaced).toBe(10);
      const sources = await db.dataSource.query('SELECT id, status, row_count FROM cost_sources WHERE org_id = $1 ORDER BY created_at', [org.orgId]);
      expect(sources).toEqual([
        { id: first.sourceId, status: 'replaced', row_count: 0 },
        { id: second.sourceId, status: 'loaded', row_count: 10 },
      ]);
      const [total] = await db.dataSource.query('SELECT count(*)::int AS n, sum(billed_cost)::text AS billed FROM cost_rows WHERE org_id = $1', [org.orgId]);
      expect(total.n).toBe(10);
      expect(sameAmount(total.billed, '11.5802')).toBe(true);
    });

    it('replaces only the rows that start within the new file’s period, and leaves other months alone', async () => {
      const header = OPENAI_SAMPLE.split('\n')[0];
      const day = (d: number, cost: string) =>
        `org-Xr4kP2,Acme Research,EUR,2025-03-01T00:00:00Z,2025-04-01T00:00:00Z,2025-03-${String(d).padStart(2, '0')}T00:00:00Z,2025-03-${String(d + 1).padStart(2, '0')}T00:00:00Z,Usage,,gpt-4.1,${cost},${cost},${cost},${cost},1,Day,OpenAI,OpenAI,OpenAI Ireland Ltd,AI and Machine Learning,OpenAI API,1,Day,gpt-4.1,1000,100,,1`;
      const march = await upload([header, day(1, '1.00'), day(2, '2.00'), day(3, '3.00'), day(4, '4.00')].join('\n'));
      const correction = await upload([header, day(2, '20.00'), day(3, '30.00')].join('\n'));
      expect(correction).toMatchObject({ periodStart: '2025-03-02T00:00:00.000Z', periodEnd: '2025-03-04T00:00:00.000Z', replaced: 2 });
      const rows = await db.dataSource.query(
        "SELECT to_char(charge_period_start, 'DD') AS day, billed_cost::text, source_id FROM cost_rows WHERE org_id = $1 ORDER BY charge_period_start",
        [org.orgId],
      );
      expect(rows).toEqual([
        { day: '01', billed_cost: '1.00', source_id: march.sourceId },
        { day: '02', billed_cost: '20.00', source_id: correction.sourceId },
        { day: '03', billed_cost: '30.00', source_id: correction.sourceId },
        { day: '04', billed_cost: '4.00', source_id: march.sourceId },
      ]);
      const [marchSource] = await db.dataSource.query('SELECT status, row_count FROM cost_sources WHERE id = $1', [march.sourceId]);
      expect(marchSource).toEqual({ status: 'loaded', row_count: 2 });
    });

    it('never duplicates a period when two uploads of it race', async () => {
      const results = await Promise.all([upload(SAMPLE), upload(SAMPLE), upload(SAMPLE)]);
      expect(results.map((r) => r.replaced).sort()).toEqual([0, 10, 10]);
      const [total] = await db.dataSource.query('SELECT count(*)::int AS n, count(DISTINCT source_id)::int AS sources FROM cost_rows WHERE org_id = $1', [org.orgId]);
      expect(total).toEqual({ n: 10, sources: 1 });
      const connections = await db.dataSource.query("SELECT count(*)::int AS n FROM cost_connections WHERE org_id = $1 AND provider = 'focus_upload'", [org.orgId]);
      expect(connections[0].n).toBe(1);
    });

    it("never touches another organisation's rows of the same period", async () => {
      const mine = await upload(SAMPLE);
      org = await newOrg();
      const theirs = await upload(SAMPLE);
      expect(theirs.replaced).toBe(0);
      const [count] = await db.dataSource.query('SELECT count(*)::int AS n FROM cost_rows WHERE source_id = $1', [mine.sourceId]);
      expect(count.n).toBe(10);
    });
  });

  describe('a value outside FOCUS\'s allowed ones where it moves no amount (pricing and commitment columns)', () => {
    it('a PricingCategory FOCUS does not allow: the row loads with its FOCUS value or none, and the answer warns', async () => {
      const loaded = await upload(withCell(withCell(withCell(SAMPLE, 3, 'PricingCategory', 'On-Demand'), 4, 'PricingCategory', 'Reserved'), 5, 'PricingCategory', 'committed'));
      expect(loaded.rowCount).toBe(10);
      expect(loaded.warnings).toEqual([
        {
          kind: 'value_not_allowed',
          count: 2,
          examples: [
            {
              file: 'january.csv', line: 3, column: 'PricingCategory', field: 'PricingCategory',
              message: '"On-Demand" is not a FOCUS PricingCategory (one of Standard, Dynamic, Committed, Other): the row was loaded with Standard, the value it names.',
            },
            {
              file: 'january.csv', line: 4, column: 'PricingCategory', field: 'PricingCategory',
              message: '"Reserved" is not a FOCUS PricingCategory (one of Standard, Dynamic, Committed, Other): the row was loaded with no value there.',
            },
          ],
        },
      ]);
      const stored = await db.dataSource.query('SELECT source_row, pricing_category FROM cost_rows WHERE source_id = $1 AND source_row BETWEEN 2 AND 5 ORDER BY source_row', [
        loaded.sourceId,
      ]);
      // Line 5's "committed" is FOCUS's value in another case, which is no warning.
      expect(stored).toEqual([
        { source_row: 2, pricing_category: 'Standard' },
        { source_row: 3, pricing_category: 'Standard' },
        { source_row: 4, pricing_category: null },
        { source_row: 5, pricing_category: 'Committed' },
      ]);
    });
  });

  describe('what moves no amount loads with warnings by kind, kept on the source, and never changes a total', () => {
    // The sample with a column FOCUS does not name and no x_ prefix (CostCenter), ContractedCost holding the text
    // NULL on lines 3 to 9 as Oracle's rows of a multicloud FOCUS 1.0 export do, and line 2's BilledCost written
    // as a spreadsheet shows it.
    const nullLines = [3, 4, 5, 6, 7, 8, 9];
    const lenient = () => {
      let file = withColumn(SAMPLE, 'CostCenter', (line) => (line % 2 === 0 ? `cc-${line}` : ''));
      for (const line of nullLines) file = withCell(file, line, 'ContractedCost', 'NULL');
      return withCell(file, 2, 'BilledCost', '$1,003.125');
    };

    it('loads every row, counts each kind of warning with its first lines, and totals what the file holds', async () => {
      const loaded = await upload(lenient());
      expect(loaded.rowCount).toBe(10);
      expect(loaded.warnings.map((w) => [w.kind, w.count])).toEqual([
        ['unknown_column', 1],
        ['spreadsheet_number', 1],
        ['null_in_required_column', 7],
      ]);
      const [unknown, spreadsheet, nulls] = loaded.warnings;
      expect(unknown.examples).toEqual([
        {
          file: 'january.csv', line: 1, column: 'CostCenter', field: 'CostCenter',
          message: 'CostCenter is not a FOCUS 1.0, 1.1, 1.2 column and lacks the x_ prefix FOCUS gives other columns: its values were kept as an extra column.',
        },
      ]);
      expect(spreadsheet.examples.map((e) => [e.line, e.column, e.message])).toEqual([
        [2, 'BilledCost', '"$1,003.125" is written as a spreadsheet shows an amount, not as a FOCUS number: the row was loaded with 1003.125.'],
      ]);
      expect(nulls.examples).toHaveLength(LISTED_WARNINGS_PER_KIND);
      expect(nulls.examples.map((e) => [e.line, e.column])).toEqual(nullLines.slice(0, LISTED_WARNINGS_PER_KIND).map((line) => [line, 'ContractedCost']));
      expect(nulls.examples[0].message).toBe('ContractedCost holds "NULL", and FOCUS does not allow it to be null: the row was loaded with no value there.');

      // The sample's BilledCost adds up to 11.5802; line 2's 3.125 now reads 1003.125. EffectiveCost is unchanged.
      const billed = Decimal.of('11.5802').minus('3.125').plus('1003.125');
      expect(billed.eq('1011.5802')).toBe(true);
      expect(Decimal.of(loaded.totals[0].billedCost).eq(billed)).toBe(true);
      expect(Decimal.of(loaded.totals[0].effectiveCost).eq(decimalSum(columnOf(SAMPLE, 'EffectiveCost')))).toBe(true);
      const [stored] = await db.dataSource.query(
        'SELECT sum(billed_cost)::text AS billed, sum(effective_cost)::text AS effective, count(contracted_cost)::int AS contracted FROM cost_rows WHERE source_id = $1',
        [loaded.sourceId],
      );
      expect(Decimal.of(stored.billed).eq(billed)).toBe(true);
      expect(stored.effective).toBe(loaded.totals[0].effectiveCost);
      expect(stored.contracted).toBe(10 - nullLines.length);
    });

    it('keeps the extra column of each row, null where the file has none of it', async () => {
      const loaded = await upload(lenient());
      const rows = await db.dataSource.query('SELECT source_row, extra_columns FROM cost_rows WHERE source_id = $1 ORDER BY source_row', [loaded.sourceId]);
      expect(rows.slice(0, 4)).toEqual([
        { source_row: 2, extra_columns: { CostCenter: 'cc-2' } },
        { source_row: 3, extra_columns: null },
        { source_row: 4, extra_columns: { CostCenter: 'cc-4' } },
        { source_row: 5, extra_columns: null },
      ]);
      const plain = await upload(SAMPLE);
      const [none] = await db.dataSource.query('SELECT count(*)::int AS n FROM cost_rows WHERE source_id = $1 AND extra_columns IS NOT NULL', [plain.sourceId]);
      expect(none.n).toBe(0);
    });

    it("keeps the warnings on the source, for the file's page", async () => {
      const loaded = await upload(lenient());
      const views = new CostFileViews(db.dataSource);
      const detail = await views.get(org.orgId, loaded.sourceId);
      expect(detail?.warnings).toEqual(loaded.warnings);
      const plain = await upload(SAMPLE);
      expect((await views.get(org.orgId, plain.sourceId))?.warnings).toEqual([]);
    });
  });

  describe('a bad file is refused with file, line and column, and nothing is written', () => {
    it('lists the problems of the header and of the rows in one answer', async () => {
      const badRows = withCell(withCell(SAMPLE, 4, 'BilledCost', 'three'), 6, 'ChargePeriodStart', '2025-13-01T00:00:00Z');
      const { errors, moreErrors } = await refusal(withoutColumn(withColumn(badRows, 'ChargeType', () => 'Usage'), 'ListCost'));
      expect(moreErrors).toBe(0);
      expect(errors.map(({ line, column, message }) => ({ line, column, message }))).toEqual([
        { line: 1, column: 'ChargeType', message: 'ChargeType is a column of FOCUS 0.5, a version Apex does not read: export the data as FOCUS 1.0, 1.1, 1.2.' },
        { line: 1, column: 'ListCost', message: 'The mandatory FOCUS 1.2 column ListCost is missing from the header.' },
        { line: 4, column: 'BilledCost', message: expect.stringMatching(/^"three" is not a FOCUS number/) },
        { line: 6, column: 'ChargePeriodStart', message: expect.stringMatching(/^"2025-13-01T00:00:00Z" is not an ISO 8601 date\/time/) },
      ]);
    });

    it('quotes a cell holding the text NULL where a figure needs a value', async () => {
      expect(await firstError(withCell(SAMPLE, 5, 'BilledCost', 'NULL'))).toEqual({
        file: 'january.csv', line: 5, column: 'BilledCost', message: 'BilledCost holds "NULL", and FOCUS does not allow it to be null.',
      });
      expect(await firstError(withCell(SAMPLE, 3, 'BillingCurrency', ''))).toMatchObject({
        line: 3, column: 'BillingCurrency', message: 'BillingCurrency is empty, and FOCUS does not allow it to be null.',
      });
    });

    it('an unknown FOCUS version', async () => {
      expect(await firstError(SAMPLE, { focusVersion: '2.0' })).toEqual({
        file: 'january.csv', line: 1, column: null,
        message: 'FOCUS version "2.0" is not supported: send focusVersion 1.0, 1.1, 1.2, or leave it out to have it detected from the columns.',
      });
    });

    it('a version its columns contradict', async () => {
      const { errors } = await refusal(SAMPLE, { focusVersion: '1.1' });
      expect(errors.map((e) => [e.line, e.column])).toEqual([[1, 'BillingAccountType'], [1, 'InvoiceId']]);
      expect(errors[0].message).toBe('BillingAccountType was introduced in FOCUS 1.2; a FOCUS 1.1 file cannot have it. Is the file FOCUS 1.2?');
    });

    it('a missing mandatory column', async () => {
      expect(await firstError(withoutColumn(SAMPLE, 'EffectiveCost'))).toEqual({
        file: 'january.csv', line: 1, column: 'EffectiveCost', message: 'The mandatory FOCUS 1.2 column EffectiveCost is missing from the header.',
      });
    });

    it('a malformed number, or one whose comma may be a decimal separator', async () => {
      expect(await firstError(withCell(SAMPLE, 4, 'BilledCost', '3.10 USD'))).toEqual({
        file: 'january.csv', line: 4, column: 'BilledCost',
        message: '"3.10 USD" is not a FOCUS number: digits with an optional decimal point, sign and exponent, without currency symbols or thousands separators.',
      });
      expect(await firstError(withCell(SAMPLE, 4, 'EffectiveCost', '$3,100'))).toMatchObject({ line: 4, column: 'EffectiveCost', message: expect.stringMatching(/^"\$3,100" is not a FOCUS number/) });
    });

    it('a malformed date', async () => {
      expect(await firstError(withCell(SAMPLE, 3, 'ChargePeriodStart', '2025-01-32T00:00:00Z'))).toMatchObject({
        line: 3, column: 'ChargePeriodStart', message: '"2025-01-32T00:00:00Z" is not an ISO 8601 date/time in UTC, as FOCUS requires (like 2024-01-31T00:00:00Z).',
      });
      expect(await firstError(withCell(SAMPLE, 5, 'ChargePeriodEnd', '2025-01-01T00:00:00Z'))).toMatchObject({
        line: 5, column: 'ChargePeriodEnd', message: 'ChargePeriodEnd is not after ChargePeriodStart.',
      });
    });

    it('a value of the wrong type for its column', async () => {
      expect(await firstError(withCell(SAMPLE, 6, 'Tags', 'team=search'))).toMatchObject({ line: 6, column: 'Tags', message: expect.stringMatching(/not a JSON object/) });
      expect(await firstError(withCell(SAMPLE, 7, 'ChargeCategory', 'Usage Fee'))).toMatchObject({
        line: 7, column: 'ChargeCategory', message: '"Usage Fee" is not a FOCUS ChargeCategory: one of Usage, Purchase, Tax, Credit, Adjustment.',
      });
      expect(await firstError(withCell(SAMPLE, 8, 'ProviderName', ''))).toMatchObject({
        line: 8, column: 'ProviderName', message: 'ProviderName is empty, and FOCUS does not allow it to be null.',
      });
    });

    it('a last line cut short, an unterminated quote, a file that is not UTF-8', async () => {
      expect(await firstError(SAMPLE.slice(0, SAMPLE.lastIndexOf(',Promotional credit')))).toEqual({
        file: 'january.csv', line: 11, column: null, message: 'The row has 9 fields where the header has 40 columns: the line may be cut short.',
      });
      expect(await firstError(SAMPLE.slice(0, SAMPLE.lastIndexOf('""team""')))).toMatchObject({
        line: 11, column: null, message: 'A quoted field that starts on this line is never closed: the file may be cut short.',
      });
      const latin1 = Buffer.concat([Buffer.from(SAMPLE.slice(0, SAMPLE.indexOf('Acme Holdings'))), Buffer.from([0xc9]), Buffer.from(SAMPLE.slice(SAMPLE.indexOf('Acme Holdings')))]);
      expect(await firstError(latin1)).toMatchObject({ column: null, message: expect.stringMatching(/not UTF-8 text/) });
    });

    it('a gzip stream that is cut short or is no gzip at all', async () => {
      const gzip = gzipSync(SAMPLE);
      expect(await firstError(gzip.subarray(0, gzip.length - 20), { gzip: true })).toMatchObject({
        column: null, message: 'The gzip stream ends early: the file was cut short.',
      });
      expect(await firstError(SAMPLE, { gzip: true })).toMatchObject({ line: 1, column: null, message: expect.stringMatching(/^The body is not valid gzip/) });
    });

    it('a second billing currency, or one that is not an ISO 4217 code', async () => {
      expect(await firstError(withCell(SAMPLE, 9, 'BillingCurrency', 'EUR'))).toEqual({
        file: 'january.csv', line: 9, column: 'BillingCurrency',
        message: 'EUR differs from USD (line 2): a file has one billing currency; upload each currency\'s rows as its own file.',
      });
      expect(await firstError(withCell(SAMPLE, 2, 'BillingCurrency', 'US$'))).toMatchObject({
        line: 2, column: 'BillingCurrency', message: '"US$" is not an ISO 4217 currency code (three capital letters, like USD).',
      });
    });

    it('an empty file, or one with a header and no rows', async () => {
      expect(await firstError('')).toMatchObject({ line: null, message: 'The file is empty: a FOCUS file starts with a header line.' });
      expect(await firstError(SAMPLE.split('\n')[0] + '\n')).toMatchObject({ line: null, message: 'The file has a header but no rows.' });
    });

    it(`lists the first ${LISTED_PROBLEMS} problems and counts the rest`, async () => {
      const [header, row] = SAMPLE.split('\n');
      const bad = [header, ...Array.from({ length: 250 }, () => row.replace(/^3\.125,/, 'three,'))].join('\n');
      const rejected = await refusal(bad);
      expect(rejected.errors).toHaveLength(LISTED_PROBLEMS);
      expect(rejected.moreErrors).toBe(150);
      expect(rejected.errors.slice(0, 2).map((e) => [e.line, e.column])).toEqual([[2, 'BilledCost'], [3, 'BilledCost']]);
    });

    it('leaves the earlier upload of the period in place', async () => {
      const good = await upload(SAMPLE);
      await refusal(withCell(SAMPLE, 11, 'BilledCost', '1,00'));
      const [source] = await db.dataSource.query('SELECT status, row_count FROM cost_sources WHERE id = $1', [good.sourceId]);
      expect(source).toEqual({ status: 'loaded', row_count: 10 });
    });
  });

  it('stops reading a body over the size limit', async () => {
    const big = SAMPLE + SAMPLE.split('\n').slice(1).join('\n').repeat(200);
    const error = await upload(big).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CostFileTooLarge);
    expect(error).toMatchObject({ limitBytes: 1024 * 1024, what: 'body' });
  });
});
