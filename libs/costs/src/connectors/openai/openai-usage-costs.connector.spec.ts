import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CanonicalCostRow } from '@apex/contracts';
import { parseCostCredentials } from '../../credentials/cost-credentials';
import { ExpiredPageTokenError, PermanentConnectorError, RetryableConnectorError } from '../connector-errors';
import type { CostPage } from '../cost-connector';
import { sumDecimals } from '../shared/decimal';
import { LocalReply, LocalServer, RecordedRequest, startLocalServer } from '../testing/local-http-server';
import { OpenAiUsageCostsConnector } from './openai-usage-costs.connector';

const ADMIN_KEY = 'sk-admin-Zq3VbK8pLr2mXw9TnY4sHj7dFg6aQc1e';
const credentials = parseCostCredentials('openai', { adminKey: ADMIN_KEY });
const period = { start: '2024-11-01', end: '2024-11-03' };
const sampleText = (name: string) => {
  const text = readFileSync(join(__dirname, '../../../fixtures/openai', name), 'utf8');
  return JSON.stringify(JSON.parse(text).response);
};

const bucket = (day: number, results: object[]) => ({ object: 'bucket', start_time: 1730419200 + day * 86400, end_time: 1730505600 + day * 86400, results });
const cost = (value: number, lineItem: string) => ({
  object: 'organization.costs.result',
  amount: { value, currency: 'usd' },
  line_item: lineItem,
  project_id: 'proj_abc',
  quantity: null,
  quantity_unit: null,
});

function openAi(request: RecordedRequest): LocalReply {
  const page = request.url.searchParams.get('page');
  switch (request.url.pathname) {
    case '/v1/organization/costs':
      return page === null
        ? { body: { object: 'page', data: [bucket(0, [cost(1.234567, 'gpt-4o-2024-08-06, input'), cost(0.3, 'web search tool calls')])], has_more: true, next_page: 'page_COSTS2' } }
        : { body: { object: 'page', data: [bucket(1, [cost(2.5, 'gpt-4o-2024-08-06, output')])], has_more: false, next_page: null } };
    case '/v1/organization/usage/completions':
      return page === null
        ? { body: sampleText('organization_usage_completions.example.json') }
        : {
            body: {
              object: 'page',
              data: [bucket(1, [{ object: 'organization.usage.completions.result', input_tokens: 120000, output_tokens: 30000, input_cached_tokens: 20000, num_model_requests: 42, project_id: 'proj_abc', model: 'gpt-4o-2024-08-06' }])],
              has_more: false,
              next_page: null,
            },
          };
    case '/v1/organization/usage/embeddings':
      return { body: sampleText('organization_usage_embeddings.example.json') };
    default:
      return { status: 404, body: { error: { message: 'not found', type: 'invalid_request_error' } } };
  }
}

describe('OpenAI usage and costs connector against a local OpenAI', () => {
  let server: LocalServer;
  let reply: (request: RecordedRequest) => LocalReply;
  const connector = () => new OpenAiUsageCostsConnector(credentials, { baseUrl: server.url, requestTimeoutMs: 5_000 });

  beforeAll(async () => {
    server = await startLocalServer((request) => reply(request));
  });
  beforeEach(() => {
    server.requests.length = 0;
    reply = openAi;
  });
  afterAll(() => server.close());

  async function fetchAll(): Promise<CostPage[]> {
    const pages: CostPage[] = [];
    let token: string | null = null;
    do {
      const page = await connector().fetchPage(period, token);
      pages.push(page);
      token = page.nextPageToken;
    } while (token);
    return pages;
  }

  it('reads costs, then completions and embeddings usage, following next_page on each', async () => {
    const pages = await fetchAll();

    expect(server.requests.map((request) => `${request.url.pathname} ${request.url.searchParams.get('page') ?? '-'}`)).toEqual([
      '/v1/organization/costs -',
      '/v1/organization/costs page_COSTS2',
      '/v1/organization/usage/completions -',
      '/v1/organization/usage/completions page_AAAAAGdGxdEiJdKOAAAAAGcqsYA=',
      '/v1/organization/usage/embeddings -',
    ]);
    expect(pages[pages.length - 1].nextPageToken).toBeNull();
    const first = server.requests[0];
    expect(first.headers.authorization).toBe(`Bearer ${ADMIN_KEY}`);
    expect(first.url.searchParams.getAll('group_by')).toEqual(['line_item', 'project_id']);
    expect(Object.fromEntries([...first.url.searchParams].filter(([name]) => name !== 'group_by'))).toEqual({
      start_time: '1730419200',
      end_time: '1730592000',
      bucket_width: '1d',
      limit: '31',
    });
    expect(server.requests[2].url.searchParams.getAll('group_by')).toEqual(['model', 'project_id']);

    const rows = pages.flatMap((page) => page.rows);
    expect(rows.every((row) => row.providerName === 'OpenAI' && row.isAi)).toBe(true);
    expect(sumDecimals(rows.map((row) => row.billedCost))).toBe('4.034567');
  });

  it('puts cost and tokens of a model on rows that join by model and day, without estimating either', async () => {
    const rows = (await fetchAll()).flatMap((page) => page.rows);
    const ofModel = (day: string, predicate: (row: CanonicalCostRow) => boolean) =>
      rows.filter((row) => row.model === 'gpt-4o-2024-08-06' && row.chargePeriodStart.startsWith(day) && predicate(row));

    const costRows = ofModel('2024-11-0', (row) => row.billedCost !== '0');
    const usageRows = ofModel('2024-11-02', (row) => row.inputTokens !== null);
    expect(sumDecimals(costRows.map((row) => row.billedCost))).toBe('3.734567');
    expect(costRows.every((row) => row.inputTokens === null)).toBe(true);
    expect(usageRows).toEqual([
      expect.objectContaining({ billedCost: '0', inputTokens: '120000', outputTokens: '30000', cachedTokens: '20000', requests: '42', subAccountId: 'proj_abc' }),
    ]);
    expect(rows.find((row) => row.chargeDescription === 'web search tool calls')).toMatchObject({ model: null, billedCost: '0.3' });
  });

  it('turns a rejected admin key into an actionable message without the key', async () => {
    reply = () => ({
      status: 401,
      body: { error: { message: `Incorrect API key provided: ${ADMIN_KEY}. You can find your API key at https://platform.openai.com/account/api-keys.`, type: 'invalid_request_error', code: 'invalid_api_key' } },
    });

    const failure = await connector().verify().catch((error: unknown) => error);

    expect(server.requests).toHaveLength(1);
    expect(failure).toBeInstanceOf(PermanentConnectorError);
    expect(failure).toMatchObject({ reason: 'credentials', provider: 'openai' });
    expect((failure as Error).message).toBe(
      'OpenAI rejected the admin key: Incorrect API key provided: [redacted]. You can find your API key at https://platform.openai.com/account/api-keys.',
    );
    expect(JSON.stringify(failure)).not.toContain(ADMIN_KEY.slice(9));
  });

  it('asks for an admin key when a project key is refused', async () => {
    reply = () => ({ status: 403, body: { error: { message: 'You have insufficient permissions for this operation. Missing scopes: api.usage.read.', type: 'invalid_request_error' } } });

    await expect(connector().verify()).rejects.toMatchObject({ reason: 'permission', message: expect.stringContaining('use an organization admin key') });
  });

  it('classifies 429 (with retry-after) and 5xx answers as retryable', async () => {
    reply = () => ({ status: 429, headers: { 'retry-after': '20' }, body: { error: { message: 'Rate limit reached for requests', type: 'requests' } } });
    await expect(connector().fetchPage(period, null)).rejects.toMatchObject({ retryAfterMs: 20_000 });

    reply = () => ({ status: 502, body: '<html>Bad gateway</html>' });
    await expect(connector().fetchPage(period, null)).rejects.toBeInstanceOf(RetryableConnectorError);
  });

  it('reports a cursor OpenAI no longer accepts, or a token it did not issue, as an expired page token', async () => {
    const first = await connector().fetchPage(period, null);
    reply = () => ({ status: 400, body: { error: { message: 'Invalid page cursor.', type: 'invalid_request_error', param: 'page' } } });

    await expect(connector().fetchPage(period, first.nextPageToken)).rejects.toBeInstanceOf(ExpiredPageTokenError);
    await expect(connector().fetchPage(period, 'eyJzdGFnZSI6OX0')).rejects.toBeInstanceOf(ExpiredPageTokenError);
  });
});
