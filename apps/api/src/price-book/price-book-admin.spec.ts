import { readFileSync } from 'node:fs';
import { Client as Pg } from 'pg';
import type { PriceBookDiff, PriceBookVersionDetail, PriceBookVersionView } from '@apex/contracts';
import { ProblemType } from '@apex/contracts';
import { BUNDLED_PRICE_FILES } from '@apex/pricing';
import { ApiOnTestDatabase, startApiOnTestDatabase } from '../testing/api-on-test-database';
import { ApiUnderTest } from '../testing/api-under-test';
import { signUpSession } from '../testing/signed-up-session';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const readJson = (response: Response): Promise<any> => response.json();

const litellm = readFileSync(BUNDLED_PRICE_FILES.litellm, 'utf8');
const genaiPrices = readFileSync(BUNDLED_PRICE_FILES.genaiPrices, 'utf8');

/** The bundled LiteLLM file with gpt-4o's input price cut from 2.5e-06 to 2e-06 a token, as a publisher's next release might. */
function withCheaperGpt4o(): string {
  const file = JSON.parse(litellm);
  file['gpt-4o'].input_cost_per_token = 2e-6;
  return JSON.stringify(file);
}

describe("Operators' price book: import a version, see its diff against the active one, activate it", () => {
  let started: ApiOnTestDatabase;
  let api: ApiUnderTest;
  let pg: Pg;
  let operator: string;
  let customer: string;

  const versions = async (): Promise<PriceBookVersionView[]> => readJson(await api.call('GET', '/admin/price-book/versions', { token: operator }));

  beforeAll(async () => {
    started = await startApiOnTestDatabase();
    api = started.api;
    pg = new Pg({ connectionString: started.database.url });
    await pg.connect();
    operator = (await signUpSession(api, 'operator@apex.test')).token;
    await pg.query("UPDATE users SET is_operator = true WHERE email = 'operator@apex.test'");
    customer = (await signUpSession(api, 'customer@example.com')).token;
  });
  afterAll(async () => {
    await pg?.end();
    await started?.stop();
  });

  it('shows version 1, imported from the bundled files on first start, with its sources and what the import decided', async () => {
    const [v1] = await versions();
    expect(v1).toMatchObject({ version: 1, status: 'active', entryCount: expect.any(Number), quarantinedCount: expect.any(Number) });
    expect(v1.sources.map((s) => s.licence)).toEqual(['MIT', 'MIT']);
    const detail: PriceBookVersionDetail = await readJson(await api.call('GET', '/admin/price-book/versions/1', { token: operator }));
    expect(detail.quarantined).toContainEqual(expect.objectContaining({ entry: 'claude-3-haiku-20240307', field: 'cacheWrite1hMtok' }));
    expect(detail.rules.every((rule) => rule.sourceUrl.startsWith('https://'))).toBe(true);
  });

  it('imports a draft, diffs it field by field against the active version, and activates it', async () => {
    const imported = await api.call('POST', '/admin/price-book/versions', { token: operator, body: { litellm: withCheaperGpt4o(), genaiPrices } });
    expect(imported.status).toBe(201);
    expect(await readJson(imported)).toMatchObject({ version: 2, status: 'draft' });
    expect((await versions()).find((v) => v.status === 'active')!.version).toBe(1);

    const diff: PriceBookDiff = await readJson(await api.call('GET', '/admin/price-book/versions/2/diff', { token: operator }));
    expect(diff).toMatchObject({ from: 1, to: 2, added: [], removed: [] });
    expect(diff.changed).toContainEqual({ provider: 'openai', model: 'gpt-4o', field: 'inputMtok', before: '2.5', after: '2' });
    expect(diff.changed.every((c) => c.model === 'gpt-4o' || c.model.startsWith('gpt-4o'))).toBe(true);

    const activated = await api.call('POST', '/admin/price-book/versions/2/activate', { token: operator, body: {} });
    expect(activated.status).toBe(200);
    expect(await readJson(activated)).toMatchObject({ version: 2, status: 'active', activatedAt: expect.any(String) });
    expect((await versions()).map((v) => [v.version, v.status])).toEqual([
      [2, 'active'],
      [1, 'retired'],
    ]);
  });

  it('refuses a file of the wrong shape or with a negative price, naming entry and field, and the active version stays', async () => {
    const negative = JSON.parse(litellm);
    negative['gpt-4o-mini'].output_cost_per_token = -0.0000006;
    for (const [body, field] of [
      [{ litellm: JSON.stringify(negative), genaiPrices }, 'litellm.gpt-4o-mini.output_cost_per_token'],
      [{ litellm: '[]', genaiPrices }, 'litellm'],
      [{ litellm, genaiPrices: '{"not": "json"' }, 'genaiPrices'],
    ] as const) {
      const response = await api.call('POST', '/admin/price-book/versions', { token: operator, body });
      expect(response.status).toBe(400);
      const problem = await readJson(response);
      expect(problem).toMatchObject({ type: ProblemType.priceFileInvalid, detail: expect.stringContaining('active version stays') });
      expect(problem.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    expect((await versions()).map((v) => [v.version, v.status])).toEqual([
      [2, 'active'],
      [1, 'retired'],
    ]);
    expect((await api.call('GET', '/admin/price-book/versions/9/diff', { token: operator })).status).toBe(404);
    expect((await api.call('POST', '/admin/price-book/versions/nine/activate', { token: operator, body: {} })).status).toBe(404);
  });

  it('keeps every price-book route from customers', async () => {
    for (const [method, path, body] of [
      ['GET', '/admin/price-book/versions', undefined],
      ['GET', '/admin/price-book/versions/1', undefined],
      ['GET', '/admin/price-book/versions/1/diff', undefined],
      ['POST', '/admin/price-book/versions/1/activate', {}],
      ['POST', '/admin/price-book/versions', { litellm, genaiPrices }],
    ] as const) {
      expect((await api.call(method, path, { token: customer, body })).status).toBe(403);
    }
    expect((await versions())[0]).toMatchObject({ version: 2, status: 'active' });
  });
});
