import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCostCredentials } from '../../credentials/cost-credentials';
import { parseConnectionSettings } from '../connection-settings';
import { ExpiredPageTokenError, PermanentConnectorError, RetryableConnectorError } from '../connector-errors';
import { sumDecimals } from '../shared/decimal';
import { LocalReply, LocalServer, RecordedRequest, startLocalServer } from '../testing/local-http-server';
import { AzureCostManagementConnector } from './azure-cost-management.connector';

const CLIENT_SECRET = 'Qx8Q~azureClientSecretValue.doNotLog';
const TENANT = '11111111-2222-3333-4444-555555555555';
const credentials = parseCostCredentials('azure', { tenantId: TENANT, clientId: '66666666-7777-8888-9999-000000000000', clientSecret: CLIENT_SECRET });
const settings = parseConnectionSettings('azure', { scope: '/providers/Microsoft.Billing/billingAccounts/70664866' });
const period = { start: '2018-03-01', end: '2018-04-01' };
const QUERY_PATH = '/providers/Microsoft.Billing/billingAccounts/70664866/providers/Microsoft.CostManagement/query';

/** The 2023-11-01 BillingAccountQuery example body, as Azure sends it, with its nextLink pointing at the local server. */
function firstPageText(baseUrl: string): string {
  const sample = readFileSync(join(__dirname, '../../../fixtures/azure/azure-rest-api-specs__BillingAccountQuery.json'), 'utf8');
  const body = sample.slice(sample.indexOf('"body": {') + '"body": '.length, sample.lastIndexOf('"204"'));
  return body.trim().replace(/},?\s*$/, '').replace('https://management.azure.com', baseUrl);
}

const secondPage = {
  properties: {
    nextLink: null,
    columns: [
      { name: 'Cost', type: 'Number' },
      { name: 'UsageDate', type: 'Number' },
      { name: 'ServiceName', type: 'String' },
      { name: 'Meter', type: 'String' },
      { name: 'Currency', type: 'String' },
    ],
    rows: [[2.5, 20180331, 'Azure OpenAI', 'gpt-4o-0513-Outp-glbl Tokens', 'USD']],
  },
};

const tokenReply: LocalReply = { body: { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: 'eyJ0eXAiOiJKV1Qi.local-token.sig' } };

describe('Azure Cost Management connector against a local sign-in and query server', () => {
  let server: LocalServer;
  let query: (request: RecordedRequest) => LocalReply;
  let signIn: () => LocalReply;
  const connector = () =>
    new AzureCostManagementConnector(credentials, settings, { loginBaseUrl: server.url, managementBaseUrl: server.url, requestTimeoutMs: 5_000 });
  const queryRequests = () => server.requests.filter((request) => request.url.pathname === QUERY_PATH);

  beforeAll(async () => {
    server = await startLocalServer((request) => (request.url.pathname.endsWith('/oauth2/v2.0/token') ? signIn() : query(request)));
  });
  beforeEach(() => {
    server.requests.length = 0;
    signIn = () => tokenReply;
    query = (request) =>
      request.url.searchParams.has('$skiptoken')
        ? { body: secondPage }
        : { headers: { 'content-type': 'application/json' }, body: firstPageText(server.url) };
  });
  afterAll(() => server.close());

  it('signs in once with client credentials and follows nextLink to the last page, keeping Azure amounts exact', async () => {
    const azure = connector();
    const first = await azure.fetchPage(period, null);
    const second = await azure.fetchPage(period, first.nextPageToken);

    expect(first.nextPageToken).toBe(`${server.url}${QUERY_PATH.replace('query', 'Query')}?api-version=2021-10-01&$skiptoken=AQAAAA%3D%3D`);
    expect(second.nextPageToken).toBeNull();
    const rows = [...first.rows, ...second.rows];
    expect(sumDecimals(rows.map((row) => row.billedCost))).toBe('215.99134985110247865');
    expect(rows.at(-1)).toMatchObject({ serviceName: 'Azure OpenAI', chargeDescription: 'gpt-4o-0513-Outp-glbl Tokens', isAi: true });

    const tokenRequests = server.requests.filter((request) => request.url.pathname === `/${TENANT}/oauth2/v2.0/token`);
    expect(tokenRequests).toHaveLength(1);
    expect(Object.fromEntries(new URLSearchParams(tokenRequests[0].body))).toEqual({
      grant_type: 'client_credentials',
      client_id: '66666666-7777-8888-9999-000000000000',
      client_secret: CLIENT_SECRET,
      scope: 'https://management.azure.com/.default',
    });
    const queries = server.requests.filter((request) => request.method === 'POST' && request.url.pathname.toLowerCase() === QUERY_PATH.toLowerCase());
    expect(queries).toHaveLength(2);
    expect(queries[0].url.searchParams.get('api-version')).toBe('2023-11-01');
    expect(queries[0].headers.authorization).toBe('Bearer eyJ0eXAiOiJKV1Qi.local-token.sig');
    expect(JSON.parse(queries[0].body)).toEqual({
      type: 'AmortizedCost',
      timeframe: 'Custom',
      timePeriod: { from: '2018-03-01T00:00:00Z', to: '2018-03-31T23:59:59Z' },
      dataset: {
        granularity: 'Daily',
        aggregation: { totalCost: { name: 'Cost', function: 'Sum' } },
        grouping: [
          { type: 'Dimension', name: 'ServiceName' },
          { type: 'Dimension', name: 'Meter' },
        ],
      },
    });
    expect(queries[1].body).toBe(queries[0].body);
  });

  it('classifies a 429 as retryable with the wait from Cost Management retry-after headers', async () => {
    query = () => ({
      status: 429,
      headers: { 'x-ms-ratelimit-microsoft.costmanagement-qpu-retry-after': '7', 'x-ms-ratelimit-microsoft.costmanagement-entity-retry-after': '2' },
      body: { error: { code: '429', message: 'Too many requests. Please retry.' } },
    });

    const failure = await connector().fetchPage(period, null).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(RetryableConnectorError);
    expect(failure).toMatchObject({ retryAfterMs: 7000, message: 'Azure Cost Management query is throttled (HTTP 429): Too many requests. Please retry.' });
  });

  it('classifies a 5xx answer as retryable', async () => {
    query = () => ({ status: 503, body: { error: { code: 'ServiceUnavailable', message: 'The service is unavailable.' } } });

    await expect(connector().fetchPage(period, null)).rejects.toMatchObject({ retryable: true, retryAfterMs: null });
  });

  it('turns a rejected client secret into an actionable message without the secret', async () => {
    signIn = () => ({
      status: 401,
      body: {
        error: 'invalid_client',
        error_description:
          "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '66666666-7777-8888-9999-000000000000'.\r\nTrace ID: 0f3c\r\nCorrelation ID: 9a1b",
        error_codes: [7000215],
      },
    });

    const failure = await connector().verify().catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(PermanentConnectorError);
    expect(failure).toMatchObject({ reason: 'credentials', provider: 'azure' });
    expect((failure as Error).message).toMatch(/^Azure rejected the app registration's credentials: AADSTS7000215: Invalid client secret provided\..*'\.$/);
    expect(JSON.stringify(failure)).not.toContain(CLIENT_SECRET);
    expect((failure as Error).message).not.toContain(CLIENT_SECRET);
    expect(queryRequests()).toHaveLength(0);
  });

  it('names the missing role when the app registration may not read costs', async () => {
    query = () => ({
      status: 403,
      body: { error: { code: 'AuthorizationFailed', message: "The client '6666' does not have authorization to perform action 'Microsoft.CostManagement/query/action'." } },
    });

    await expect(connector().verify()).rejects.toMatchObject({
      reason: 'permission',
      message: expect.stringContaining('assign it the Cost Management Reader role'),
    });
  });

  it('refuses to send the bearer token to a page link on another host', async () => {
    const failure = await connector()
      .fetchPage(period, `https://attacker.example${QUERY_PATH}?$skiptoken=x`)
      .catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(ExpiredPageTokenError);
    expect(server.requests).toHaveLength(0);
  });

  it('tells a skiptoken Azure no longer accepts apart from other failures', async () => {
    query = () => ({ status: 400, body: { error: { code: 'BadRequest', message: 'Invalid $skiptoken value in the request.' } } });

    await expect(connector().fetchPage(period, `${server.url}${QUERY_PATH}?api-version=2023-11-01&$skiptoken=stale`)).rejects.toBeInstanceOf(
      ExpiredPageTokenError,
    );
    expect(queryRequests()).toHaveLength(1);
  });
});
