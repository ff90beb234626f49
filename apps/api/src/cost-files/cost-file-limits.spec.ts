import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ClientRequest, request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createGzip } from 'node:zlib';
import { DataSource } from 'typeorm';
import { waitFor, workspaceRoot } from '@apex/testing';
import { expectProblem, readJson, setTier, signUp, TestAccount } from '../auth/testing/account-fixtures';
import { ApiOnTestDatabase, startApiOnTestDatabase } from '../testing/api-on-test-database';
import { ApiUnderTest } from '../testing/api-under-test';

// The project's own FOCUS 1.2 sample (10 rows of January 2025 AI spend).
const SAMPLE = readFileSync(join(workspaceRoot, 'libs/costs/fixtures/focus/samples/focus-1.2-ai-spend.csv'), 'utf8');
const [HEADER, FIRST_ROW] = SAMPLE.split('\n');
const MiB = 1024 * 1024;

/** The sample moved to another month (its rows do not replace January's). */
const sampleOf = (month: string) => SAMPLE.replaceAll('2025-02-01', `2025-${month}-28`).replaceAll('2025-01-', `2025-${month}-`);

/** The sample's rows over and over: a file of about `rows` rows. */
function bigFile(rows: number): string {
  const sample = SAMPLE.trimEnd().split('\n').slice(1);
  return `${HEADER}\n${Array.from({ length: Math.ceil(rows / sample.length) }, () => sample.join('\n')).join('\n')}\n`;
}

/** Gzip of the header and one valid row repeated `rows` times, compressed as it is produced: the plain file never exists in memory. */
async function gzipOfRepeatedRow(rows: number): Promise<Buffer> {
  const perBlock = 1000;
  const block = Buffer.from(`${FIRST_ROW}\n`.repeat(perBlock));
  const plain = Readable.from(
    (function* () {
      yield Buffer.from(`${HEADER}\n`);
      for (let sent = 0; sent < rows; sent += perBlock) yield block;
    })(),
  );
  const parts: Buffer[] = [];
  await pipeline(plain, createGzip({ level: 9 }), new Writable({ write: (chunk: Buffer, _encoding, done) => (parts.push(chunk), done()) }));
  return Buffer.concat(parts);
}

/** V8's collector, to tell memory that is held from garbage not yet collected. */
function collector(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

function send(api: ApiUnderTest, body: string | Buffer, token: string, query: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${api.url}/api/v1/cost-files?${new URLSearchParams(query)}`, {
    method: 'POST',
    headers: { 'content-type': 'text/csv', authorization: `Bearer ${token}`, ...headers },
    body,
  });
}

/** A POST /cost-files over a socket of its own, which the test can cut at any point. */
function openUpload(api: ApiUnderTest, token: string, query: Record<string, string>, contentType = 'text/csv'): ClientRequest {
  const request = httpRequest(new URL(`${api.url}/api/v1/cost-files?${new URLSearchParams(query)}`), {
    method: 'POST',
    headers: { 'content-type': contentType, authorization: `Bearer ${token}` },
  });
  request.on('error', () => undefined);
  return request;
}

describe('Cost files API: the limits of the plan, and uploads that stop', () => {
  let stack: ApiOnTestDatabase;
  let api: ApiUnderTest;
  let db: DataSource;

  const tablesOf = async (orgId: string) => ({
    rows: (await db.query('SELECT count(*)::int AS n FROM cost_rows WHERE org_id = $1', [orgId]))[0].n,
    sources: await db.query('SELECT id, status, row_count FROM cost_sources WHERE org_id = $1 ORDER BY id', [orgId]),
  });

  const loadsInProgress = async () =>
    (
      await db.query(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND (query LIKE 'COPY cost_rows%' OR state LIKE 'idle in transaction%') AND pid <> pg_backend_pid()",
      )
    )[0].n;

  const progressOf = async (account: TestAccount, uploadId: string) => {
    const response = await api.call('GET', `/cost-files/uploads/${uploadId}`, { token: account.accessToken });
    return response.status === 200 ? readJson(response) : null;
  };

  /** Runs `body` with a plan's limits changed as given, and puts them back. */
  async function withPlan(tier: string, limits: Record<string, number>, body: () => Promise<void>): Promise<void> {
    const columns = Object.keys(limits);
    const [before] = await db.query(`SELECT ${columns.join(', ')} FROM plans WHERE tier = $1`, [tier]);
    const set = (values: Record<string, unknown>) =>
      db.query(`UPDATE plans SET ${columns.map((column, i) => `${column} = $${i + 2}`).join(', ')} WHERE tier = $1`, [tier, ...columns.map((c) => values[c])]);
    await set(limits);
    try {
      await body();
    } finally {
      await set(before);
    }
  }

  let accounts = 0;
  const newAccount = () => signUp(api, `limits-${++accounts}@costs.example`, `Limits ${accounts}`);

  beforeAll(async () => {
    stack = await startApiOnTestDatabase();
    api = stack.api;
    db = api.app.get(DataSource);
  }, 60_000);
  afterAll(() => stack?.stop());

  it('carries the cost-data limits of every plan as data', async () => {
    const plans = await db.query('SELECT tier, cost_rows_limit::text, cost_bytes_limit::text, upload_rows_limit, uploads_per_hour FROM plans ORDER BY rank');
    expect(plans).toEqual([
      { tier: 'free', cost_rows_limit: '250000', cost_bytes_limit: String(256 * MiB), upload_rows_limit: 100_000, uploads_per_hour: 10 },
      { tier: 'early', cost_rows_limit: '5000000', cost_bytes_limit: String(5 * 1024 * MiB), upload_rows_limit: 2_000_000, uploads_per_hour: 30 },
      { tier: 'mid', cost_rows_limit: '50000000', cost_bytes_limit: String(50 * 1024 * MiB), upload_rows_limit: 10_000_000, uploads_per_hour: 60 },
      { tier: 'enterprise', cost_rows_limit: '500000000', cost_bytes_limit: String(500 * 1024 * MiB), upload_rows_limit: 50_000_000, uploads_per_hour: 120 },
    ]);
  });

  it('stops an upload at the rows one upload may carry, stores nothing, and names the plan that lifts the limit', async () => {
    const owner = await newAccount();
    await withPlan('free', { upload_rows_limit: 50 }, async () => {
      const before = await tablesOf(owner.orgId);
      const response = await send(api, bigFile(20_000), owner.accessToken, { fileName: 'year.csv' });
      const problem = await expectProblem(response, 413, 'payload-too-large');
      expect(problem).toMatchObject({
        title: 'The upload passes a limit of your plan',
        limit: 'uploadRows',
        allowed: 50,
        tier: 'free',
        upgrade: { tier: 'early', name: 'Early', allowed: 2_000_000 },
      });
      // Reading stopped within a chunk of the limit, far before the file's 20,000 rows.
      expect(problem.reached).toBeGreaterThan(50);
      expect(problem.reached).toBeLessThan(1_000);
      expect(problem.detail).toBe(
        `Your Free plan allows 50 rows (rows in one upload); this upload stopped at ${problem.reached.toLocaleString('en-US')} rows, and nothing was stored. ` +
          'Split the export into smaller files (by month, for instance). The Early plan allows 2,000,000 rows.',
      );
      expect(response.headers.get('connection')).toBe('close');
      expect(await tablesOf(owner.orgId)).toEqual(before);
    });
  });

  it('offers no plan above Enterprise: its limits are raised by contract', async () => {
    const owner = await newAccount();
    await setTier(api, owner.orgId, 'enterprise');
    await withPlan('enterprise', { upload_rows_limit: 5 }, async () => {
      const problem = await expectProblem(await send(api, SAMPLE, owner.accessToken, { fileName: 'january.csv' }), 413, 'payload-too-large');
      expect(problem).toMatchObject({ limit: 'uploadRows', allowed: 5, reached: 10, tier: 'enterprise', upgrade: null });
      expect(problem.detail).toBe('Your Enterprise plan allows 5 rows (rows in one upload); this upload stopped at 10 rows, and nothing was stored. Split the export into smaller files (by month, for instance). Contact us to raise it.');
    });
  });

  it("refuses what would take the organisation's held rows or bytes past its plan, and lets a re-upload replace within them", async () => {
    const owner = await newAccount();
    const sampleBytes = Buffer.byteLength(SAMPLE);
    await withPlan('free', { cost_rows_limit: 15 }, async () => {
      const january = await send(api, SAMPLE, owner.accessToken, { fileName: 'january.csv' });
      expect(january.status).toBe(201);
      const [stored] = await db.query('SELECT file_bytes::int FROM cost_sources WHERE org_id = $1', [owner.orgId]);
      expect(stored.file_bytes).toBe(sampleBytes);

      const before = await tablesOf(owner.orgId);
      // 10 rows held and 10 more of March make 20, past 15.
      const march = await expectProblem(await send(api, sampleOf('03'), owner.accessToken, { fileName: 'march.csv' }), 413, 'payload-too-large');
      expect(march).toMatchObject({ limit: 'heldRows', allowed: 15, reached: 20, upgrade: { tier: 'early', allowed: 5_000_000 } });
      expect(march.detail).toBe(
        'Your Free plan allows 15 rows (rows of cost data held); with this upload it would hold at least 20 rows, and nothing was stored. The Early plan allows 5,000,000 rows.',
      );
      expect(await tablesOf(owner.orgId)).toEqual(before);

      // January again replaces its own 10 rows: 10 held.
      expect((await send(api, SAMPLE, owner.accessToken, { fileName: 'january-again.csv' })).status).toBe(201);
      expect((await tablesOf(owner.orgId)).rows).toBe(10);
    });
    await withPlan('free', { cost_bytes_limit: sampleBytes + 100 }, async () => {
      const before = await tablesOf(owner.orgId);
      const march = await expectProblem(await send(api, sampleOf('03'), owner.accessToken, { fileName: 'march.csv' }), 413, 'payload-too-large');
      expect(march).toMatchObject({ limit: 'heldBytes', allowed: sampleBytes + 100, reached: sampleBytes + Buffer.byteLength(sampleOf('03')) });
      expect(await tablesOf(owner.orgId)).toEqual(before);
    });
  });

  it('stops a small gzip that inflates far past the bytes the plan holds, with memory flat and nothing stored', async () => {
    const owner = await newAccount();
    const rows = 1_000_000;
    const gzip = await gzipOfRepeatedRow(rows);
    const inflated = Buffer.byteLength(`${HEADER}\n`) + rows * Buffer.byteLength(`${FIRST_ROW}\n`);
    expect(gzip.length).toBeLessThan(4 * MiB);
    expect(inflated).toBeGreaterThan(400 * MiB);
    const limit = 64 * MiB;
    await withPlan('free', { cost_bytes_limit: limit, upload_rows_limit: 10_000_000, cost_rows_limit: 10_000_000 }, async () => {
      const before = await tablesOf(owner.orgId);
      const gc = collector();
      gc();
      const { rss: rssBefore, heapUsed: heapBefore } = process.memoryUsage();
      let rssPeak = rssBefore;
      const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 10);
      try {
        const response = await send(api, gzip, owner.accessToken, { fileName: 'bomb.csv.gz' }, { 'content-type': 'application/gzip' });
        const problem = await expectProblem(response, 413, 'payload-too-large');
        expect(problem).toMatchObject({ limit: 'heldBytes', allowed: limit, upgrade: { tier: 'early' } });
        // Stopped within a chunk past the limit, not after the file's 400+ MB.
        expect(problem.reached).toBeGreaterThan(limit);
        expect(problem.reached).toBeLessThan(limit + MiB);
      } finally {
        clearInterval(sampler);
      }
      // Nothing of the file is held once it is answered; while it ran, the process never came near holding the
      // 500 MB the file inflates to (usually 5–20 MB more, up to about 230 MB of garbage when a collection comes late).
      gc();
      expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(16 * MiB);
      expect(rssPeak - rssBefore).toBeLessThan(320 * MiB);
      expect(await tablesOf(owner.orgId)).toEqual(before);
    });
  }, 120_000);

  it("limits the uploads of an organisation per hour, 429 with Retry-After, and counts other organisations' apart", async () => {
    const owner = await newAccount();
    const other = await newAccount();
    await withPlan('free', { uploads_per_hour: 2 }, async () => {
      expect((await send(api, SAMPLE, owner.accessToken, { fileName: 'one.csv' })).status).toBe(201);
      expect((await send(api, SAMPLE.replace('3.125', 'three'), owner.accessToken, { fileName: 'bad.csv' })).status).toBe(422);
      const before = await tablesOf(owner.orgId);
      const refused = await send(api, sampleOf('03'), owner.accessToken, { fileName: 'three.csv' });
      const problem = await expectProblem(refused, 429, 'too-many-attempts');
      expect(problem).toMatchObject({ title: 'Too many uploads', limit: 2, detail: expect.stringMatching(/^Your Free plan allows 2 cost file uploads an hour/) });
      const retryAfter = Number(refused.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(3600);
      expect(problem.retryAfterSeconds).toBe(retryAfter);
      expect(await tablesOf(owner.orgId)).toEqual(before);
      expect((await send(api, SAMPLE, other.accessToken, { fileName: 'one.csv' })).status).toBe(201);
    });
  });

  it('reports bytes and rows of an upload as it loads, and a cancelled upload stores nothing', async () => {
    const owner = await newAccount();
    const before = await tablesOf(owner.orgId);
    const uploadId = randomUUID();
    const file = bigFile(20_000);
    const request = openUpload(api, owner.accessToken, { fileName: 'cancelled.csv', uploadId });
    request.write(file.slice(0, file.length / 2));
    const loading = await waitFor(() => progressOf(owner, uploadId), (p) => p?.rows > 0, { what: 'the upload to report rows' });
    expect(loading).toMatchObject({ uploadId, state: 'loading' });
    expect(loading.receivedBytes).toBeGreaterThan(0);
    expect(loading.receivedBytes).toBeLessThanOrEqual(file.length / 2);
    expect(loading.rows).toBeLessThan(20_000);
    // Another organisation cannot read it.
    const stranger = await newAccount();
    await expectProblem(await api.call('GET', `/cost-files/uploads/${uploadId}`, { token: stranger.accessToken }), 404, 'not-found');

    request.destroy();
    expect(await waitFor(() => progressOf(owner, uploadId), (p) => p?.state === 'stopped', { what: 'the upload to stop' })).toMatchObject({ state: 'stopped' });
    await waitFor(() => loadsInProgress(), (n) => n === 0, { what: 'the cancelled upload to roll back' });
    expect(await tablesOf(owner.orgId)).toEqual(before);
  });

  it('stops and rolls back a load whose client went away after sending the whole body (a gzip still inflating)', async () => {
    const owner = await newAccount();
    await setTier(api, owner.orgId, 'enterprise');
    const before = await tablesOf(owner.orgId);
    const gzip = await gzipOfRepeatedRow(400_000);
    const uploadId = randomUUID();
    const request = openUpload(api, owner.accessToken, { fileName: 'gone.csv.gz', uploadId }, 'application/gzip');
    request.end(gzip);
    // The whole body has arrived and the load is still going.
    const received = await waitFor(() => progressOf(owner, uploadId), (p) => p?.receivedBytes === gzip.length && p.rows > 0, { what: 'the whole body to arrive' });
    expect(received.state).toBe('loading');
    request.destroy();
    await waitFor(() => progressOf(owner, uploadId), (p) => p?.state === 'stopped', { what: 'the load to stop', timeoutMs: 30_000 });
    await waitFor(() => loadsInProgress(), (n) => n === 0, { what: 'the load to roll back' });
    expect(await tablesOf(owner.orgId)).toEqual(before);
    const stopped = await progressOf(owner, uploadId);
    expect(stopped.rows).toBeLessThan(400_000);
  }, 60_000);
});
