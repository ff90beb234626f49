import { createHmac } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { Client as Pg } from 'pg';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { createLocalEnv, createTestDatabase, TestDatabase } from '@apex/testing';
import { ApiUnderTest, startApiUnderTest, TEST_JWT_SECRET } from './testing/api-under-test';
import { signUpSession, SignedUpSession } from './testing/signed-up-session';

// Response bodies are checked field by field below.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const readJson = (response: Response): Promise<any> => response.json();

/**
 * The rows of every table of the public schema, table by table: what "nothing was written" is checked against.
 * Left out: the metering of the caller's API calls (usage_events, ledger_entries), which counts refused calls too,
 * and the throttle's counters, which count attempts.
 */
const COUNTS_OF_CALLS = ['migrations', 'usage_events', 'ledger_entries', 'throttle_counters'];

async function rowCounts(pg: Pg): Promise<Record<string, number>> {
  const { rows: tables } = await pg.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND NOT tablename = ANY($1) ORDER BY tablename", [COUNTS_OF_CALLS]);
  const counts: Record<string, number> = {};
  for (const { tablename } of tables) {
    const { rows } = await pg.query(`SELECT count(*)::int AS n FROM "${tablename}"`);
    counts[tablename] = rows[0].n;
  }
  return counts;
}

describe('API hardening', () => {
  let database: TestDatabase;
  let temporal: TestWorkflowEnvironment;
  let api: ApiUnderTest;
  let pg: Pg;
  let owner: SignedUpSession;

  beforeAll(async () => {
    [database, temporal] = await Promise.all([createTestDatabase(), createLocalEnv()]);
    api = await startApiUnderTest({ DATABASE_URL: database.url, TEMPORAL_ADDRESS: temporal.connection.options.address as string, CORS_ORIGIN: 'https://portal.apex.test' });
    pg = new Pg({ connectionString: database.url });
    await pg.connect();
    owner = await signUpSession(api, 'owner@hardening.test');
  });
  afterAll(async () => {
    await pg?.end();
    await api?.close();
    await temporal?.teardown();
    await database?.drop();
  });

  async function expectFieldProblem(response: Response, field: string) {
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = await readJson(response);
    expect(problem).toMatchObject({ status: 400, type: 'https://apex.dev/problems/validation' });
    expect(problem.errors.map((e: { field: string }) => e.field)).toContain(field);
    return problem;
  }

  describe('input hygiene', () => {
    const NUL = 'a\u0000b';
    const signUp = { email: 'ada@hardening.test', password: 'correct horse battery', name: 'Ada', organizationName: 'Engines' };
    const inquiry = { email: 'ada@hardening.test', name: 'Ada', company: 'Engines', message: 'Hello' };
    const cases: [string, string, string, unknown, string][] = [
      ['sign-up name', 'POST', '/auth/signup', { ...signUp, name: NUL }, 'name'],
      ['sign-up organisation name', 'POST', '/auth/signup', { ...signUp, organizationName: 'Engines\u0007' }, 'organizationName'],
      ['log-in email', 'POST', '/auth/login', { email: `owner${NUL}@hardening.test`, password: 'correct horse battery' }, 'email'],
      ['API-key name', 'POST', '/api-keys', { name: NUL }, 'name'],
      ['invitation email', 'POST', '/organization/invitations', { email: `grace${NUL}@hardening.test`, role: 'member' }, 'email'],
      ['enterprise inquiry name', 'POST', '/enterprise-inquiries', { ...inquiry, name: NUL }, 'name'],
      ['enterprise inquiry message, C1 control', 'POST', '/enterprise-inquiries', { ...inquiry, message: 'Hi\u0085there' }, 'message'],
      ['a field name', 'POST', '/enterprise-inquiries', { ...inquiry, ['ad\u0000min']: true }, 'ad\u0000min'],
    ];

    it.each(cases)('refuses a control character in the %s with a 400 naming it, and writes nothing', async (_what, method, path, body, field) => {
      const before = await rowCounts(pg);
      await expectFieldProblem(await api.call(method, path, { body, token: owner.token }), field);
      expect(await rowCounts(pg)).toEqual(before);
    });

    it.each([
      ['sign-up name', '/auth/signup', `{"email":"ada@hardening.test","password":"correct horse battery","name":"Ada \\ud800","organizationName":"Engines"}`, 'name'],
      ['enterprise inquiry company', '/enterprise-inquiries', `{"email":"ada@hardening.test","name":"Ada","company":"\\udc00Engines"}`, 'company'],
    ])('refuses a lone surrogate in the %s', async (_what, path, body, field) => {
      const before = await rowCounts(pg);
      const problem = await expectFieldProblem(await api.call('POST', path, { body, token: owner.token }), field);
      expect(problem.errors[0].message).toMatch(/unpaired surrogate/);
      expect(await rowCounts(pg)).toEqual(before);
    });

    it('keeps tab and line breaks in free text', async () => {
      const response = await api.call('POST', '/enterprise-inquiries', { body: { ...inquiry, email: 'tabs@hardening.test', message: 'Line one\n\tLine two\r\n' } });
      expect(response.status).toBe(202);
    });

    it.each([
      ['cost-file fileName', 'POST', '/cost-files?fileName=focus%00.csv', 'fileName'],
      ['metrics provider filter', 'GET', '/metrics/rows?from=2026-11-01&to=2026-12-01&provider=Open%00AI', 'provider'],
      ['metrics range', 'GET', '/metrics/summary?from=2026-11-01%0A', 'from'],
    ])('refuses a control character in the %s of a query string', async (_what, method, path, field) => {
      const before = await rowCounts(pg);
      await expectFieldProblem(await api.call(method, path, { token: owner.token, headers: { 'content-type': 'text/csv' } }), field);
      expect(await rowCounts(pg)).toEqual(before);
    });

    it.each([
      ['sign-up name of spaces', '/auth/signup', { ...signUp, name: '   ' }, 'name'],
      ['sign-up organisation name of a zero-width space', '/auth/signup', { ...signUp, organizationName: '\u200b' }, 'organizationName'],
      ['API-key name of a tab', '/api-keys', { name: ' \t ' }, 'name'],
      ['enterprise inquiry company of an ideographic space', '/enterprise-inquiries', { ...inquiry, company: '\u3000' }, 'company'],
    ])('refuses a %s', async (_what, path, body, field) => {
      const before = await rowCounts(pg);
      const problem = await expectFieldProblem(await api.call('POST', path, { body, token: owner.token }), field);
      expect(problem.errors.find((e: { field: string }) => e.field === field).message).toBe(`${field} must have at least one visible character`);
      expect(await rowCounts(pg)).toEqual(before);
    });

    it('drives every JSON-body and query route of the OpenAPI document with a NUL in each string field: 400, never 5xx, nothing written', async () => {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const spec: any = await readJson(await fetch(`${api.url}/api/docs/openapi.json`));
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const resolve = (schema: any): any => (schema?.$ref ? spec.components.schemas[schema.$ref.split('/').pop()] : schema);
      const before = await rowCounts(pg);
      const driven: string[] = [];
      for (const [template, operations] of Object.entries<Record<string, { requestBody?: unknown; parameters?: { in: string; name: string; schema?: { type?: string } }[] }>>(spec.paths)) {
        if (!template.startsWith('/api/v1/')) continue;
        const path = template.replace('/api/v1', '').replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000');
        for (const [method, operation] of Object.entries(operations)) {
          // eslint-disable-next-line @typescript-eslint/no-explicit-any
          const bodySchema = resolve((operation.requestBody as any)?.content?.['application/json']?.schema);
          const bodyFields = Object.entries<{ type?: string }>(bodySchema?.properties ?? {}).filter(([, p]) => resolve(p)?.type === 'string').map(([name]) => name);
          const queryFields = (operation.parameters ?? []).filter((p) => p.in === 'query' && p.schema?.type === 'string').map((p) => p.name);
          if (bodyFields.length === 0 && queryFields.length === 0) continue;
          const query = queryFields.map((name) => `${name}=x%00y`).join('&');
          const body = Object.fromEntries(bodyFields.map((name) => [name, 'x\u0000y']));
          const response = await api.call(method.toUpperCase(), `${path}${query ? `?${query}` : ''}`, {
            token: owner.token,
            body: bodyFields.length > 0 ? body : undefined,
          });
          const label = `${method.toUpperCase()} ${template}`;
          expect({ route: label, status: response.status }).toEqual({ route: label, status: 400 });
          const problem = await readJson(response);
          expect({ route: label, fields: problem.errors.map((e: { field: string }) => e.field).sort() }).toEqual({ route: label, fields: [...queryFields, ...bodyFields].sort() });
          driven.push(label);
        }
      }
      expect(driven).toEqual(expect.arrayContaining(['POST /api/v1/auth/signup', 'POST /api/v1/auth/login', 'POST /api/v1/api-keys', 'POST /api/v1/enterprise-inquiries', 'POST /api/v1/cost-files']));
      expect(await rowCounts(pg)).toEqual(before);
    });

    it.each([
      ['gzip', Buffer.from('not gzip at all')],
      ['gzip', gzipSync(JSON.stringify(inquiry)).subarray(0, 12)],
      ['deflate', Buffer.from('not deflate')],
      ['br', Buffer.from('not brotli')],
    ])('answers a body that is not valid %s with a 400 problem', async (encoding, body) => {
      const response = await fetch(`${api.url}/api/v1/enterprise-inquiries`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-encoding': encoding },
        body,
      });
      expect(response.status).toBe(400);
      expect(await readJson(response)).toMatchObject({ type: 'https://apex.dev/problems/malformed-body', title: 'The request body could not be decompressed' });
    });

    it('answers an unsupported Content-Encoding with a 415 problem', async () => {
      const response = await fetch(`${api.url}/api/v1/enterprise-inquiries`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-encoding': 'zstd' },
        body: 'x',
      });
      expect(response.status).toBe(415);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    });
  });

  describe('headers', () => {
    const common = {
      'strict-transport-security': 'max-age=31536000; includeSubDomains',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
    };

    it.each([
      ['a JSON answer', '/api/v1/health'],
      ['a problem', '/api/v1/no-such-thing'],
      ['an authenticated answer', '/api/v1/me'],
    ])('sets the security headers and a strict policy on %s', async (_what, path) => {
      const response = await fetch(`${api.url}${path}`, { headers: { authorization: `Bearer ${owner.token}` } });
      expect(Object.fromEntries(Object.keys(common).map((h) => [h, response.headers.get(h)]))).toEqual(common);
      expect(response.headers.get('content-security-policy')).toBe("default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
    });

    it('lets the Swagger UI load its own scripts and styles at /api/docs, still never framed', async () => {
      const page = await fetch(`${api.url}/api/docs`);
      const html = await page.text();
      expect(Object.fromEntries(Object.keys(common).map((h) => [h, page.headers.get(h)]))).toEqual(common);
      const policy = page.headers.get('content-security-policy') ?? '';
      expect(policy).toContain("script-src 'self'");
      expect(policy).toContain("frame-ancestors 'none'");
      // Every script the page loads is its own, none inline: what script-src 'self' needs.
      const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
      expect(scripts.length).toBeGreaterThan(0);
      for (const [, attributes, inline] of scripts) {
        expect(attributes).toMatch(/src=/);
        expect(inline.trim()).toBe('');
      }
      const init = await fetch(`${api.url}/api/docs/swagger-ui-init.js`);
      expect(init.status).toBe(200);
      expect(init.headers.get('content-security-policy')).toBe(policy);
    });

    it("names only the portal's origin for CORS", async () => {
      const preflight = (origin: string) =>
        fetch(`${api.url}/api/v1/auth/login`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
      const portal = await preflight('https://portal.apex.test');
      expect(portal.status).toBe(204);
      expect(portal.headers.get('access-control-allow-origin')).toBe('https://portal.apex.test');
      const other = await preflight('https://evil.example');
      expect(other.headers.get('access-control-allow-origin')).toBe('https://portal.apex.test');
      const simple = await fetch(`${api.url}/api/v1/health`, { headers: { origin: 'https://evil.example' } });
      expect(simple.headers.get('access-control-allow-origin')).not.toBe('https://evil.example');
      expect(simple.headers.get('access-control-allow-origin')).not.toBe('*');
    });

    it('answers a method the path does not have with 405 and Allow', async () => {
      const response = await fetch(`${api.url}/api/v1/enterprise-inquiries`, { method: 'DELETE' });
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('OPTIONS, POST');
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await readJson(response)).toMatchObject({ status: 405, type: 'https://apex.dev/problems/method-not-allowed' });
      const health = await fetch(`${api.url}/api/v1/health`, { method: 'POST' });
      expect(health.status).toBe(405);
      expect(health.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
      expect((await fetch(`${api.url}/api/v1/no-such-thing`, { method: 'DELETE' })).status).toBe(404);
    });
  });

  describe('access tokens', () => {
    const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    /** The same 32 signature bytes spelt differently: the last of 43 characters carries 4 bits and 2 that decoders ignore. */
    const withLastCharacter = (token: string, change: (index: number) => number) => {
      const last = token.at(-1) ?? '';
      return `${token.slice(0, -1)}${ALPHABET[change(ALPHABET.indexOf(last))]}`;
    };

    it('accepts the token as issued', async () => {
      expect((await api.call('GET', '/me', { token: owner.token })).status).toBe(200);
    });

    it.each([
      ['a different final character that decodes to the same bytes', (token: string) => withLastCharacter(token, (i) => i ^ 1)],
      ['trailing padding', (token: string) => `${token}==`],
    ])('refuses a signature with %s (401)', async (_what, respell) => {
      const respelt = respell(owner.token);
      const signature = respelt.split('.')[2];
      const [header, payload] = owner.token.split('.');
      // Still the right HMAC once decoded: only the spelling differs.
      expect(Buffer.from(signature, 'base64url').equals(createHmac('sha256', TEST_JWT_SECRET).update(`${header}.${payload}`).digest())).toBe(true);
      const response = await api.call('GET', '/me', { token: respelt });
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    });
  });

  describe('exposure', () => {
    it('answers liveness on /health with no details', async () => {
      const response = await fetch(`${api.url}/api/v1/health`);
      expect(response.status).toBe(200);
      expect(await readJson(response)).toEqual({ status: 'ok' });
    });

    it('shows readiness details to a local probe, and only the status to a request relayed by a proxy', async () => {
      const local = await readJson(await fetch(`${api.url}/api/v1/health/ready`));
      expect(local.status).toBe('ok');
      expect(local.details.database.status).toBe('up');
      expect(local.details.temporal).toMatchObject({ status: 'up', address: expect.any(String) });

      const relayed = await fetch(`${api.url}/api/v1/health/ready`, { headers: { 'x-forwarded-for': '203.0.113.9', authorization: `Bearer ${owner.token}` } });
      expect(relayed.status).toBe(200);
      expect(await readJson(relayed)).toEqual({ status: 'ok' });
    });

    const inquiry = { email: 'grace@hardening.test', name: 'Grace Hopper', company: 'Compilers Inc', message: 'We run COBOL on GPUs.' };

    it('gives an inquiry a random id and a status token; the public read needs the token and shows only the status', async () => {
      const created = await api.call('POST', '/enterprise-inquiries', { body: inquiry });
      expect(created.status).toBe(202);
      const accepted = await readJson(created);
      expect(accepted).toEqual({ id: expect.stringMatching(/^inq_[0-9a-f]{24}$/), workflowId: `enterprise-inquiry-${accepted.id}`, started: true, statusToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
      // The id is not the hash of what the inquiry says.
      const { createHash } = await import('node:crypto');
      const contentHash = createHash('sha256').update(JSON.stringify([inquiry.email, inquiry.name.toLowerCase(), inquiry.company.toLowerCase(), inquiry.message])).digest('hex');
      expect(accepted.id).not.toBe(`inq_${contentHash.slice(0, 24)}`);

      const withToken = await api.call('GET', `/enterprise-inquiries/${accepted.id}`, { headers: { 'x-inquiry-token': accepted.statusToken } });
      expect(withToken.status).toBe(200);
      expect(await readJson(withToken)).toEqual({ id: accepted.id, status: 'received' });

      for (const headers of [{}, { 'x-inquiry-token': 'A'.repeat(43) }] as Record<string, string>[]) {
        const refused = await api.call('GET', `/enterprise-inquiries/${accepted.id}`, { headers });
        expect(refused.status).toBe(404);
        const body = JSON.stringify(await readJson(refused));
        expect(body).not.toContain('grace');
        expect(body).not.toContain('Compilers');
      }

      const again = await api.call('POST', '/enterprise-inquiries', { body: { ...inquiry, email: 'GRACE@hardening.test' } });
      expect(again.status).toBe(200);
      expect(await readJson(again)).toEqual({ id: accepted.id, workflowId: accepted.workflowId, started: false, statusToken: null });
      const { rows } = await pg.query('SELECT count(*)::int AS n FROM enterprise_inquiries WHERE email = $1', ['grace@hardening.test']);
      expect(rows[0].n).toBe(1);
    });
  });
});
