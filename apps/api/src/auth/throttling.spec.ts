import { DataSource } from 'typeorm';
import { ThrottleCounters } from '@apex/accounts';
import { ApiOnTestDatabase, startApiOnTestDatabase } from '../testing/api-on-test-database';
import { ApiUnderTest } from '../testing/api-under-test';
import { expectProblem, readJson, setTier, signUp, TestAccount } from './testing/account-fixtures';

/** The 429 answer, checked to be a too-many-attempts problem with Retry-After and the RateLimit-* headers. */
async function expectThrottled(response: Response, limit: number, what: RegExp) {
  const retryAfter = Number(response.headers.get('retry-after'));
  const reset = Number(response.headers.get('ratelimit-reset'));
  const problem = await expectProblem(response, 429, 'too-many-attempts');
  expect(problem.detail).toMatch(what);
  expect(Number(response.headers.get('ratelimit-limit'))).toBe(limit);
  expect(response.headers.get('ratelimit-remaining')).toBe('0');
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(reset).toBeGreaterThanOrEqual(retryAfter);
  return { retryAfter, reset };
}

describe('Throttling of sign-up, password resets, link tokens, refresh tokens and API keys', () => {
  let started: ApiOnTestDatabase;
  let api: ApiUnderTest;
  let db: DataSource;

  beforeAll(async () => {
    started = await startApiOnTestDatabase({
      SIGN_UPS_PER_ADDRESS_HOUR: '3',
      PASSWORD_RESET_REQUESTS_PER_ADDRESS_HOUR: '2',
      LINK_TOKEN_FAILURES_PER_ADDRESS: '2',
      REFRESH_FAILURES_PER_ADDRESS: '2',
      API_KEY_FAILURES_PER_PREFIX: '2',
      API_KEY_FAILURES_PER_ADDRESS: '4',
    });
    api = started.api;
    db = api.app.get(DataSource);
  });
  afterAll(() => started?.stop());

  let owner: TestAccount;

  it('refuses the fourth sign-up from one address in an hour, and creates nothing for it', async () => {
    owner = await signUp(api, 'owner@limits.example');
    await signUp(api, 'second@limits.example');
    await signUp(api, 'third@limits.example');
    const refused = await api.call('POST', '/auth/signup', {
      body: { email: 'fourth@limits.example', password: 'a long enough passphrase', name: 'Fourth', organizationName: 'Fourth Ltd' },
    });
    const { reset } = await expectThrottled(refused, 3, /sign-ups from this address/);
    expect(reset).toBeLessThanOrEqual(3600);
    expect(await db.query("SELECT id FROM users WHERE email = 'fourth@limits.example'")).toEqual([]);
  });

  it('refuses the third password-reset request from one address in an hour', async () => {
    expect((await api.call('POST', '/auth/password-reset', { body: { email: owner.email } })).status).toBe(202);
    expect((await api.call('POST', '/auth/password-reset', { body: { email: 'unknown@limits.example' } })).status).toBe(202);
    await expectThrottled(await api.call('POST', '/auth/password-reset', { body: { email: owner.email } }), 2, /password-reset requests/);
  });

  it('refuses invitation tokens from an address after two invalid ones, at preview and at accept', async () => {
    await expectProblem(await api.call('POST', '/invitations/preview', { body: { token: 'guess-one' } }), 400, 'invalid-token');
    await expectProblem(
      await api.call('POST', '/invitations/accept', { body: { token: 'guess-two', name: 'Mallory', password: 'a long enough passphrase' } }),
      400,
      'invalid-token',
    );
    await expectThrottled(await api.call('POST', '/invitations/preview', { body: { token: 'guess-three' } }), 2, /invalid link tokens/);
    await expectThrottled(
      await api.call('POST', '/invitations/accept', { body: { token: 'guess-four', name: 'Mallory', password: 'a long enough passphrase' } }),
      2,
      /invalid link tokens/,
    );
    // Password-reset links count in the same way.
    await expectThrottled(await api.call('POST', '/auth/password-reset/confirm', { body: { token: 'guess-five', password: 'a long enough passphrase' } }), 2, /invalid link tokens/);
  });

  it('refuses refresh tokens from an address after two invalid ones; a valid refresh does not count', async () => {
    const refresh = (refreshToken: string) => api.call('POST', '/auth/refresh', { body: { refreshToken } });
    await expectProblem(await refresh('not-a-refresh-token-1'), 401, 'unauthorized');
    const renewed = await refresh(owner.refreshToken);
    expect(renewed.status).toBe(200);
    const session = await readJson(renewed);
    await expectProblem(await refresh('not-a-refresh-token-2'), 401, 'unauthorized');
    await expectThrottled(await refresh(session.refreshToken), 2, /invalid refresh tokens/);
  });

  describe('API keys', () => {
    let key: string;
    const withKey = (apiKey: string) => api.call('GET', '/api-keys', { headers: { 'x-api-key': apiKey } });

    beforeAll(async () => {
      await setTier(api, owner.orgId, 'early');
      const login = await readJson(await api.call('POST', '/auth/login', { body: { email: owner.email, password: owner.password } }));
      key = (await readJson(await api.call('POST', '/api-keys', { token: login.accessToken, body: { name: 'CI' } }))).key;
    });

    it('answers 429 for a prefix after two wrong secrets, while the right key keeps working', async () => {
      const wrongSecret = `${key.slice(0, 17)}${'A'.repeat(43)}`;
      expect(wrongSecret).not.toBe(key);
      await expectProblem(await withKey(wrongSecret), 401, 'unauthorized');
      await expectProblem(await withKey(wrongSecret), 401, 'unauthorized');
      await expectThrottled(await withKey(wrongSecret), 2, /failed attempts with this API key/);
      expect((await withKey(key)).status).toBe(200);
    });

    it('answers 429 for an address after four failed keys, whatever the keys', async () => {
      // Three failures so far from this address: two with the prefix above, and the refused one.
      await expectProblem(await withKey('apx_not-a-key'), 401, 'unauthorized');
      await expectThrottled(await withKey('apx_still-not-a-key'), 4, /failed API-key attempts from this address/);
    });
  });
});

describe('Throttle counters in Postgres', () => {
  let started: ApiOnTestDatabase;
  let counters: ThrottleCounters;
  let db: DataSource;

  beforeAll(async () => {
    started = await startApiOnTestDatabase();
    counters = started.api.app.get(ThrottleCounters);
    db = started.api.app.get(DataSource);
  });
  afterAll(() => started?.stop());

  it('admits exactly the limit of forty hits made at once', async () => {
    const outcomes = await Promise.all(Array.from({ length: 40 }, () => counters.hit('test:parallel', { limit: 7, windowSeconds: 600 })));
    expect(outcomes.filter((outcome) => outcome.admitted)).toHaveLength(7);
    expect(outcomes.filter((outcome) => outcome.admitted).map((outcome) => outcome.hits).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(await counters.current('test:parallel', 600)).toBe(7);
  });

  it('sweeps rows whose window has ended as new hits come in', async () => {
    await db.query(
      `INSERT INTO throttle_counters (bucket, window_start, window_end, hits, last_hit_at)
       SELECT 'test:old-' || n, now() - interval '2 hours', now() - interval '1 hour', 1, now() - interval '2 hours' FROM generate_series(1, 30) n`,
    );
    await counters.hit('test:sweeper', { limit: 100, windowSeconds: 600 });
    await counters.hit('test:sweeper', { limit: 100, windowSeconds: 600 });
    const [{ n }] = await db.query("SELECT count(*)::int AS n FROM throttle_counters WHERE bucket LIKE 'test:old-%'");
    expect(n).toBe(0);
    expect(await counters.current('test:sweeper', 600)).toBe(2);
  });
});
