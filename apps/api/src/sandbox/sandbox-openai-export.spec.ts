import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Client as Pg } from 'pg';
import type { SandboxView } from '@apex/contracts';
import { Decimal } from '@apex/domain';
import type { OpenAiExportLoaded } from '@apex/sandbox';
import { waitFor, workspaceRoot } from '@apex/testing';
import { expectProblem, readJson } from '../auth/testing/account-fixtures';
import type { ApiUnderTest } from '../testing/api-under-test';
import { SandboxStack, startSandboxStack } from './testing/sandbox-stack';

/** The page a sample holds under "response", as its literal text: the JSON that the OpenAI endpoint answers. */
const samplePage = (name: string) => {
  const text = readFileSync(join(workspaceRoot, 'libs/costs/fixtures/openai', name), 'utf8');
  return text.slice(text.indexOf('{', text.indexOf('"response"')), text.lastIndexOf('}')).trim();
};
const sampleEnvelope = (name: string) => readFileSync(join(workspaceRoot, 'libs/costs/fixtures/openai', name), 'utf8');

/*
 * OpenAI's published examples (libs/costs/fixtures/openai): one Costs bucket of 2024-11-01 (1730419200 to 1730505600)
 * with one result of 0.06 usd, and one completions Usage bucket of the same day with 1000 input tokens (400 cached),
 * 500 output tokens and 5 requests.
 */
const COSTS = samplePage('organization_costs.example.json');
const USAGE = samplePage('organization_usage_completions.example.json');
const EMBEDDINGS = samplePage('organization_usage_embeddings.example.json');
const AMOUNT = Decimal.of(/"value":\s*([0-9.]+)/.exec(COSTS)![1]);
const LIMIT_BYTES = 64 * 1024;
const JSON_TYPE = { 'content-type': 'application/json' };

interface CreatedFromExport {
  sandboxId: string;
  token: string;
  file: OpenAiExportLoaded;
}

describe('Sandboxes API: an OpenAI usage export, on PostgreSQL and Temporal', () => {
  let stack: SandboxStack;
  let api: ApiUnderTest;
  let pg: Pg;

  beforeAll(async () => {
    stack = await startSandboxStack(50);
    ({ api, pg } = stack);
  }, 120_000);
  afterAll(() => stack?.stop());

  const upload = (body: Buffer | string, headers: Record<string, string> = JSON_TYPE, fileName = 'openai-costs.json') =>
    fetch(`${api.url}/api/v1/sandboxes?fileName=${encodeURIComponent(fileName)}`, { method: 'POST', headers, body });
  const view = (token: string) => api.call('GET', '/sandboxes/current', { headers: { 'x-sandbox-token': token } });
  const finished = (token: string) =>
    waitFor(
      async () => (await readJson(await view(token))) as SandboxView,
      (sandbox) => sandbox.run.status !== 'admitted' && sandbox.run.status !== 'running' && (sandbox.report !== null || sandbox.run.status !== 'succeeded'),
      { timeoutMs: 60_000, what: 'the sandbox run to finish' },
    );
  const count = async (sql: string) => (await pg.query(sql)).rows[0].n as number;
  const stored = async () => ({
    organizations: await count('SELECT count(*)::int AS n FROM organizations'),
    users: await count('SELECT count(*)::int AS n FROM users'),
    sandboxes: await count('SELECT count(*)::int AS n FROM sandboxes'),
    connections: await count('SELECT count(*)::int AS n FROM cost_connections'),
    costSources: await count('SELECT count(*)::int AS n FROM cost_sources'),
    stagedPages: await count('SELECT count(*)::int AS n FROM cost_source_pages'),
    costRows: await count('SELECT count(*)::int AS n FROM cost_rows'),
  });
  const rowsOf = async (sandboxId: string) =>
    (
      await pg.query(
        `SELECT r.source_page, r.source_row, r.billed_cost::text, r.effective_cost::text, r.list_cost::text, r.billing_account_id, r.billing_currency,
                r.provider_name, r.service_name, r.charge_category, r.charge_period_start, r.charge_period_end, r.model, r.is_ai,
                r.input_tokens::text, r.output_tokens::text, r.cached_tokens::text, r.requests::text,
                c.provider, c.name AS connection, c.status AS connection_status, c.credentials_ciphertext, src.kind, src.status AS source_status, src.row_count
           FROM sandboxes s JOIN cost_rows r ON r.org_id = s.org_id
           JOIN cost_connections c ON c.id = r.connection_id JOIN cost_sources src ON src.id = r.source_id AND src.id = s.cost_source_id
          WHERE s.id = $1 ORDER BY r.source_page, r.source_row`,
        [sandboxId],
      )
    ).rows;

  const DAY_START = new Date(1730419200 * 1000);
  const DAY_END = new Date(1730505600 * 1000);
  const openAiRow = { billing_account_id: null, list_cost: null, provider_name: 'OpenAI', service_name: 'OpenAI API', charge_category: 'Usage', charge_period_start: DAY_START, charge_period_end: DAY_END, is_ai: true };
  const openAiSource = { provider: 'openai', connection: 'OpenAI usage export', connection_status: 'disconnected', credentials_ciphertext: null, kind: 'api', source_status: 'loaded' };

  it('analyses a Costs page: its amount stored as the OpenAI connection stores it, and the measured spend from it', async () => {
    const response = await upload(COSTS);
    expect(response.status).toBe(201);
    const created = (await readJson(response)) as CreatedFromExport;
    expect(created.file).toEqual({
      sourceId: expect.any(String),
      connectionId: expect.any(String),
      fileName: 'openai-costs.json',
      format: 'openai-usage-export',
      rowCount: 1,
      periodStart: '2024-11-01T00:00:00.000Z',
      periodEnd: '2024-11-02T00:00:00.000Z',
      totals: [{ currency: 'USD', rowCount: 1, billedCost: AMOUNT.toString(), effectiveCost: AMOUNT.toString() }],
      pages: { costs: 1, usage: 0 },
    });

    // Billed = effective = the amount, no list cost and no billing account: the connection's conventions.
    const rows = await rowsOf(created.sandboxId);
    expect(rows).toEqual([{ ...openAiRow, ...openAiSource, row_count: 1, source_page: '1', source_row: 1, billed_cost: expect.any(String), effective_cost: expect.any(String), billing_currency: 'USD', model: null, input_tokens: null, output_tokens: null, cached_tokens: null, requests: null }]);
    expect(Decimal.of(rows[0].billed_cost).eq(AMOUNT)).toBe(true);
    expect(Decimal.of(rows[0].effective_cost).eq(AMOUNT)).toBe(true);

    const sandbox = await finished(created.token);
    expect(sandbox.file).toEqual({ fileName: 'openai-costs.json', rowCount: 1, periodStart: '2024-11-01T00:00:00.000Z', periodEnd: '2024-11-02T00:00:00.000Z' });
    expect(sandbox.run.status).toBe('succeeded');
    // The sample names no model: the analysis reports the spend, prices nothing and claims no saving.
    expect(sandbox.report).toMatchObject({ status: 'analysed', findings: [], potentialMonthlySavings: [] });
    expect(sandbox.report!.summary).toContain(`Apex analysed 1 cost rows of the last 30 days, $${AMOUNT.toFixed(2)} of AI spend`);
    expect(sandbox.report!.unpriced).toEqual([expect.objectContaining({ provider: 'OpenAI', amount: AMOUNT.toString(), rowCount: 1 })]);
    expect(sandbox.roi.spend).toMatchObject({ measured: AMOUNT.toFixed(2), rowCount: 1 });
    expect(sandbox.roi.verified).toMatchObject({ status: 'nothing_verified', monthly: null });
  });

  it('on sign-up with the sandbox token, the account keeps the export under a disconnected OpenAI connection that never syncs', async () => {
    const created = (await readJson(await upload(COSTS, JSON_TYPE, 'keep-openai.json'))) as CreatedFromExport;
    await finished(created.token);
    const signUp = await api.call('POST', '/auth/signup', {
      body: { email: 'openai@keeps.example', password: 'correct horse battery', name: 'Olga Prospect', organizationName: 'Exports Ltd', sandboxToken: created.token },
    });
    expect(signUp.status).toBe(202);
    const { accessToken } = await readJson(await api.call('POST', '/auth/login', { body: { email: 'openai@keeps.example', password: 'correct horse battery' } }));

    const connections = await readJson(await api.call('GET', '/cost-connections', { token: accessToken }));
    expect(connections).toEqual([
      expect.objectContaining({ id: created.file.connectionId, provider: 'openai', name: 'OpenAI usage export', status: 'disconnected', syncEvery: null, lastSyncedAt: expect.any(String) }),
    ]);
    const roi = await readJson(await api.call('GET', '/roi', { token: accessToken }));
    expect(roi.spend).toMatchObject({ measured: AMOUNT.toFixed(2), rowCount: 1 });
  });

  it('reads costs and completions usage together, named .json and gzipped: the tokens beside the money, nothing counted twice', async () => {
    const both = `{"costs": ${COSTS}, "usage": [${USAGE}]}`;
    const response = await upload(gzipSync(both), { 'content-type': 'application/gzip' }, 'openai-export.json.gz');
    expect(response.status).toBe(201);
    const created = (await readJson(response)) as CreatedFromExport;
    expect(created.file).toMatchObject({ fileName: 'openai-export.json.gz', rowCount: 2, pages: { costs: 1, usage: 1 } });
    // The usage row carries no money: the day's total stays the Costs amount.
    expect(created.file.totals).toEqual([{ currency: 'USD', rowCount: 2, billedCost: AMOUNT.plus(0).toString(), effectiveCost: AMOUNT.plus(0).toString() }]);

    const rows = await rowsOf(created.sandboxId);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ ...openAiRow, ...openAiSource, source_page: '1', source_row: 1, input_tokens: null });
    expect(rows[1]).toEqual({
      ...openAiRow,
      ...openAiSource,
      row_count: 2,
      source_page: '2',
      source_row: 1,
      billed_cost: expect.any(String),
      effective_cost: expect.any(String),
      billing_currency: 'USD',
      model: null,
      input_tokens: '1000',
      output_tokens: '500',
      cached_tokens: '400',
      requests: '5',
    });
    expect(Decimal.of(rows[1].billed_cost).isZero() && Decimal.of(rows[1].effective_cost).isZero()).toBe(true);

    const sandbox = await finished(created.token);
    expect(sandbox.file.rowCount).toBe(2);
    expect(sandbox.roi.spend).toMatchObject({ measured: AMOUNT.toFixed(2) });
  });

  it('reads an array of pages sent as a .json file of a generic type', async () => {
    const response = await upload(`[${USAGE}, ${COSTS}]`, { 'content-type': 'application/octet-stream' }, 'pages.json');
    expect(response.status).toBe(201);
    const created = (await readJson(response)) as CreatedFromExport;
    // Costs first, as the connection fetches them.
    expect(created.file).toMatchObject({ rowCount: 2, pages: { costs: 1, usage: 1 } });
    expect((await rowsOf(created.sandboxId)).map((row) => [row.source_page, row.input_tokens])).toEqual([
      ['1', null],
      ['2', '1000'],
    ]);
  });

  it('refuses malformed JSON and JSON of the wrong shape with every reason, and stores nothing', async () => {
    const before = await stored();

    const malformed = await expectProblem(await upload(COSTS.slice(0, 120)), 422, 'cost-file-invalid');
    expect(malformed.detail).toBe('openai-costs.json has 1 problem. Nothing of it was stored: correct the file and upload it again.');
    expect(malformed.errors).toEqual([expect.objectContaining({ file: 'openai-costs.json', line: null, column: null, message: expect.stringContaining('The file is not valid JSON') })]);

    // The published example as it is: the page is under "response", among keys that are no part of an export.
    const envelope = await expectProblem(await upload(sampleEnvelope('organization_costs.example.json')), 422, 'cost-file-invalid');
    expect(envelope.errors.map((error: { column: string }) => error.column)).toEqual(['_source', 'request_curl', 'response']);
    expect(envelope.errors[0].message).toContain('the object may hold only "costs" and "usage"');

    const textAmount = COSTS.replace(/"value":\s*[0-9.]+/, '"value": "0.06"').replace('"has_more": false', '"has_more": "no"');
    const wrongTypes = await expectProblem(await upload(`{"costs": [${textAmount}]}`), 422, 'cost-file-invalid');
    expect(wrongTypes.errors).toEqual([
      expect.objectContaining({ column: 'costs[0].data[0].results[0].amount.value', message: 'must be the amount as a JSON number' }),
      expect.objectContaining({ column: 'costs[0].has_more', message: 'must be true or false' }),
    ]);

    const usageAsCosts = await expectProblem(await upload(`{"costs": ${USAGE}}`), 422, 'cost-file-invalid');
    expect(usageAsCosts.errors[0]).toMatchObject({ column: 'costs.data[0].results[0].object', message: 'must be "organization.costs.result" in a Costs page' });

    const embeddings = await expectProblem(await upload(EMBEDDINGS), 422, 'cost-file-invalid');
    expect(embeddings.errors[0]).toMatchObject({ column: 'data[0].results[0].object', message: expect.stringContaining('must be "organization.costs.result" or "organization.usage.completions.result"') });

    const twice = await expectProblem(await upload(`[${COSTS}, ${COSTS}]`), 422, 'cost-file-invalid');
    expect(twice.errors).toEqual([expect.objectContaining({ column: '[1].data[0].results[0]', message: expect.stringContaining('repeats [0].data[0].results[0]') })]);

    const empty = await expectProblem(await upload('{"object": "page", "data": [], "has_more": false, "next_page": null}'), 422, 'cost-file-invalid');
    expect(empty.errors[0].message).toContain('The export holds no results');

    const number = await expectProblem(await upload('42'), 422, 'cost-file-invalid');
    expect(number.errors[0].message).toContain('The JSON is a number');

    expect(await stored()).toEqual(before);
  });

  it('refuses an export over the limit (413) and a type it does not read (415), and stores nothing', async () => {
    const before = await stored();
    const big = `[${COSTS}${`, ${COSTS}`.repeat(Math.ceil(LIMIT_BYTES / COSTS.length))}]`;
    expect(Buffer.byteLength(big)).toBeGreaterThan(LIMIT_BYTES);
    const tooLarge = await expectProblem(await upload(big), 413, 'payload-too-large');
    expect(tooLarge).toMatchObject({ limitBytes: LIMIT_BYTES, detail: expect.stringContaining('nothing was stored') });

    const inflated = await expectProblem(await upload(gzipSync(big), { 'content-type': 'application/gzip' }, 'big.json.gz'), 413, 'payload-too-large');
    expect(inflated.detail).toContain('The file inflates to more than');

    const yaml = await expectProblem(await upload(COSTS, { 'content-type': 'application/yaml' }, 'costs.yaml'), 415, 'unsupported-media-type');
    expect(yaml.detail).toContain('application/json, or a .json file name');
    const latin1 = await expectProblem(await upload(COSTS, { 'content-type': 'application/json; charset=iso-8859-1' }), 415, 'unsupported-media-type');
    expect(latin1.detail).toContain('charset=iso-8859-1');

    expect(await stored()).toEqual(before);
  });
});
