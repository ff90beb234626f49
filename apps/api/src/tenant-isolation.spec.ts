import { DataSource } from 'typeorm';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { createLocalEnv, createTestDatabase, TestDatabase } from '@apex/testing';
import { ApiUnderTest, startApiUnderTest } from './testing/api-under-test';
import { addMember, logIn, readJson, setTier, signUp, TestAccount } from './auth/testing/account-fixtures';

/**
 * Organisation B, signed in as its owner (and then with its API key), calls every operation of the
 * OpenAPI document, putting organisation A's ids wherever a path takes one. Nothing may reach A: an
 * id of A is a 403 or 404, an answer never contains A's data, and A's rows are the same afterwards.
 *
 * ROUTES classifies every operation. A route that is not in it fails the test: add it, saying
 * which kind it is and, for ids, which of A's resources fills each path parameter.
 */

interface OrgA {
  orgId: string;
  owner: TestAccount;
  member: TestAccount;
  invitationId: string;
  apiKey: { id: string; key: string; prefix: string };
  runId: string;
  recommendationId: string;
  proofId: string;
  shareLinkId: string;
  costConnectionId: string;
  costFileId: string;
  /** The upload id A's cost file was sent with, whose progress the API follows. */
  costUploadId: string;
}

interface OrgB {
  owner: TestAccount;
  /** Spare sessions for the routes that use a refresh token up. */
  refreshTokens: string[];
}

type Params = Record<string, (a: OrgA) => string>;

type RouteCase =
  /** Needs no credentials; whatever it answers B, it never contains A's data. */
  | { kind: 'public'; params?: Params; body?: (b: OrgB) => unknown }
  /** Acts on the caller's own organisation and takes no id of another: succeeds for B, shows nothing of A. */
  | { kind: 'own-organization'; query?: (a: OrgA) => string; body?: unknown; headers?: Record<string, string> }
  /** Acts on the caller's own organisation and takes no id, but may refuse B with a 4xx problem (billing with payments off). */
  | { kind: 'own-organization-may-refuse'; body?: unknown }
  /** Takes an id: with A's id it answers B 403 or 404. */
  | { kind: 'id-of-another-organization'; params: Params; body?: unknown }
  /** Apex staff only: B, a customer, gets a 403 even with A's id. */
  | { kind: 'operator-only'; params?: Params; body?: unknown };

const STRONG_PASSWORD = 'tenant isolation passphrase';
const COST_UPLOAD_ID_OF_A = '0a11a000-0000-4000-8000-000000000001';

/** A one-row FOCUS 1.0 file of the given account. */
const focusFile = (account: string) =>
  'BilledCost,BillingAccountId,BillingAccountName,BillingCurrency,BillingPeriodEnd,BillingPeriodStart,ChargeCategory,ChargeClass,ChargeDescription,' +
  'ChargePeriodEnd,ChargePeriodStart,ContractedCost,EffectiveCost,InvoiceIssuerName,ListCost,PricingQuantity,PricingUnit,ProviderName,PublisherName,' +
  `ServiceCategory,ServiceName\n1.50,${account},${account},USD,2025-02-01T00:00:00Z,2025-01-01T00:00:00Z,Usage,,tokens,2025-01-02T00:00:00Z,` +
  '2025-01-01T00:00:00Z,1.50,1.50,OpenAI,1.50,1,Tokens,OpenAI,OpenAI,AI and Machine Learning,OpenAI API\n';

const ROUTES: Record<string, RouteCase> = {
  'GET /health': { kind: 'public' },
  'GET /health/ready': { kind: 'public' },
  'GET /plans': { kind: 'public' },
  'POST /auth/signup': {
    kind: 'public',
    body: () => ({ email: 'newcomer@tenant-b.example', password: STRONG_PASSWORD, name: 'Newcomer', organizationName: 'Newcomer Co' }),
  },
  'POST /auth/login': { kind: 'public', body: (b) => ({ email: b.owner.email, password: b.owner.password }) },
  'POST /auth/refresh': { kind: 'public', body: (b) => ({ refreshToken: b.refreshTokens[0] }) },
  'POST /auth/logout': { kind: 'public', body: (b) => ({ refreshToken: b.refreshTokens[1] }) },
  'POST /auth/password-reset': { kind: 'public', body: (b) => ({ email: b.owner.email }) },
  'POST /auth/password-reset/confirm': { kind: 'public', body: () => ({ token: 'not-a-reset-token', password: STRONG_PASSWORD }) },
  'POST /auth/email-verification/confirm': { kind: 'public', body: () => ({ token: 'not-a-verification-token' }) },
  'POST /invitations/preview': { kind: 'public', body: () => ({ token: 'not-an-invitation-token' }) },
  'POST /invitations/accept': { kind: 'public', body: () => ({ token: 'not-an-invitation-token', name: 'Intruder', password: STRONG_PASSWORD }) },
  'POST /enterprise-inquiries': {
    kind: 'public',
    body: () => ({ email: 'buyer@tenant-b.example', name: 'Buyer', company: 'Tenant B', message: 'Enterprise terms, please.' }),
  },
  'GET /enterprise-inquiries/{id}': { kind: 'public', params: { id: () => 'inq_000000000000000000000000' } },
  'GET /proofs/public-key': { kind: 'public' },
  'GET /public/proofs/{token}': { kind: 'public', params: { token: () => 'AAAAAAAAAAAAAAAAAAAAAA' } },
  'POST /public/proofs/{token}/verify': { kind: 'public', params: { token: () => 'AAAAAAAAAAAAAAAAAAAAAA' } },
  'POST /sandboxes': { kind: 'public' },
  'GET /sandboxes/current': { kind: 'public' },

  'GET /me': { kind: 'own-organization' },
  // B's email is verified: 409, nothing to resend.
  'POST /auth/email-verification': { kind: 'own-organization-may-refuse' },
  'GET /entitlements': { kind: 'own-organization' },
  'GET /usage/me': { kind: 'own-organization' },
  'GET /usage/organization': { kind: 'own-organization' },
  'GET /organization/members': { kind: 'own-organization' },
  'GET /organization/invitations': { kind: 'own-organization' },
  'POST /organization/invitations': { kind: 'own-organization', body: { email: 'hire@tenant-b.example', role: 'member' } },
  'GET /api-keys': { kind: 'own-organization' },
  'POST /api-keys': { kind: 'own-organization', body: { name: 'tenant b key' } },
  'GET /runs': { kind: 'own-organization', query: (a) => `?limit=100&before=${a.runId}` },
  'POST /runs': { kind: 'own-organization', body: {} },
  'GET /recommendations': { kind: 'own-organization', query: (a) => `?runId=${a.runId}&after=${a.recommendationId}` },
  'GET /proofs': { kind: 'own-organization', query: (a) => `?recommendationId=${a.recommendationId}` },
  'GET /cost-connections': { kind: 'own-organization' },
  'GET /cost-files': { kind: 'own-organization' },
  'POST /cost-files': { kind: 'own-organization', query: () => '?fileName=beta-costs.csv', headers: { 'content-type': 'text/csv' }, body: focusFile('beta-account') },
  // Credentials without the admin key: refused before any provider is called.
  'POST /cost-connections': { kind: 'own-organization-may-refuse', body: { provider: 'openai', name: 'tenant b openai', credentials: {} } },
  'GET /metrics/summary': { kind: 'own-organization' },
  'GET /metrics/spend': { kind: 'own-organization', query: () => '?bucket=day&by=model' },
  'GET /metrics/cost-per-token': { kind: 'own-organization' },
  'GET /metrics/drivers': { kind: 'own-organization', query: () => '?by=resource' },
  'GET /metrics/trend': { kind: 'own-organization' },
  'GET /roi': { kind: 'own-organization', query: () => '?spendScale=2' },
  'GET /savings': { kind: 'own-organization' },
  // Advanced analytics: B's plan may lack it (403 feature-gated).
  'GET /savings/breakdown': { kind: 'own-organization-may-refuse' },
  'GET /metrics/rows': { kind: 'own-organization', query: () => '?from=2000-01-01&to=2002-12-31' },
  'GET /billing': { kind: 'own-organization' },
  'POST /billing/checkout': { kind: 'own-organization-may-refuse', body: { tier: 'mid' } },
  'POST /billing/portal': { kind: 'own-organization-may-refuse' },
  'POST /billing/subscription': { kind: 'own-organization-may-refuse', body: { tier: 'mid' } },
  'DELETE /billing/subscription': { kind: 'own-organization-may-refuse' },
  'POST /billing/trial': { kind: 'own-organization-may-refuse' },
  'POST /billing/webhook': { kind: 'public', body: () => ({ id: 'evt_unsigned', object: 'event', type: 'invoice.paid' }) },

  'PATCH /organization/members/{userId}': { kind: 'id-of-another-organization', params: { userId: (a) => a.member.userId }, body: { role: 'owner' } },
  'DELETE /organization/members/{userId}': { kind: 'id-of-another-organization', params: { userId: (a) => a.member.userId } },
  'DELETE /organization/invitations/{id}': { kind: 'id-of-another-organization', params: { id: (a) => a.invitationId } },
  'DELETE /api-keys/{id}': { kind: 'id-of-another-organization', params: { id: (a) => a.apiKey.id } },
  'GET /runs/{id}': { kind: 'id-of-another-organization', params: { id: (a) => a.runId } },
  'POST /runs/{id}/cancel': { kind: 'id-of-another-organization', params: { id: (a) => a.runId } },
  'GET /recommendations/{id}': { kind: 'id-of-another-organization', params: { id: (a) => a.recommendationId } },
  'POST /recommendations/{id}/accept': { kind: 'id-of-another-organization', params: { id: (a) => a.recommendationId }, body: {} },
  'POST /recommendations/{id}/dismiss': { kind: 'id-of-another-organization', params: { id: (a) => a.recommendationId }, body: { reason: 'not ours' } },
  'POST /recommendations/{id}/implemented': {
    kind: 'id-of-another-organization',
    params: { id: (a) => a.recommendationId },
    body: { implementedOn: new Date().toISOString().slice(0, 10) },
  },
  'GET /recommendations/{id}/implementation': { kind: 'id-of-another-organization', params: { id: (a) => a.recommendationId } },
  'GET /proofs/{id}': { kind: 'id-of-another-organization', params: { id: (a) => a.proofId } },
  'GET /proofs/{id}/share-links': { kind: 'id-of-another-organization', params: { id: (a) => a.proofId } },
  'GET /proofs/{id}/evidence-filters': { kind: 'id-of-another-organization', params: { id: (a) => a.proofId } },
  'GET /proofs/{id}/report.pdf': { kind: 'id-of-another-organization', params: { id: (a) => a.proofId } },
  'GET /proofs/{id}/evidence.csv': { kind: 'id-of-another-organization', params: { id: (a) => a.proofId } },
  'POST /proofs/{id}/end-reporting-period': { kind: 'id-of-another-organization', params: { id: (a) => a.proofId } },
  'POST /proofs/{id}/share-links': { kind: 'id-of-another-organization', params: { id: (a) => a.proofId }, body: {} },
  'DELETE /proofs/{id}/share-links/{linkId}': { kind: 'id-of-another-organization', params: { id: (a) => a.proofId, linkId: (a) => a.shareLinkId } },
  'GET /cost-connections/{id}': { kind: 'id-of-another-organization', params: { id: (a) => a.costConnectionId } },
  'GET /cost-files/{id}': { kind: 'id-of-another-organization', params: { id: (a) => a.costFileId } },
  'GET /cost-files/uploads/{uploadId}': { kind: 'id-of-another-organization', params: { uploadId: (a) => a.costUploadId } },
  'DELETE /cost-connections/{id}': { kind: 'id-of-another-organization', params: { id: (a) => a.costConnectionId } },
  'POST /cost-connections/{id}/sync': { kind: 'id-of-another-organization', params: { id: (a) => a.costConnectionId } },

  'GET /admin/feature-flags': { kind: 'operator-only' },
  'PUT /admin/feature-flags/{flag}': { kind: 'operator-only', params: { flag: () => 'trial_enabled' }, body: { enabled: false } },
  'DELETE /admin/feature-flags/{flag}': { kind: 'operator-only', params: { flag: () => 'trial_enabled' } },
  'GET /admin/organizations': { kind: 'operator-only' },
  'GET /admin/price-book/versions': { kind: 'operator-only' },
  'POST /admin/price-book/versions': { kind: 'operator-only', body: { litellm: '{}', genaiPrices: '[]' } },
  'GET /admin/price-book/versions/{version}': { kind: 'operator-only', params: { version: () => '1' } },
  'GET /admin/price-book/versions/{version}/diff': { kind: 'operator-only', params: { version: () => '1' } },
  'POST /admin/price-book/versions/{version}/activate': { kind: 'operator-only', params: { version: () => '1' }, body: {} },
  'GET /admin/organizations/{orgId}/plan': { kind: 'operator-only', params: { orgId: (a) => a.orgId } },
  'PUT /admin/organizations/{orgId}/plan': { kind: 'operator-only', params: { orgId: (a) => a.orgId }, body: { tier: 'free' } },
  'PUT /admin/organizations/{orgId}/overrides': { kind: 'operator-only', params: { orgId: (a) => a.orgId }, body: { runLimit: 1 } },
  'DELETE /admin/organizations/{orgId}/overrides': { kind: 'operator-only', params: { orgId: (a) => a.orgId } },
  'PUT /admin/organizations/{orgId}/enterprise-terms': {
    kind: 'operator-only',
    params: { orgId: (a) => a.orgId },
    body: { percent: '10.00', minimumCents: 100000 },
  },
};

interface Operation {
  route: string;
  method: string;
  path: string;
  pathParams: string[];
}

const PREFIX = '/api/v1';

function operationsOf(document: { paths: Record<string, Record<string, { parameters?: { in: string; name: string }[] }>> }): Operation[] {
  return Object.entries(document.paths).flatMap(([fullPath, item]) =>
    Object.entries(item).map(([method, operation]) => {
      const path = fullPath.startsWith(PREFIX) ? fullPath.slice(PREFIX.length) : fullPath;
      return {
        route: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        pathParams: (operation.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name),
      };
    }),
  );
}

describe('Tenant isolation: organisation B can neither see nor change anything of organisation A', () => {
  let database: TestDatabase;
  let temporal: TestWorkflowEnvironment;
  let api: ApiUnderTest;
  let db: DataSource;
  let a: OrgA;
  let b: OrgB;
  let bApiKey: string;
  let operations: Operation[];
  /** Strings that identify A: none may appear in an answer to B. */
  let markersOfA: string[];

  beforeAll(async () => {
    [database, temporal] = await Promise.all([createTestDatabase(), createLocalEnv()]);
    api = await startApiUnderTest({ DATABASE_URL: database.url, TEMPORAL_ADDRESS: temporal.connection.options.address as string });
    db = api.app.get(DataSource);

    const ownerA = await signUp(api, 'alpha-owner@tenant-a.example', 'Alpha Tenant Org');
    await setTier(api, ownerA.orgId, 'enterprise');
    const member = await addMember(api, ownerA.orgId, 'alpha-member@tenant-a.example', 'member');
    const invitation = await readJson(
      await api.call('POST', '/organization/invitations', { token: ownerA.accessToken, body: { email: 'alpha-invitee@tenant-a.example', role: 'admin' } }),
    );
    const apiKey = await readJson(await api.call('POST', '/api-keys', { token: ownerA.accessToken, body: { name: 'alpha pipeline key' } }));
    const run = await readJson(await api.call('POST', '/runs', { token: ownerA.accessToken, body: {} }));
    const [costConnection] = await db.query(
      "INSERT INTO cost_connections (org_id, provider, name, status) VALUES ($1, 'openai', 'alpha openai account', 'active') RETURNING id",
      [ownerA.orgId],
    );
    const costFile = await readJson(
      await api.call('POST', `/cost-files?fileName=alpha-costs.csv&uploadId=${COST_UPLOAD_ID_OF_A}`, { token: ownerA.accessToken, headers: { 'content-type': 'text/csv' }, body: focusFile('alpha-account') }),
    );
    const [recommendation] = await db.query(
      `INSERT INTO recommendations (org_id, fingerprint, kind, title, steps, doc_url, scope, evidence, price_book_version, currency, monthly_low, monthly_expected,
                                    monthly_high, scenarios, assumptions, effort, risk, first_run_id, last_run_id)
       VALUES ($1, 'alpha-caching', 'prompt_caching', 'Cache alpha prompts', '[]', 'https://platform.openai.com/docs/guides/prompt-caching',
               '{"provider":"openai","service":null,"model":"gpt-4o","resource":null}', '{"filters":[],"rowCount":0,"amount":"0","sha256":""}', 1, 'USD',
               1, 2, 3, '[]', '[]', 'low', 'low', $2, $2) RETURNING id`,
      [ownerA.orgId, run.id],
    );
    const [proof] = await db.query(
      `INSERT INTO proofs (org_id, recommendation_id, implemented_on, reporting_days, reporting_ends_on, currency)
       VALUES ($1, $2, current_date, 14, current_date + 13, 'USD') RETURNING id`,
      [ownerA.orgId, recommendation.id],
    );
    const [shareLink] = await db.query(
      "INSERT INTO proof_share_links (org_id, proof_id, token_sha256, expires_at) VALUES ($1, $2, repeat('a', 64), now() + interval '30 days') RETURNING id",
      [ownerA.orgId, proof.id],
    );
    a = {
      orgId: ownerA.orgId,
      owner: ownerA,
      member,
      invitationId: invitation.id,
      apiKey,
      runId: run.id,
      recommendationId: recommendation.id,
      proofId: proof.id,
      shareLinkId: shareLink.id,
      costConnectionId: costConnection.id,
      costFileId: costFile.sourceId,
      costUploadId: COST_UPLOAD_ID_OF_A,
    };
    for (const [what, id] of Object.entries({ invitation: a.invitationId, apiKey: a.apiKey.id, run: a.runId, recommendation: a.recommendationId, proof: a.proofId, costFile: a.costFileId })) {
      if (!id) throw new Error(`Could not create A's ${what}`);
    }
    markersOfA = [
      a.orgId,
      'Alpha Tenant Org',
      ...[a.owner, a.member].flatMap((m) => [m.userId, m.email]),
      a.invitationId,
      'alpha-invitee@tenant-a.example',
      a.apiKey.id,
      a.apiKey.prefix,
      'alpha pipeline key',
      a.runId,
      a.recommendationId,
      a.proofId,
      a.shareLinkId,
      'Cache alpha prompts',
      a.costConnectionId,
      'alpha openai account',
      a.costFileId,
      'alpha-costs.csv',
      'alpha-account',
    ];

    const ownerB = await signUp(api, 'beta-owner@tenant-b.example', 'Beta Tenant Org');
    await setTier(api, ownerB.orgId, 'enterprise');
    const spare = await Promise.all([1, 2].map(async () => (await readJson(await logIn(api, ownerB.email, ownerB.password))).refreshToken));
    b = { owner: ownerB, refreshTokens: spare };
    bApiKey = (await readJson(await api.call('POST', '/api-keys', { token: ownerB.accessToken, body: { name: 'beta key' } }))).key;

    operations = operationsOf(await readJson(await fetch(`${api.url}/api/docs/openapi.json`)));
  }, 120_000);
  afterAll(async () => {
    await api?.close();
    await temporal?.teardown();
    await database?.drop();
  });

  /** Every row that belongs to A: each table with an org_id column, A's organisation, and its people's sessions. */
  async function snapshotOfA(): Promise<Record<string, unknown[]>> {
    const tables: { table_name: string }[] = await db.query(
      "SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'org_id' ORDER BY table_name",
    );
    const snapshot: Record<string, unknown[]> = {
      organizations: await db.query('SELECT * FROM organizations WHERE id = $1', [a.orgId]),
      refresh_tokens: await db.query('SELECT t.* FROM refresh_tokens t JOIN users u ON u.id = t.user_id WHERE u.org_id = $1 ORDER BY t.id', [a.orgId]),
      password_resets: await db.query('SELECT r.* FROM password_resets r JOIN users u ON u.id = r.user_id WHERE u.org_id = $1 ORDER BY r.id', [a.orgId]),
    };
    for (const { table_name } of tables) {
      snapshot[table_name] = await db.query(`SELECT * FROM "${table_name}" t WHERE org_id = $1 ORDER BY to_jsonb(t)::text`, [a.orgId]);
    }
    return snapshot;
  }

  const fill = (path: string, params: Params = {}) =>
    path.replace(/\{(\w+)\}/g, (_m, name: string) => {
      const value = params[name];
      if (!value) throw new Error(`${path}: no value for the path parameter "${name}"; say in ROUTES which of A's ids fills it`);
      return value(a);
    });

  it('classifies every operation of the OpenAPI document, and every classified route still exists', () => {
    const documented = operations.map((o) => o.route).sort();
    const unclassified = documented.filter((route) => !(route in ROUTES));
    const stale = Object.keys(ROUTES).filter((route) => !documented.includes(route));
    expect({ unclassified, stale }).toEqual({ unclassified: [], stale: [] });
    for (const operation of operations) {
      const routeCase = ROUTES[operation.route];
      const given = Object.keys(('params' in routeCase && routeCase.params) || {}).sort();
      expect({ route: operation.route, pathParams: given }).toEqual({ route: operation.route, pathParams: [...operation.pathParams].sort() });
    }
  });

  it.each([
    ['a session', () => ({ authorization: `Bearer ${b.owner.accessToken}` })],
    ['an API key', () => ({ 'x-api-key': bApiKey })],
  ])('walks every operation as B with %s without reaching A', async (_how, credentials) => {
    const before = await snapshotOfA();
    const failures: string[] = [];

    for (const operation of operations) {
      const routeCase = ROUTES[operation.route];
      if (!routeCase) continue;
      const path =
        routeCase.kind === 'own-organization'
          ? `${operation.path}${routeCase.query?.(a) ?? ''}`
          : fill(operation.path, 'params' in routeCase ? routeCase.params : undefined);
      const body = routeCase.kind === 'public' ? routeCase.body?.(b) : routeCase.body;
      const headers = { ...credentials(), ...('headers' in routeCase ? routeCase.headers : {}) };
      const response = await api.call(operation.method, path, { headers, body });
      const text = await response.text();
      const fail = (why: string) => failures.push(`${operation.route} (${routeCase.kind}) answered ${response.status}: ${why}\n  ${text.slice(0, 300)}`);

      // An answer may echo the id B sent (say, in `instance`); anything else of A is a leak.
      const sent = `${path} ${JSON.stringify(body ?? null)}`;
      const leaked = markersOfA.filter((marker) => text.includes(marker) && !sent.includes(marker));
      if (leaked.length) fail(`shows A's data: ${leaked.join(', ')}`);
      if (response.status >= 500) fail('server error');
      switch (routeCase.kind) {
        case 'id-of-another-organization':
          if (![403, 404].includes(response.status)) fail('expected 403 or 404 for an id of another organisation');
          break;
        case 'operator-only':
          if (response.status !== 403) fail('expected 403 for a customer on an operator route');
          break;
        case 'own-organization':
          // With a key, routes that only people may use answer 403; anything else must work for B.
          if (!(response.ok || (response.status === 403 && 'x-api-key' in credentials()))) fail('expected B to be served');
          break;
        case 'own-organization-may-refuse':
          if (!response.ok && response.status >= 500) fail('expected B to be served or refused with a 4xx');
          break;
        case 'public':
          break;
      }
      if (!response.ok && !response.headers.get('content-type')?.startsWith('application/problem+json')) fail('an error that is not problem+json');
    }

    expect(failures).toEqual([]);
    expect(await snapshotOfA()).toEqual(before);
  });

  it("still serves A its own data afterwards", async () => {
    const members = await readJson(await api.call('GET', '/organization/members', { token: a.owner.accessToken }));
    expect(members.map((m: { userId: string; role: string }) => [m.userId, m.role])).toEqual([
      [a.owner.userId, 'owner'],
      [a.member.userId, 'member'],
    ]);
    expect((await api.call('GET', '/me', { headers: { 'x-api-key': a.apiKey.key } })).status).toBe(200);
    expect((await api.call('GET', `/runs/${a.runId}`, { token: a.owner.accessToken })).status).toBe(200);
    expect((await api.call('GET', `/cost-files/${a.costFileId}`, { token: a.owner.accessToken })).status).toBe(200);
    expect((await api.call('GET', `/cost-files/uploads/${a.costUploadId}`, { token: a.owner.accessToken })).status).toBe(200);
  });
});
