import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Client as Pg } from 'pg';
import type { SandboxCreated, SandboxView } from '@apex/contracts';
import { sandboxWorkflowId } from '@apex/contracts';
import { Decimal } from '@apex/domain';
import { waitFor, workspaceRoot } from '@apex/testing';
import { expectProblem, readJson } from '../auth/testing/account-fixtures';
import type { ApiUnderTest } from '../testing/api-under-test';
import { SandboxStack, startSandboxStack } from './testing/sandbox-stack';

/*
 * 30 days of gpt-4o-2024-08-06, each 10M uncached input and 1M output tokens for 35.00 USD, and one day of
 * acme-llm-7b (12.00 USD) that no price book knows: the fixture the portal's run tests use.
 */
const FOCUS = readFileSync(join(workspaceRoot, 'apps/e2e/src/fixtures/ai-tokens.focus-1.2.csv'));
const NOT_FOCUS = readFileSync(join(workspaceRoot, 'libs/costs/fixtures/focus/not-focus/koku__cur_2022-07-01_alt_columns.csv'));
const LIMIT_BYTES = 64 * 1024;
const RATE_PER_HOUR = 4;
const PASSWORD = 'correct horse battery';

describe('Sandboxes API: ROI before sign-up, on PostgreSQL and Temporal', () => {
  let stack: SandboxStack;
  let temporal: TestWorkflowEnvironment;
  let api: ApiUnderTest;
  let pg: Pg;

  beforeAll(async () => {
    stack = await startSandboxStack(RATE_PER_HOUR);
    ({ api, pg, temporal } = stack);
  }, 120_000);
  afterAll(() => stack?.stop());

  const upload = (body: Buffer | string | ReadableStream<Uint8Array>, headers: Record<string, string> = { 'content-type': 'text/csv' }, fileName = 'ai-tokens.csv') =>
    fetch(`${api.url}/api/v1/sandboxes?fileName=${encodeURIComponent(fileName)}`, { method: 'POST', headers, body, duplex: 'half' } as RequestInit);
  const view = (token: string) => api.call('GET', '/sandboxes/current', { headers: { 'x-sandbox-token': token } });
  const finished = (token: string) =>
    waitFor(
      async () => (await readJson(await view(token))) as SandboxView,
      (sandbox) => sandbox.report !== null && sandbox.run.status === 'succeeded',
      { timeoutMs: 60_000, what: 'the sandbox run to finish' },
    );
  const count = async (sql: string) => (await pg.query(sql)).rows[0].n as number;
  /** What a refused upload must not leave behind. */
  const stored = async () => ({
    organizations: await count('SELECT count(*)::int AS n FROM organizations'),
    users: await count('SELECT count(*)::int AS n FROM users'),
    sandboxes: await count('SELECT count(*)::int AS n FROM sandboxes'),
    costSources: await count('SELECT count(*)::int AS n FROM cost_sources'),
    costRows: await count('SELECT count(*)::int AS n FROM cost_rows'),
  });

  it('analyses a FOCUS file without an account: potential savings from its rows, the ROI, and the token kept only as a hash', async () => {
    const response = await upload(FOCUS);
    expect(response.status).toBe(201);
    const created = (await readJson(response)) as SandboxCreated;
    expect(created).toMatchObject({ sandboxId: expect.any(String), token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), file: { fileName: 'ai-tokens.csv', rowCount: 31 } });
    const lifetime = Date.parse(created.expiresAt) - Date.now();
    expect(lifetime).toBeGreaterThan(23.9 * 3_600_000);
    expect(lifetime).toBeLessThanOrEqual(24 * 3_600_000);

    const sandbox = await finished(created.token);
    expect(sandbox.file).toEqual({ fileName: 'ai-tokens.csv', rowCount: 31, periodStart: '2025-11-01T00:00:00.000Z', periodEnd: '2025-12-01T00:00:00.000Z' });
    const report = sandbox.report!;
    // Caching, the Free plan's first agent: 300M uncached input a month × (2.50 − 1.25) $/Mtok × the expected half.
    const caching = report.findings.find((finding) => finding.kind === 'prompt_caching')!;
    expect(Decimal.of(caching.monthlySavings.expected).eq(Decimal.of(300).times(Decimal.of('2.50').minus('1.25')).times('0.5'))).toBe(true);
    expect(report.findings.map((finding) => finding.kind).sort()).toEqual(['batch', 'prompt_caching']);
    expect(report.locked.length).toBeGreaterThan(0);
    const potential = Decimal.sum(report.findings.map((finding) => finding.monthlySavings.expected));
    expect(report.potentialMonthlySavings).toEqual([{ currency: 'USD', amount: potential.toFixed(2) }]);

    // The ROI of the sandbox: the measured AI spend of its 30 days (30 × 35.00 + 12.00), the potential of its findings.
    expect(sandbox.roi.status).toBe('ready');
    expect(sandbox.roi.spend).toMatchObject({ measured: Decimal.of('35.00').times(30).plus('12.00').toFixed(2), rowCount: 31 });
    expect(sandbox.roi.potential).toMatchObject({ status: 'potential', recommendationCount: 2, monthly: { expected: potential.toFixed(2) } });
    expect(sandbox.roi.verified).toMatchObject({ status: 'nothing_verified', monthly: null });
    expect(sandbox.roi.message).toContain('Based on your usage, Apex will save you');
    expect(sandbox.roi.potential!.message).toContain('Potential, not yet a saving');
    expect(sandbox.roi.fee).toMatchObject({ status: 'free', tier: 'free' });

    // On Early: 2 % of the measured spend (below the $99.00 flat price); ROI = (potential − fee) × 100 ÷ fee, to 0.1.
    const measured = Decimal.of('35.00').times(30).plus('12.00');
    const fee = measured.times('0.02').round(2);
    expect(sandbox.earlyRoi.fee).toMatchObject({ status: 'charged', tier: 'early', monthly: fee.toFixed(2) });
    expect(sandbox.earlyRoi.scenarios!.verifiedAndPotential).toMatchObject({
      status: 'computed',
      roiPercent: { expected: potential.minus(fee).times(100).dividedBy(fee, 1).toFixed(1) },
      breakevenDays: { expected: fee.times(30).dividedBy(potential, 1).toFixed(1) },
    });

    const [row] = (await pg.query('SELECT token_hash, address_hash FROM sandboxes WHERE id = $1', [created.sandboxId])).rows;
    expect(row.token_hash).toEqual(createHash('sha256').update(created.token).digest());
    expect(row.address_hash).not.toEqual(createHash('sha256').update('127.0.0.1').digest());
    expect(JSON.stringify((await pg.query('SELECT * FROM sandboxes')).rows)).not.toContain('127.0.0.1');
  });

  it('reads a gzipped FOCUS file the same way', async () => {
    const response = await upload(gzipSync(FOCUS), { 'content-type': 'application/gzip' }, 'ai-tokens.csv.gz');
    expect(response.status).toBe(201);
    expect(((await readJson(response)) as SandboxCreated).file).toMatchObject({ fileName: 'ai-tokens.csv.gz', rowCount: 31, totals: [{ currency: 'USD', effectiveCost: expect.any(String) }] });
  });

  it('answers one plain 410 for a malformed, unknown or missing token', async () => {
    for (const token of ['nonsense', 'A'.repeat(43), '']) {
      const problem = await expectProblem(await view(token), 410, 'sandbox-unavailable');
      expect(problem.detail).toContain('does not exist or has expired');
    }
  });

  it('refuses a file over the limit with 413 before storing anything, announced or streamed', async () => {
    const before = await stored();
    const big = Buffer.concat([FOCUS, Buffer.alloc(LIMIT_BYTES, '\n')]);
    const announced = await expectProblem(await upload(big), 413, 'payload-too-large');
    expect(announced).toMatchObject({ limitBytes: LIMIT_BYTES, detail: expect.stringContaining('Uploads are limited to 65536 bytes; nothing was stored') });

    const chunks = Array.from({ length: Math.ceil(big.length / 8192) }, (_, i) => big.subarray(i * 8192, (i + 1) * 8192));
    const streamed = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(chunk);
        controller.close();
      },
    });
    await expectProblem(await upload(streamed), 413, 'payload-too-large');
    expect(await stored()).toEqual(before);
  });

  it('refuses what is neither a FOCUS CSV nor an OpenAI usage export, with the reason, and stores nothing', async () => {
    const before = await stored();
    const xml = await expectProblem(await upload('<costs/>', { 'content-type': 'application/xml' }, 'costs.xml'), 415, 'unsupported-media-type');
    expect(xml.detail).toContain('The body was "application/xml"; nothing was stored. The sandbox reads FOCUS 1.0–1.2 cost exports');
    expect(xml.detail).toContain('OpenAI usage exports: the JSON pages of the Costs API and of the Usage API for completions');

    const cur = await expectProblem(await upload(NOT_FOCUS, { 'content-type': 'text/csv' }, 'cur.csv'), 422, 'cost-file-invalid');
    expect(cur.detail).toContain('Nothing of it was stored');
    expect(cur.errors.length).toBeGreaterThan(0);
    expect(cur.errors[0]).toMatchObject({ file: 'cur.csv' });
    expect(await stored()).toEqual(before);
  });

  it('on sign-up with the sandbox token, the new account keeps the data; the expiry and the deletion are gone', async () => {
    const created = (await readJson(await upload(FOCUS, { 'content-type': 'text/csv' }, 'keep-me.csv'))) as SandboxCreated;
    const sandbox = await finished(created.token);
    const findings = sandbox.report!.findings.length;

    const signUp = await api.call('POST', '/auth/signup', {
      body: { email: 'prospect@keeps.example', password: PASSWORD, name: 'Pat Prospect', organizationName: 'Keeps Ltd', sandboxToken: created.token },
    });
    expect(signUp.status).toBe(202);
    const { accessToken } = await readJson(await api.call('POST', '/auth/login', { body: { email: 'prospect@keeps.example', password: PASSWORD } }));

    const me = await readJson(await api.call('GET', '/me', { token: accessToken }));
    const [owner] = (await pg.query('SELECT org_id, user_id FROM sandboxes WHERE id = $1', [created.sandboxId])).rows;
    expect(me).toMatchObject({ user: { email: 'prospect@keeps.example', name: 'Pat Prospect' }, organization: { id: owner.org_id, name: 'Keeps Ltd', tier: 'free' }, role: 'owner' });
    const files = await readJson(await api.call('GET', '/cost-files', { token: accessToken }));
    expect(files).toEqual([expect.objectContaining({ fileName: 'keep-me.csv', rowCount: 31, status: 'loaded' })]);
    const recommendations = await readJson(await api.call('GET', '/recommendations', { token: accessToken }));
    expect(recommendations.items).toHaveLength(findings);
    const roi = await readJson(await api.call('GET', '/roi', { token: accessToken }));
    expect(roi.potential.monthly).toEqual(sandbox.roi.potential!.monthly);

    expect((await pg.query('SELECT expires_at, claimed_at FROM sandboxes WHERE id = $1', [created.sandboxId])).rows).toEqual([{ expires_at: null, claimed_at: expect.any(Date) }]);
    const deletion = temporal.client.workflow.getHandle(sandboxWorkflowId(created.sandboxId));
    expect(await deletion.result()).toBe('claimed');
    await expectProblem(await view(created.token), 410, 'sandbox-unavailable');

    const logIn = await api.call('POST', '/auth/login', { body: { email: 'prospect@keeps.example', password: PASSWORD } });
    expect(logIn.status).toBe(200);
  });

  it('claims nothing with an email already registered, answering as to any sign-up, and keeps the sandbox unclaimed for another try', async () => {
    const created = (await readJson(await upload(FOCUS))) as SandboxCreated;
    const taken = await api.call('POST', '/auth/signup', {
      body: { email: 'prospect@keeps.example', password: PASSWORD, name: 'Twice', organizationName: 'Twice Ltd', sandboxToken: created.token },
    });
    expect(taken.status).toBe(202);
    expect(await readJson(taken)).toEqual({ email: 'prospect@keeps.example', detail: expect.stringMatching(/verifies your email/) });
    expect((await pg.query('SELECT claimed_at, expires_at IS NOT NULL AS expires FROM sandboxes WHERE id = $1', [created.sandboxId])).rows).toEqual([{ claimed_at: null, expires: true }]);
    expect(await count("SELECT count(*)::int AS n FROM organizations WHERE name = 'Twice Ltd'")).toBe(0);
    expect((await view(created.token)).status).toBe(200);
  });

  it('refuses sign-up with a sandbox token that no longer works, and creates no account', async () => {
    const problem = await expectProblem(
      await api.call('POST', '/auth/signup', { body: { email: 'late@keeps.example', password: PASSWORD, name: 'Late', organizationName: 'Late Ltd', sandboxToken: 'B'.repeat(43) } }),
      410,
      'sandbox-unavailable',
    );
    expect(problem.detail).toContain('Drop the file again');
    expect(await count("SELECT count(*)::int AS n FROM users WHERE email = 'late@keeps.example'")).toBe(0);
  });

  it(`opens at most ${RATE_PER_HOUR} sandboxes an hour from one address, then answers 429 with Retry-After and stores nothing`, async () => {
    const opened = await count("SELECT count(*)::int AS n FROM sandboxes WHERE created_at > now() - interval '1 hour'");
    for (let i = opened; i < RATE_PER_HOUR; i++) expect((await upload(FOCUS)).status).toBe(201);
    const before = await stored();

    const refused = await upload(FOCUS);
    const problem = await expectProblem(refused, 429, 'limit-reached');
    expect(problem).toMatchObject({ limit: RATE_PER_HOUR, detail: expect.stringContaining(`At most ${RATE_PER_HOUR} sandboxes an hour`) });
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(3000);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect(await stored()).toEqual(before);
  });
});
