import { parseCostCredentials } from '../../credentials/cost-credentials';
import { parseConnectionSettings } from '../connection-settings';
import { ExpiredPageTokenError, PermanentConnectorError, RetryableConnectorError } from '../connector-errors';
import type { CostPage } from '../cost-connector';
import { sumDecimals } from '../shared/decimal';
import { LocalReply, LocalServer, RecordedRequest, startLocalServer } from '../testing/local-http-server';
import { AwsCostExplorerConnector } from './aws-cost-explorer.connector';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const accessKey = parseCostCredentials('aws', { kind: 'access_key', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: SECRET });
const settings = parseConnectionSettings('aws', {});
const period = { start: '2025-03-01', end: '2025-03-03' };

const group = (service: string, usageType: string, amount: string) => ({
  Keys: [service, usageType],
  Metrics: {
    UnblendedCost: { Amount: amount, Unit: 'USD' },
    AmortizedCost: { Amount: amount, Unit: 'USD' },
    UsageQuantity: { Amount: '10', Unit: 'N/A' },
  },
});
const groupDefinitions = [
  { Type: 'DIMENSION', Key: 'SERVICE' },
  { Type: 'DIMENSION', Key: 'USAGE_TYPE' },
];
const pages: Record<string, object> = {
  first: {
    GroupDefinitions: groupDefinitions,
    ResultsByTime: [
      {
        TimePeriod: { Start: '2025-03-01', End: '2025-03-02' },
        Groups: [group('Amazon Bedrock', 'USE1-Claude3Haiku-input-tokens', '12.3456789012'), group('Amazon Simple Storage Service', 'USE1-TimedStorage-ByteHrs', '0.0000001')],
        Estimated: false,
      },
    ],
    NextPageToken: 'AAMA-EXAMPLE-PAGE-2',
  },
  'AAMA-EXAMPLE-PAGE-2': {
    GroupDefinitions: groupDefinitions,
    ResultsByTime: [
      {
        TimePeriod: { Start: '2025-03-02', End: '2025-03-03' },
        Groups: [group('Amazon SageMaker', 'USE1-ml.g5.xlarge-hosting', '7.25')],
        Estimated: true,
      },
    ],
  },
};

const awsError = (status: number, type: string, message: string, headers: Record<string, string> = {}): LocalReply => ({
  status,
  headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': 'req-1', ...headers },
  body: { __type: `com.amazon.coral.service#${type}`, message },
});

function costExplorer(request: RecordedRequest): LocalReply {
  if (request.headers['x-amz-target'] !== 'AWSInsightsIndexService.GetCostAndUsage') return awsError(400, 'UnknownOperationException', 'unknown');
  const input = JSON.parse(request.body) as { NextPageToken?: string };
  return { headers: { 'content-type': 'application/x-amz-json-1.1' }, body: pages[input.NextPageToken ?? 'first'] };
}

async function fetchAll(connector: AwsCostExplorerConnector): Promise<CostPage[]> {
  const fetched: CostPage[] = [];
  let token: string | null = null;
  do {
    const page = await connector.fetchPage(period, token);
    fetched.push(page);
    token = page.nextPageToken;
  } while (token);
  return fetched;
}

describe('AWS Cost Explorer connector against a local Cost Explorer', () => {
  let server: LocalServer;
  let reply: (request: RecordedRequest) => LocalReply;
  const connector = (credentials = accessKey, endpoint?: string) =>
    new AwsCostExplorerConnector(credentials, settings, {
      costExplorerEndpoint: endpoint ?? server.url,
      stsEndpoint: server.url,
      requestTimeoutMs: 5_000,
      sourceCredentials: { accessKeyId: 'AKIAAPEXOWNIDENTITY1', secretAccessKey: 'apex-own-secret' },
    });

  beforeAll(async () => {
    server = await startLocalServer((request) => reply(request));
  });
  beforeEach(() => {
    server.requests.length = 0;
    reply = costExplorer;
  });
  afterAll(() => server.close());

  it('reads a period page by page, daily by service and usage type, signed with the access key', async () => {
    const fetched = await fetchAll(connector());

    expect(fetched.map((page) => page.nextPageToken)).toEqual(['AAMA-EXAMPLE-PAGE-2', null]);
    const rows = fetched.flatMap((page) => page.rows);
    expect(rows.map((row) => [row.chargePeriodStart.slice(0, 10), row.serviceName, row.billedCost, row.isAi])).toEqual([
      ['2025-03-01', 'Amazon Bedrock', '12.3456789012', true],
      ['2025-03-01', 'Amazon Simple Storage Service', '0.0000001', false],
      ['2025-03-02', 'Amazon SageMaker', '7.25', true],
    ]);
    expect(sumDecimals(rows.map((row) => row.effectiveCost))).toBe('19.5956790012');

    const [first, second] = server.requests.map((request) => JSON.parse(request.body));
    expect(first).toEqual({
      TimePeriod: { Start: '2025-03-01', End: '2025-03-03' },
      Granularity: 'DAILY',
      Metrics: ['UnblendedCost', 'AmortizedCost', 'UsageQuantity'],
      GroupBy: groupDefinitions,
    });
    expect(second.NextPageToken).toBe('AAMA-EXAMPLE-PAGE-2');
    expect(server.requests[0].headers.authorization).toContain('Credential=AKIAIOSFODNN7EXAMPLE/');
    expect(JSON.stringify(server.requests)).not.toContain(SECRET);
  });

  it('assumes the customer role through STS once, with the external id, and signs with the role credentials', async () => {
    reply = (request) =>
      request.body.startsWith('Action=AssumeRole')
        ? {
            headers: { 'content-type': 'text/xml' },
            body: `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials>
              <AccessKeyId>ASIAROLECREDENTIALS1</AccessKeyId><SecretAccessKey>role-secret</SecretAccessKey>
              <SessionToken>role-session-token</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials>
              <AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/ApexCostReader/apex-cost-ingestion</Arn>
              <AssumedRoleId>AROA:apex</AssumedRoleId></AssumedRoleUser></AssumeRoleResult>
              <ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></AssumeRoleResponse>`,
          }
        : costExplorer(request);
    const role = parseCostCredentials('aws', { kind: 'assume_role', roleArn: 'arn:aws:iam::123456789012:role/ApexCostReader', externalId: 'apex-org-42' });

    const rows = (await fetchAll(connector(role))).flatMap((page) => page.rows);

    expect(rows).toHaveLength(3);
    const assumeRoleCalls = server.requests.filter((request) => request.body.startsWith('Action=AssumeRole'));
    expect(assumeRoleCalls).toHaveLength(1);
    const form = new URLSearchParams(assumeRoleCalls[0].body);
    expect(form.get('RoleArn')).toBe('arn:aws:iam::123456789012:role/ApexCostReader');
    expect(form.get('ExternalId')).toBe('apex-org-42');
    expect(assumeRoleCalls[0].headers.authorization).toContain('Credential=AKIAAPEXOWNIDENTITY1/');
    const costCalls = server.requests.filter((request) => request.headers['x-amz-target']);
    expect(costCalls.map((request) => request.headers['x-amz-security-token'])).toEqual(['role-session-token', 'role-session-token']);
    expect(costCalls[0].headers.authorization).toContain('Credential=ASIAROLECREDENTIALS1/');
  });

  it('says so when the role cannot be assumed', async () => {
    reply = () => ({
      status: 403,
      headers: { 'content-type': 'text/xml' },
      body: `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>AccessDenied</Code>
        <Message>User: arn:aws:iam::999999999999:user/apex is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role/ApexCostReader</Message>
        </Error><RequestId>r</RequestId></ErrorResponse>`,
    });
    const role = parseCostCredentials('aws', { kind: 'assume_role', roleArn: 'arn:aws:iam::123456789012:role/ApexCostReader' });

    const failure = await connector(role).verify().catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(PermanentConnectorError);
    expect(failure).toMatchObject({ reason: 'permission', retryable: false });
    expect((failure as Error).message).toMatch(/^AWS refused to let Apex assume arn:aws:iam::123456789012:role\/ApexCostReader.*not authorized to perform: sts:AssumeRole/);
  });

  it('verifies with one small query and turns a rejected key into a message the customer can act on, without the secret', async () => {
    reply = () => awsError(400, 'UnrecognizedClientException', 'The security token included in the request is invalid.');

    const failure = await connector().verify().catch((error: unknown) => error);

    expect(server.requests).toHaveLength(1);
    expect(JSON.parse(server.requests[0].body)).toMatchObject({ Granularity: 'DAILY', Metrics: ['UnblendedCost'] });
    expect(failure).toBeInstanceOf(PermanentConnectorError);
    expect(failure).toMatchObject({ reason: 'credentials', provider: 'aws' });
    expect((failure as Error).message).toBe('AWS rejected the access key: The security token included in the request is invalid.');
    expect(JSON.stringify(failure)).not.toContain(SECRET);
    expect(String((failure as Error).stack)).not.toContain(SECRET);
  });

  it('passes verify() when Cost Explorer answers', async () => {
    await expect(connector().verify()).resolves.toBeUndefined();
  });

  it('reports missing permissions as a permission failure', async () => {
    reply = () => awsError(400, 'AccessDeniedException', 'User: arn:aws:iam::123456789012:user/billing is not authorized to perform: ce:GetCostAndUsage');

    await expect(connector().verify()).rejects.toMatchObject({
      reason: 'permission',
      message: expect.stringMatching(/^AWS denied access to Cost Explorer; allow ce:GetCostAndUsage/),
    });
  });

  it('classifies throttling as retryable with the retry-after hint', async () => {
    reply = () => awsError(400, 'LimitExceededException', 'You have exceeded the rate limit.', { 'retry-after': '3' });

    const failure = await connector().fetchPage(period, null).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(RetryableConnectorError);
    expect(failure).toMatchObject({ retryable: true, retryAfterMs: 3000 });
    expect(server.requests).toHaveLength(1);
  });

  it('classifies a ThrottlingException and a 5xx answer as retryable, without retrying inside the SDK', async () => {
    reply = () => awsError(400, 'ThrottlingException', 'Rate exceeded');
    await expect(connector().fetchPage(period, null)).rejects.toBeInstanceOf(RetryableConnectorError);

    reply = () => ({ status: 503, headers: { 'content-type': 'text/html' }, body: '<html>Service Unavailable</html>' });
    await expect(connector().fetchPage(period, null)).rejects.toMatchObject({ retryable: true, message: expect.stringContaining('HTTP 503') });
    expect(server.requests).toHaveLength(2);
  });

  it('tells an expired or invalid page token apart so the ingestion restarts the period', async () => {
    reply = () => awsError(400, 'InvalidNextTokenException', 'The NextPageToken is invalid or has expired.');

    await expect(connector().fetchPage(period, 'AAMA-STALE')).rejects.toBeInstanceOf(ExpiredPageTokenError);
  });

  it('classifies an unreachable endpoint as retryable', async () => {
    const gone = await startLocalServer(() => ({}));
    await gone.close();

    await expect(connector(accessKey, gone.url).fetchPage(period, null)).rejects.toBeInstanceOf(RetryableConnectorError);
  });

  it('refuses a period that is not whole days in order, before calling AWS', async () => {
    await expect(connector().fetchPage({ start: '2025-03-03', end: '2025-03-01' }, null)).rejects.toMatchObject({ reason: 'request' });
    expect(server.requests).toHaveLength(0);
  });
});
