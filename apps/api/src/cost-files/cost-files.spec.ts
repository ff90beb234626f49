import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DataSource } from 'typeorm';
import { waitFor, workspaceRoot } from '@apex/testing';
import { addMember, expectProblem, readJson, setTier, signUp, TestAccount } from '../auth/testing/account-fixtures';
import { ApiOnTestDatabase, startApiOnTestDatabase } from '../testing/api-on-test-database';
import { ApiUnderTest, startApiUnderTest } from '../testing/api-under-test';

const SAMPLE = readFileSync(join(workspaceRoot, 'libs/costs/fixtures/focus/samples/focus-1.2-ai-spend.csv'), 'utf8');
/** The sample's BilledCost and EffectiveCost, summed by hand. */
const SAMPLE_TOTAL = '11.5802';

interface Upload {
  fileName?: string;
  focusVersion?: string;
  token?: string;
  apiKey?: string;
  headers?: Record<string, string>;
}

function send(api: ApiUnderTest, body: string | Buffer | ReadableStream<Uint8Array>, upload: Upload = {}): Promise<Response> {
  const query = new URLSearchParams();
  if (upload.fileName !== undefined) query.set('fileName', upload.fileName);
  if (upload.focusVersion) query.set('focusVersion', upload.focusVersion);
  return fetch(`${api.url}/api/v1/cost-files?${query}`, {
    method: 'POST',
    headers: {
      'content-type': 'text/csv',
      ...(upload.token ? { authorization: `Bearer ${upload.token}` } : {}),
      ...(upload.apiKey ? { 'x-api-key': upload.apiKey } : {}),
      ...upload.headers,
    },
    body,
    duplex: 'half',
  } as RequestInit);
}

const asNumber = (decimal: string) => Number(decimal);

/** `bytes` sent as a stream of `chunk`-sized pieces, without a Content-Length. */
const streamOf = (bytes: Uint8Array, chunk = 16 * 1024) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      for (let at = 0; at < bytes.length; at += chunk) controller.enqueue(bytes.subarray(at, at + chunk));
      controller.close();
    },
  });

/** The sample's rows over and over: a file of about `rows` rows. */
function bigFile(rows: number): string {
  const [header, ...sample] = SAMPLE.trimEnd().split('\n');
  return `${header}\n${Array.from({ length: Math.ceil(rows / sample.length) }, () => sample.join('\n')).join('\n')}\n`;
}

describe('Cost files API: FOCUS uploads streamed into the cost data', () => {
  let stack: ApiOnTestDatabase;
  let api: ApiUnderTest;
  let db: DataSource;
  let owner: TestAccount;

  /** Uploads whose transaction is still open: COPY running, or anything else of theirs not yet committed. */
  const loadsInProgress = async () =>
    (
      await db.query(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND (query LIKE 'COPY cost_rows%' OR state LIKE 'idle in transaction%') AND pid <> pg_backend_pid()",
      )
    )[0].n;

  const tablesOf = async (orgId: string) => ({
    rows: (await db.query('SELECT count(*)::int AS n FROM cost_rows WHERE org_id = $1', [orgId]))[0].n,
    sources: await db.query('SELECT id, status, row_count FROM cost_sources WHERE org_id = $1 ORDER BY id', [orgId]),
    connections: (await db.query('SELECT count(*)::int AS n FROM cost_connections WHERE org_id = $1', [orgId]))[0].n,
  });

  beforeAll(async () => {
    stack = await startApiOnTestDatabase();
    api = stack.api;
    db = api.app.get(DataSource);
    // These tests upload as one organisation far more often than a plan allows in an hour (cost-file-limits.spec tests that limit).
    await db.query('UPDATE plans SET uploads_per_hour = 1000');
    owner = await signUp(api, 'finops@costs.example', 'Costs Example');
  }, 60_000);
  afterAll(() => stack?.stop());

  it('loads a FOCUS CSV sent as the raw body, answers what it loaded, and lists and shows it', async () => {
    const response = await send(api, SAMPLE, { fileName: 'january.csv', token: owner.accessToken });
    expect(response.status).toBe(201);
    const loaded = await readJson(response);
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
    expect(asNumber(loaded.totals[0].billedCost)).toBe(asNumber(SAMPLE_TOTAL));
    expect(response.headers.get('location')).toBe(`/api/v1/cost-files/${loaded.sourceId}`);

    const list = await readJson(await api.call('GET', '/cost-files', { token: owner.accessToken }));
    expect(list[0]).toEqual({
      id: loaded.sourceId, fileName: 'january.csv', focusVersion: '1.2', status: 'loaded', rowCount: 10,
      periodStart: '2025-01-01T00:00:00.000Z', periodEnd: '2025-02-01T00:00:00.000Z', sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      uploadedAt: expect.any(String), uploadedBy: owner.userId, loadedAt: expect.any(String), warnings: [],
    });
    const detail = await readJson(await api.call('GET', `/cost-files/${loaded.sourceId}`, { token: owner.accessToken }));
    expect(detail).toMatchObject({ id: loaded.sourceId, status: 'loaded', sourceFormat: null, totals: loaded.totals, warnings: [] });
  });

  it("loads a file with a column FOCUS does not name and NULLs in ContractedCost, and shows its warnings on the file's page", async () => {
    // The sample with a CostCenter column (no x_ prefix) and ContractedCost written as the text NULL on every row.
    const [header, ...rows] = SAMPLE.trimEnd().split('\n');
    const contracted = header.split(',').indexOf('ContractedCost');
    const withNullContracted = (row: string) => {
      const fields = (row.match(/("(?:[^"]|"")*"|[^,]*)(,|$)/g) ?? []).slice(0, header.split(',').length);
      fields[contracted] = 'NULL,';
      return `${fields.join('')},cc-7`;
    };
    const file = [`${header},CostCenter`, ...rows.map(withNullContracted)].join('\n') + '\n';
    const response = await send(api, file, { fileName: 'multicloud.csv', token: owner.accessToken });
    expect(response.status).toBe(201);
    const loaded = await readJson(response);
    expect(loaded.rowCount).toBe(10);
    expect(asNumber(loaded.totals[0].billedCost)).toBe(asNumber(SAMPLE_TOTAL));
    expect(loaded.warnings.map((w: { kind: string; count: number }) => [w.kind, w.count])).toEqual([
      ['unknown_column', 1],
      ['null_in_required_column', 10],
    ]);
    expect(loaded.warnings[1].examples[0]).toEqual({
      file: 'multicloud.csv', line: 2, column: 'ContractedCost', field: 'ContractedCost',
      message: 'ContractedCost holds "NULL", and FOCUS does not allow it to be null: the row was loaded with no value there.',
    });

    const detail = await readJson(await api.call('GET', `/cost-files/${loaded.sourceId}`, { token: owner.accessToken }));
    expect(detail.warnings).toEqual(loaded.warnings);
    const [row] = await db.query('SELECT extra_columns, contracted_cost FROM cost_rows WHERE source_id = $1 AND source_row = 2', [loaded.sourceId]);
    expect(row).toEqual({ extra_columns: { CostCenter: 'cc-7' }, contracted_cost: null });
  });

  it('takes gzip, by content type or by content encoding, and bodies far over BODY_LIMIT', async () => {
    const big = bigFile(600);
    expect(big.length).toBeGreaterThan(300 * 1024);
    const byType = await send(api, gzipSync(big), { fileName: 'big.csv.gz', token: owner.accessToken, headers: { 'content-type': 'application/gzip' } });
    expect(byType.status).toBe(201);
    expect(await readJson(byType)).toMatchObject({ rowCount: 600, focusVersion: '1.2' });
    const byEncoding = await send(api, gzipSync(SAMPLE), { fileName: 'january.csv', token: owner.accessToken, headers: { 'content-encoding': 'gzip' } });
    expect(byEncoding.status).toBe(201);
    expect(await readJson(byEncoding)).toMatchObject({ rowCount: 10, replaced: 600 });
  });

  it('replaces the period on re-upload, and ignores Idempotency-Key (a retry replaces, it is never replayed)', async () => {
    const first = await readJson(await send(api, SAMPLE, { fileName: 'january.csv', token: owner.accessToken, headers: { 'idempotency-key': 'upload-1' } }));
    const corrected = SAMPLE.replace('\n3.125,', '\n4.125,').replace(/,3\.125,3\.125,/, ',4.125,4.125,');
    const second = await send(api, corrected, { fileName: 'january-corrected.csv', token: owner.accessToken, headers: { 'idempotency-key': 'upload-1' } });
    expect(second.status).toBe(201);
    const body = await readJson(second);
    expect(body).toMatchObject({ fileName: 'january-corrected.csv', replaced: 10 });
    expect(asNumber(body.totals[0].billedCost)).toBe(asNumber(SAMPLE_TOTAL) + 1);
    const list = await readJson(await api.call('GET', '/cost-files', { token: owner.accessToken }));
    expect(list.find((file: { id: string }) => file.id === first.sourceId)).toMatchObject({ status: 'replaced', rowCount: 0 });
    const [total] = await db.query("SELECT count(*)::int AS n FROM cost_rows WHERE org_id = $1 AND charge_period_start < '2025-02-01'", [owner.orgId]);
    expect(total.n).toBe(10);
  });

  it('refuses a bad file with a problem naming file, line and column, and stores nothing', async () => {
    const before = await tablesOf(owner.orgId);
    const bad = SAMPLE.replace('\n0.656,', '\n0.656 USD,');
    const response = await send(api, bad, { fileName: 'bedrock.csv', apiKey: undefined, token: owner.accessToken });
    const problem = await expectProblem(response, 422, 'cost-file-invalid');
    expect(problem).toMatchObject({
      title: 'The cost file was refused',
      detail: 'bedrock.csv has 1 problem. Nothing of it was stored: correct the file and upload it again.',
      errors: [
        {
          file: 'bedrock.csv', line: 5, column: 'BilledCost', field: 'BilledCost',
          message: '"0.656 USD" is not a FOCUS number: digits with an optional decimal point, sign and exponent, without currency symbols or thousands separators.',
        },
      ],
      moreErrors: 0,
    });
    expect(await tablesOf(owner.orgId)).toEqual(before);
  });

  it('refuses a FOCUS version it does not read, and a file cut short', async () => {
    const version = await expectProblem(await send(api, SAMPLE, { fileName: 'f.csv', focusVersion: '1.3', token: owner.accessToken }), 422, 'cost-file-invalid');
    expect(version.errors[0]).toMatchObject({ file: 'f.csv', line: 1, column: null, message: expect.stringMatching(/^FOCUS version "1.3" is not supported/) });
    const gzip = gzipSync(SAMPLE);
    const cut = await expectProblem(
      await send(api, gzip.subarray(0, gzip.length / 2), { fileName: 'f.csv.gz', token: owner.accessToken, headers: { 'content-type': 'application/gzip' } }),
      422,
      'cost-file-invalid',
    );
    expect(cut.errors[0].message).toBe('The gzip stream ends early: the file was cut short.');
  });

  it('answers a file that turns bad while it is still being sent (corrupt gzip mid-way) with its report, not a reset', async () => {
    const before = await tablesOf(owner.orgId);
    // A good gzip member, then one whose data is garbage, followed by a megabyte more that is still on its way.
    const gzip = Buffer.concat([gzipSync(bigFile(20_000)), Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]), Buffer.alloc(1024 * 1024, 0xff)]);
    const response = await send(api, streamOf(gzip), { fileName: 'corrupt.csv.gz', token: owner.accessToken, headers: { 'content-type': 'application/gzip' } });
    const problem = await expectProblem(response, 422, 'cost-file-invalid');
    expect(problem.errors).toEqual([
      { file: 'corrupt.csv.gz', line: expect.any(Number), column: null, field: 'file', message: 'The body is not valid gzip (invalid block type).' },
    ]);
    // Where reading had got to when the gzip stream broke: after the good member's 20,000 rows.
    expect(problem.errors[0].line).toBeGreaterThan(19_000);
    expect(await tablesOf(owner.orgId)).toEqual(before);
  });

  it('rolls back at once when the client goes away mid-upload', async () => {
    const before = await tablesOf(owner.orgId);
    const url = new URL(`${api.url}/api/v1/cost-files?fileName=aborted.csv`);
    const request = httpRequest(url, { method: 'POST', headers: { 'content-type': 'text/csv', authorization: `Bearer ${owner.accessToken}` } });
    request.on('error', () => undefined);
    const file = bigFile(2_000);
    request.write(file.slice(0, file.length / 2));
    await waitFor(() => loadsInProgress(), (n) => n === 1, { what: 'the upload to start its COPY' });
    request.destroy();
    await waitFor(() => loadsInProgress(), (n) => n === 0, { what: 'the aborted upload to roll back' });
    expect(await tablesOf(owner.orgId)).toEqual(before);
  });

  it('refuses what is not a CSV or gzip body, and a missing file name', async () => {
    const form = new FormData();
    form.append('file', new Blob([SAMPLE]), 'january.csv');
    const multipart = await fetch(`${api.url}/api/v1/cost-files?fileName=january.csv`, { method: 'POST', headers: { authorization: `Bearer ${owner.accessToken}` }, body: form });
    expect((await expectProblem(multipart, 415, 'unsupported-media-type')).detail).toMatch(/not a multipart form/);
    await expectProblem(await send(api, SAMPLE, { fileName: 'x.csv', token: owner.accessToken, headers: { 'content-encoding': 'br' } }), 415, 'unsupported-media-type');
    await expectProblem(await send(api, SAMPLE, { fileName: 'x.csv', token: owner.accessToken, headers: { 'content-type': 'text/csv; charset=iso-8859-1' } }), 415, 'unsupported-media-type');
    const unnamed = await expectProblem(await send(api, SAMPLE, { token: owner.accessToken }), 400, 'validation');
    expect(unnamed.errors.map((e: { field: string }) => e.field)).toContain('fileName');
  });

  it('lets owners and admins upload, with a session or an API key, and members only look', async () => {
    const admin = await addMember(api, owner.orgId, 'admin@costs.example', 'admin');
    const member = await addMember(api, owner.orgId, 'member@costs.example', 'member');
    expect((await send(api, SAMPLE, { fileName: 'by-admin.csv', token: admin.accessToken })).status).toBe(201);
    const refused = await expectProblem(await send(api, SAMPLE, { fileName: 'by-member.csv', token: member.accessToken }), 403, 'forbidden');
    expect(refused.detail).toBe('Only an owner or an admin can upload cost files.');
    expect((await api.call('GET', '/cost-files', { token: member.accessToken })).status).toBe(200);
    await setTier(api, owner.orgId, 'early');
    const { key } = await readJson(await api.call('POST', '/api-keys', { token: owner.accessToken, body: { name: 'finops pipeline' } }));
    const byKey = await send(api, SAMPLE, { fileName: 'by-key.csv', apiKey: key });
    expect(byKey.status).toBe(201);
  });

  it('is unavailable while the flag cloud_billing_integration is off', async () => {
    await db.query("INSERT INTO feature_flag_overrides (flag, enabled) VALUES ('cloud_billing_integration', false)");
    try {
      const before = await tablesOf(owner.orgId);
      const upload = await expectProblem(await send(api, SAMPLE, { fileName: 'off.csv', token: owner.accessToken }), 403, 'cloud-billing-disabled');
      expect(upload).toMatchObject({ flag: 'cloud_billing_integration', detail: expect.stringMatching(/switched off/) });
      await expectProblem(await api.call('GET', '/cost-files', { token: owner.accessToken }), 403, 'cloud-billing-disabled');
      expect(await tablesOf(owner.orgId)).toEqual(before);
    } finally {
      await db.query("DELETE FROM feature_flag_overrides WHERE flag = 'cloud_billing_integration'");
    }
  });

  it("shows an organisation none of another's files", async () => {
    const files = await readJson(await api.call('GET', '/cost-files', { token: owner.accessToken }));
    const other = await signUp(api, 'other@elsewhere.example', 'Elsewhere');
    expect(await readJson(await api.call('GET', '/cost-files', { token: other.accessToken }))).toEqual([]);
    await expectProblem(await api.call('GET', `/cost-files/${files[0].id}`, { token: other.accessToken }), 404, 'not-found');
    await expectProblem(await api.call('GET', '/cost-files/not-a-uuid', { token: other.accessToken }), 404, 'not-found');
  });

  describe('with COST_FILE_MAX_SIZE=4kb', () => {
    let small: ApiUnderTest;
    let smallOwner: TestAccount;
    beforeAll(async () => {
      small = await startApiUnderTest({ DATABASE_URL: stack.database.url, TEMPORAL_ADDRESS: '127.0.0.1:1', COST_FILE_MAX_SIZE: '4kb' });
      smallOwner = await signUp(small, 'small@costs.example', 'Small Files');
    });
    afterAll(() => small?.close());

    it('refuses a body over the limit, whether its length is declared or it is streamed, and stores nothing', async () => {
      const before = await tablesOf(smallOwner.orgId);
      const declared = await expectProblem(await send(small, SAMPLE, { fileName: 'big.csv', token: smallOwner.accessToken }), 413, 'payload-too-large');
      expect(declared).toMatchObject({ limitBytes: 4096, detail: expect.stringMatching(/limited to 4096 bytes/) });
      const streamed = streamOf(new TextEncoder().encode(bigFile(2_000)));
      const response = await send(small, streamed, { fileName: 'big.csv', token: smallOwner.accessToken });
      await expectProblem(response, 413, 'payload-too-large');
      expect(response.headers.get('connection')).toBe('close');
      expect(await tablesOf(smallOwner.orgId)).toEqual(before);
    });
  });
});
