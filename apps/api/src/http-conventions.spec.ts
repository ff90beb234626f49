import { NestExpressApplication } from '@nestjs/platform-express';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { createLocalEnv, createTestDatabase, TestDatabase } from '@apex/testing';
import { freePort } from '@apex/devstack';
import { startApiUnderTest } from './testing/api-under-test';

// Response bodies are checked field by field below.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const readJson = (response: Response): Promise<any> => response.json();

async function startApi(env: Record<string, string>): Promise<{ app: NestExpressApplication; url: string }> {
  const api = await startApiUnderTest({ BODY_LIMIT: '2kb', ...env });
  return { app: api.app, url: api.url };
}

describe('API conventions', () => {
  let database: TestDatabase;
  let temporal: TestWorkflowEnvironment;
  let api: { app: NestExpressApplication; url: string };

  beforeAll(async () => {
    [database, temporal] = await Promise.all([createTestDatabase(), createLocalEnv()]);
    api = await startApi({ DATABASE_URL: database.url, TEMPORAL_ADDRESS: temporal.connection.options.address as string });
  });
  afterAll(async () => {
    await api?.app.close();
    await temporal?.teardown();
    await database?.drop();
  });

  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`${api.url}/api/v1${path}`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });

  async function expectProblem(response: Response, status: number, type: string) {
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = await readJson(response);
    expect(problem).toMatchObject({ status, type: `https://apex.dev/problems/${type}` });
    expect(typeof problem.title).toBe('string');
    expect(problem.requestId).toBe(response.headers.get('x-request-id'));
    return problem;
  }

  it('reports PostgreSQL and Temporal as up on /health/ready', async () => {
    const response = await fetch(`${api.url}/api/v1/health/ready`);
    expect(response.status).toBe(200);
    const body = await readJson(response);
    expect(body.status).toBe('ok');
    expect(body.details.database.status).toBe('up');
    expect(body.details.temporal.status).toBe('up');
  });

  it('answers an unknown route with a 404 problem', async () => {
    const problem = await expectProblem(await fetch(`${api.url}/api/v1/no-such-thing`), 404, 'not-found');
    expect(problem.detail).toContain('/api/v1/no-such-thing');
  });

  it('answers a malformed JSON body with a 400 problem', async () => {
    await expectProblem(await post('/enterprise-inquiries', '{"email": "a@b.co",'), 400, 'malformed-body');
  });

  it('answers an oversized body with a 413 problem', async () => {
    const body = JSON.stringify({ email: 'a@b.co', name: 'A', company: 'B', message: 'x'.repeat(4000) });
    await expectProblem(await post('/enterprise-inquiries', body), 413, 'payload-too-large');
  });

  it('lists every invalid, mistyped or unknown field', async () => {
    const body = JSON.stringify({ email: 'not-an-email', name: 42, company: 'B', admin: true });
    const problem = await expectProblem(await post('/enterprise-inquiries', body), 400, 'validation');
    const fields = problem.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['email', 'name', 'admin']));
    expect(fields).not.toContain('company');
  });

  it('keeps a sane caller request id and replaces an unsafe one', async () => {
    const kept = await fetch(`${api.url}/api/v1/no-such-thing`, { headers: { 'x-request-id': 'trace-123' } });
    expect(kept.headers.get('x-request-id')).toBe('trace-123');
    const replaced = await fetch(`${api.url}/api/v1/no-such-thing`, { headers: { 'x-request-id': 'spaces and; semicolons' } });
    expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves the OpenAPI document and its UI', async () => {
    const spec = await readJson(await fetch(`${api.url}/api/docs/openapi.json`));
    expect(spec.openapi).toMatch(/^3\./);
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/api/v1/health', '/api/v1/enterprise-inquiries']));
    const ui = await fetch(`${api.url}/api/docs`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger');
  });

  it('reports Temporal as down with a 503 when it cannot be reached', async () => {
    const deadTemporal = await startApi({ DATABASE_URL: database.url, TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}` });
    try {
      const response = await fetch(`${deadTemporal.url}/api/v1/health/ready`);
      const body = await expectProblem(response, 503, 'service-unavailable');
      expect(body.details.database.status).toBe('up');
      expect(body.details.temporal.status).toBe('down');
    } finally {
      await deadTemporal.app.close();
    }
  });
});
