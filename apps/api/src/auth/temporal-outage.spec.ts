import { DataSource } from 'typeorm';
import { ApiOnTestDatabase, startApiOnTestDatabase } from '../testing/api-on-test-database';
import { ApiUnderTest } from '../testing/api-under-test';
import { expectProblem, readJson, setTier, signUp } from './testing/account-fixtures';

describe('Account emails while Temporal is unreachable', () => {
  let started: ApiOnTestDatabase;
  let api: ApiUnderTest;

  beforeAll(async () => {
    started = await startApiOnTestDatabase();
    api = started.api;
  });
  afterAll(async () => {
    await started?.stop();
  });

  it('answers a password reset of a known email exactly like an unknown one, at once', async () => {
    const ada = await signUp(api, 'ada@outage.example');
    const started = Date.now();
    const known = await api.call('POST', '/auth/password-reset', { body: { email: ada.email } });
    const unknown = await api.call('POST', '/auth/password-reset', { body: { email: 'nobody@outage.example' } });
    expect([known.status, unknown.status]).toEqual([202, 202]);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('answers an invitation with a 503 within seconds and leaves no usable invitation behind', async () => {
    const owner = await signUp(api, 'owner@outage.example');
    await setTier(api, owner.orgId, 'mid');
    const started = Date.now();
    const problem = await expectProblem(
      await api.call('POST', '/organization/invitations', { token: owner.accessToken, body: { email: 'grace@outage.example', role: 'member' } }),
      503,
      'service-unavailable',
    );
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(problem.title).toMatch(/could not be sent/);
    expect(await readJson(await api.call('GET', '/organization/invitations', { token: owner.accessToken }))).toEqual([]);
    const [row] = await api.app.get(DataSource).query('SELECT revoked_at FROM invitations');
    expect(row.revoked_at).toBeInstanceOf(Date);
  });
});
