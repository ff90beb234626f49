import { generateKeyPairSync, verify } from 'node:crypto';
import { parseCostCredentials } from '../../credentials/cost-credentials';
import { parseConnectionSettings } from '../connection-settings';
import { ExpiredPageTokenError, PermanentConnectorError, RetryableConnectorError } from '../connector-errors';
import type { CostPage } from '../cost-connector';
import { sumDecimals } from '../shared/decimal';
import { LocalReply, LocalServer, RecordedRequest, startLocalServer } from '../testing/local-http-server';
import { GcpBillingExportConnector } from './gcp-billing-export.connector';
import { kokuExportRows } from './koku-export-sample';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PRIVATE_KEY_PEM = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const keyFile = {
  type: 'service_account',
  project_id: 'apex-billing-reader',
  private_key_id: 'f00dfeed0123456789',
  private_key: PRIVATE_KEY_PEM,
  client_email: 'cost-reader@apex-billing-reader.iam.gserviceaccount.com',
  client_id: '1234567890',
  token_uri: 'https://attacker.example/token',
};
const credentials = parseCostCredentials('gcp', { serviceAccountKey: JSON.stringify(keyFile) });
const settings = parseConnectionSettings('gcp', { table: 'billing-example-00000.billing.gcp_billing_export_v1_000000_B0BBA4_940A77' });
const period = { start: '2020-11-01', end: '2020-12-01' };
const JOBS_PATH = '/bigquery/v2/projects/apex-billing-reader/queries';

/** The sample rows as TO_JSON_STRING renders them: numbers bare, as BigQuery writes FLOAT64. */
const sampleRows = kokuExportRows('koku__gcp_billing_export_2020-11.csv').map((row) => ({
  f: [{ v: JSON.stringify(row).replace(/"(cost|amount|amount_in_pricing_units|currency_conversion_rate)":"(-?[\d.]+(?:e[+-]?\d+)?)"/gi, '"$1":$2') }],
}));
const jobReference = { projectId: 'apex-billing-reader', jobId: 'job_Q1w2E3r4', location: 'US' };
const schema = { fields: [{ name: 'row', type: 'STRING', mode: 'NULLABLE' }] };

function jwtClaims(assertion: string): Record<string, unknown> {
  const [header, payload, signature] = assertion.split('.');
  const valid = verify('RSA-SHA256', Buffer.from(`${header}.${payload}`), publicKey, Buffer.from(signature, 'base64url'));
  if (!valid) throw new Error('bad JWT signature');
  return { ...JSON.parse(Buffer.from(header, 'base64url').toString()), ...JSON.parse(Buffer.from(payload, 'base64url').toString()) };
}

async function fetchAll(connector: GcpBillingExportConnector): Promise<CostPage[]> {
  const pages: CostPage[] = [];
  let token: string | null = null;
  do {
    const page = await connector.fetchPage(period, token);
    pages.push(page);
    token = page.nextPageToken;
  } while (token);
  return pages;
}

describe('GCP billing export connector against a local Google sign-in and BigQuery', () => {
  let server: LocalServer;
  let bigQuery: (request: RecordedRequest) => LocalReply;
  let signIn: (request: RecordedRequest) => LocalReply;
  const connector = () =>
    new GcpBillingExportConnector(credentials, settings, { tokenUrl: `${server.url}/token`, bigQueryBaseUrl: server.url, requestTimeoutMs: 5_000, pageSize: 20 });
  const bigQueryRequests = () => server.requests.filter((request) => request.url.pathname.startsWith('/bigquery/'));

  beforeAll(async () => {
    server = await startLocalServer((request) => (request.url.pathname === '/token' ? signIn(request) : bigQuery(request)));
  });
  beforeEach(() => {
    server.requests.length = 0;
    signIn = (request) => {
      const form = new URLSearchParams(request.body);
      jwtClaims(form.get('assertion') ?? '');
      return { body: { access_token: 'ya29.local-access-token', expires_in: 3599, token_type: 'Bearer' } };
    };
    bigQuery = (request) => {
      if (request.method === 'POST' && request.url.pathname === JOBS_PATH) {
        const input = JSON.parse(request.body) as { dryRun: boolean };
        if (input.dryRun) return { body: { kind: 'bigquery#queryResponse', schema, jobComplete: true, totalBytesProcessed: '104857' } };
        return { body: { kind: 'bigquery#queryResponse', schema, jobReference, totalRows: '25', rows: sampleRows.slice(0, 20), pageToken: 'BQ-PAGE-2', jobComplete: true } };
      }
      if (request.method === 'GET' && request.url.pathname === `${JOBS_PATH}/job_Q1w2E3r4` && request.url.searchParams.get('pageToken') === 'BQ-PAGE-2') {
        return { body: { kind: 'bigquery#getQueryResultsResponse', schema, jobReference, totalRows: '25', rows: sampleRows.slice(20), jobComplete: true } };
      }
      return { status: 404, body: { error: { code: 404, message: `Not found: ${request.path}`, errors: [{ reason: 'notFound' }], status: 'NOT_FOUND' } } };
    };
  });
  afterAll(() => server.close());

  it('signs in with an RS256 JWT and pages through the query results, keeping the sample totals exact', async () => {
    const pages = await fetchAll(connector());

    expect(pages.map((page) => page.rows.length)).toEqual([20, 5]);
    const rows = pages.flatMap((page) => page.rows);
    expect(sumDecimals(rows.map((row) => row.billedCost))).toBe('0.000032');
    expect(sumDecimals(rows.map((row) => row.effectiveCost))).toBe('0.000000');
    expect(rows.map((row) => row.sourceRow)).toEqual([...Array.from({ length: 20 }, (_, i) => i + 1), 1, 2, 3, 4, 5]);

    const tokenRequests = server.requests.filter((request) => request.url.pathname === '/token');
    expect(tokenRequests).toHaveLength(1);
    const claims = jwtClaims(new URLSearchParams(tokenRequests[0].body).get('assertion') ?? '');
    expect(claims).toMatchObject({
      alg: 'RS256',
      kid: 'f00dfeed0123456789',
      iss: 'cost-reader@apex-billing-reader.iam.gserviceaccount.com',
      aud: `${server.url}/token`,
      scope: 'https://www.googleapis.com/auth/bigquery',
    });
    expect(Number(claims['exp']) - Number(claims['iat'])).toBe(3600);

    const [query, next] = bigQueryRequests();
    expect(query.headers.authorization).toBe('Bearer ya29.local-access-token');
    const body = JSON.parse(query.body);
    expect(body).toMatchObject({
      useLegacySql: false,
      parameterMode: 'NAMED',
      maxResults: 20,
      dryRun: false,
      queryParameters: [
        { name: 'period_start', parameterType: { type: 'TIMESTAMP' }, parameterValue: { value: '2020-11-01 00:00:00+00' } },
        { name: 'period_end', parameterType: { type: 'TIMESTAMP' }, parameterValue: { value: '2020-12-01 00:00:00+00' } },
      ],
    });
    expect(body.query).toContain('FROM `billing-example-00000.billing.gcp_billing_export_v1_000000_B0BBA4_940A77` AS t');
    expect(body.query).toContain('t.usage_start_time >= @period_start AND t.usage_start_time < @period_end');
    expect(next.url.searchParams.get('location')).toBe('US');
  });

  it('waits for a query that is still running without skipping its first page', async () => {
    let calls = 0;
    bigQuery = (request) => {
      calls++;
      if (request.method === 'POST') return { body: { kind: 'bigquery#queryResponse', jobReference, jobComplete: false } };
      if (!request.url.searchParams.has('pageToken')) return { body: { schema, jobReference, rows: sampleRows.slice(0, 3), jobComplete: true } };
      return { status: 500, body: {} };
    };

    const pages = await fetchAll(connector());

    expect(pages.map((page) => page.rows.length)).toEqual([0, 3]);
    expect(calls).toBe(2);
  });

  it('verifies with a dry run of the period query', async () => {
    await connector().verify();

    expect(bigQueryRequests()).toHaveLength(1);
    expect(JSON.parse(bigQueryRequests()[0].body)).toMatchObject({ dryRun: true });
  });

  it('turns a rejected key into an actionable message without the private key', async () => {
    signIn = () => ({ status: 400, body: { error: 'invalid_grant', error_description: 'Invalid JWT Signature.' } });

    const failure = await connector().verify().catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(PermanentConnectorError);
    expect(failure).toMatchObject({ reason: 'credentials' });
    expect((failure as Error).message).toBe(
      'Google rejected the service account key of cost-reader@apex-billing-reader.iam.gserviceaccount.com: Invalid JWT Signature. (invalid_grant)',
    );
    expect(JSON.stringify(failure)).not.toContain('PRIVATE KEY');
    expect(bigQueryRequests()).toHaveLength(0);
  });

  it('names the roles to grant when BigQuery denies access', async () => {
    bigQuery = () => ({
      status: 403,
      body: { error: { code: 403, message: 'Access Denied: Table billing-example-00000:billing.gcp_billing_export_v1: User does not have permission to query table.', errors: [{ reason: 'accessDenied' }], status: 'PERMISSION_DENIED' } },
    });

    await expect(connector().verify()).rejects.toMatchObject({
      reason: 'permission',
      message: expect.stringContaining('grant it BigQuery Data Viewer on the export dataset and BigQuery Job User on project apex-billing-reader'),
    });
  });

  it('classifies rate limits (403 rateLimitExceeded) and 5xx answers as retryable', async () => {
    bigQuery = () => ({ status: 403, body: { error: { code: 403, message: 'Exceeded rate limits: too many api requests per user per method.', errors: [{ reason: 'rateLimitExceeded' }] } } });
    await expect(connector().fetchPage(period, null)).rejects.toBeInstanceOf(RetryableConnectorError);

    bigQuery = () => ({ status: 503, headers: { 'retry-after': '30' }, body: { error: { code: 503, message: 'Backend error.', errors: [{ reason: 'backendError' }] } } });
    await expect(connector().fetchPage(period, null)).rejects.toMatchObject({ retryable: true, retryAfterMs: 30_000 });
  });

  it('reports results that are gone, or a token it did not issue, as an expired page token', async () => {
    const first = await connector().fetchPage(period, null);
    bigQuery = () => ({ status: 404, body: { error: { code: 404, message: 'Not found: Job apex-billing-reader:US.job_Q1w2E3r4', errors: [{ reason: 'notFound' }] } } });

    await expect(connector().fetchPage(period, first.nextPageToken)).rejects.toBeInstanceOf(ExpiredPageTokenError);
    const before = server.requests.length;
    await expect(connector().fetchPage(period, 'not-a-token-we-issued')).rejects.toBeInstanceOf(ExpiredPageTokenError);
    expect(server.requests).toHaveLength(before);
  });

  it('reads a FOCUS view with the view query', async () => {
    const focus = new GcpBillingExportConnector(credentials, parseConnectionSettings('gcp', { table: 'billing-example-00000.billing.focus_v1', format: 'focus', location: 'EU' }), {
      tokenUrl: `${server.url}/token`,
      bigQueryBaseUrl: server.url,
      requestTimeoutMs: 5_000,
    });
    bigQuery = () => ({
      body: {
        schema,
        jobReference,
        jobComplete: true,
        rows: [{ f: [{ v: '{"BilledCost":0.1234567891,"EffectiveCost":0.1,"BillingCurrency":"USD","ChargePeriodStart":"2020-11-02T00:00:00Z","ChargePeriodEnd":"2020-11-03T00:00:00Z","ChargeCategory":"Usage","ProviderName":"Google Cloud","ServiceName":"Vertex AI"}' }] }],
      },
    });

    const page = await focus.fetchPage(period, null);

    expect(page.rows).toEqual([expect.objectContaining({ billedCost: '0.1234567891', effectiveCost: '0.1', serviceName: 'Vertex AI', isAi: true })]);
    const body = JSON.parse(bigQueryRequests()[0].body);
    expect(body.query).toBe('SELECT TO_JSON_STRING(t) AS row FROM `billing-example-00000.billing.focus_v1` AS t WHERE t.ChargePeriodStart >= @period_start AND t.ChargePeriodStart < @period_end');
    expect(body.location).toBe('EU');
  });
});
