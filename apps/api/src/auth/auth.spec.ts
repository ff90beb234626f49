import { createHmac } from 'node:crypto';
import { DataSource } from 'typeorm';
import { issueAccessToken } from '@apex/accounts';
import { ApiOnTestDatabase, startApiOnTestDatabase } from '../testing/api-on-test-database';
import { ApiUnderTest, TEST_JWT_SECRET } from '../testing/api-under-test';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const readJson = (response: Response): Promise<any> => response.json();
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('Sign-up, log-in and access tokens', () => {
  let started: ApiOnTestDatabase;
  let api: ApiUnderTest;
  const ada = { email: 'ada@example.com', password: 'correct horse battery', name: 'Ada Lovelace', organizationName: 'Engines Ltd' };

  beforeAll(async () => {
    started = await startApiOnTestDatabase();
    api = started.api;
  });
  afterAll(async () => {
    await started?.stop();
  });

  it('signs up an owner of a new Free organisation, who then signs in and knows who they are', async () => {
    const signup = await api.call('POST', '/auth/signup', { body: ada });
    expect(signup.status).toBe(202);
    expect(await readJson(signup)).toEqual({ email: 'ada@example.com', detail: 'Check your inbox for the link that verifies your email, then sign in.' });

    const session = await readJson(await api.call('POST', '/auth/login', { body: { email: ada.email, password: ada.password } }));
    expect(session).toEqual({ accessToken: expect.any(String), expiresIn: 900, refreshToken: expect.any(String) });
    const me = await readJson(await api.call('GET', '/me', { token: session.accessToken }));
    expect(me).toMatchObject({
      user: { email: 'ada@example.com', name: 'Ada Lovelace', isOperator: false, emailVerified: false },
      organization: { name: 'Engines Ltd', tier: 'free' },
      role: 'owner',
    });
  });

  it('creates no second account with the same email in any case, and answers exactly as to a new one', async () => {
    const [before] = await api.app.get(DataSource).query('SELECT count(*)::int AS users, (SELECT count(*)::int FROM organizations) AS orgs FROM users');
    const again = await api.call('POST', '/auth/signup', { body: { ...ada, email: 'ADA@example.com', organizationName: 'Copycat Ltd' } });
    expect(again.status).toBe(202);
    expect(await readJson(again)).toEqual({ email: 'ADA@example.com', detail: 'Check your inbox for the link that verifies your email, then sign in.' });
    expect(await api.app.get(DataSource).query('SELECT count(*)::int AS users, (SELECT count(*)::int FROM organizations) AS orgs FROM users')).toEqual([before]);
  });

  it('logs in with the right password only, without saying which part was wrong', async () => {
    expect((await api.call('POST', '/auth/login', { body: { email: 'Ada@Example.com', password: ada.password } })).status).toBe(200);
    const wrong = await readJson(await api.call('POST', '/auth/login', { body: { email: ada.email, password: 'nope nope nope' } }));
    const unknown = await readJson(await api.call('POST', '/auth/login', { body: { email: 'nobody@example.com', password: 'nope nope nope' } }));
    expect(wrong.status).toBe(401);
    expect(unknown.detail).toBe(wrong.detail);
  });

  it('rejects short passwords and unknown fields at sign-up', async () => {
    const problem = await readJson(await api.call('POST', '/auth/signup', { body: { ...ada, email: 'b@example.com', password: 'short', role: 'owner' } }));
    expect(problem.status).toBe(400);
    expect(problem.errors.map((e: { field: string }) => e.field).sort()).toEqual(['password', 'role']);
  });

  describe('forged, expired and missing credentials get a 401 problem', () => {
    let userId: string;
    beforeAll(async () => {
      const session = await readJson(await api.call('POST', '/auth/login', { body: { email: ada.email, password: ada.password } }));
      userId = JSON.parse(Buffer.from(session.accessToken.split('.')[1], 'base64url').toString()).sub;
    });

    const expect401 = async (headers: Record<string, string>) => {
      const response = await api.call('GET', '/me', { headers });
      expect(response.status).toBe(401);
      expect((await readJson(response)).type).toBe('https://apex.dev/problems/unauthorized');
    };

    it('no credentials', () => expect401({}));
    it('alg: none', () => expect401({ authorization: `Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: userId, typ: 'access', iat: 0, exp: 4e9 })}.` }));
    it('signed with another secret', () => expect401({ authorization: `Bearer ${issueAccessToken(userId, 'another-secret'.padEnd(40, 'y'), 900)}` }));
    it('expired', () => expect401({ authorization: `Bearer ${issueAccessToken(userId, TEST_JWT_SECRET, 60, Date.now() - 3_600_000)}` }));
    it('payload altered after signing', () => {
      const [h, , s] = issueAccessToken(userId, TEST_JWT_SECRET, 900).split('.');
      return expect401({ authorization: `Bearer ${h}.${b64({ sub: '00000000-0000-0000-0000-000000000000', typ: 'access', iat: 0, exp: 4e9 })}.${s}` });
    });
    it('HS256 header with an HMAC over an empty key', () => {
      const body = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: userId, typ: 'access', iat: 0, exp: 4e9 })}`;
      return expect401({ authorization: `Bearer ${body}.${createHmac('sha256', '').update(body).digest('base64url')}` });
    });
    it('a malformed API key', () => expect401({ 'x-api-key': 'apx_not_a_key' }));
  });
});
