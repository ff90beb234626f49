import { waitFor } from '@apex/testing';
import { ApiOnTestDatabase, startApiOnTestDatabase } from '../testing/api-on-test-database';
import { ApiUnderTest, startApiUnderTest } from '../testing/api-under-test';
import { emailTo, expectProblem, linkToken, readJson, signUp, TestAccount } from './testing/account-fixtures';
import { apiWithEmailDeliveryForSuite } from './testing/api-with-email-delivery';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const logInFrom = (api: ApiUnderTest, email: string, password: string, address?: string) =>
  api.call('POST', '/auth/login', { body: { email, password }, headers: address ? { 'x-forwarded-for': address } : {} });

/** The 429 answer with its headers, checked to be a too-many-attempts problem. */
async function expectThrottled(response: Response) {
  const headers = {
    retryAfter: Number(response.headers.get('retry-after')),
    limit: Number(response.headers.get('ratelimit-limit')),
    remaining: response.headers.get('ratelimit-remaining'),
    reset: Number(response.headers.get('ratelimit-reset')),
  };
  const problem = await expectProblem(response, 429, 'too-many-attempts');
  expect(problem.retryAfterSeconds).toBe(headers.retryAfter);
  expect(headers.retryAfter).toBeGreaterThanOrEqual(1);
  expect(headers.remaining).toBe('0');
  return { ...headers, problem };
}

describe('Sign-in throttling: growing delays per account', () => {
  let started: ApiOnTestDatabase;
  let api: ApiUnderTest;
  let ada: TestAccount;

  beforeAll(async () => {
    started = await startApiOnTestDatabase({ LOGIN_FAILURES_BEFORE_DELAY: '3', LOGIN_MAX_DELAY_SECONDS: '4' });
    api = started.api;
    ada = await signUp(api, 'ada@delays.example');
  });
  afterAll(() => started?.stop());

  it('answers 300 wrong passwords at 21 a second with 429 after the first few, each admitted one later than the last', async () => {
    const begun = Date.now();
    const admittedAt: number[] = [];
    let throttled = 0;
    for (let i = 0; i < 300; i++) {
      const sentAt = Date.now();
      const response = await logInFrom(api, ada.email, `wrong guess ${i}`);
      if (response.status === 401) admittedAt.push(sentAt);
      else {
        await expectThrottled(response);
        throttled++;
      }
      await sleep(Math.max(0, begun + ((i + 1) * 1000) / 21 - Date.now()));
    }
    // Three failures go through at once; after them the gaps are 1, 2, then 4 seconds (the cap), measured from
    // the last admitted attempt; a little slack for the clock of the request.
    const gaps = admittedAt.slice(3).map((at, i) => at - admittedAt[i + 2]);
    const required = gaps.map((_gap, i) => Math.min(2 ** i, 4) * 1000);
    gaps.forEach((gap, i) => expect(gap).toBeGreaterThanOrEqual(required[i] - 150));
    const seconds = (Date.now() - begun) / 1000;
    expect(seconds).toBeGreaterThan(13);
    // 1 + 2 + 4 + 4 + … seconds fit at most this many admitted attempts into the run.
    expect(admittedAt.length).toBeLessThanOrEqual(3 + 2 + Math.ceil((seconds - 3) / 4));
    expect(admittedAt.length).toBeGreaterThanOrEqual(5);
    expect(throttled).toBe(300 - admittedAt.length);
  }, 60_000);

  it('makes the right password wait too, then lets it in and starts the count over', async () => {
    const waiting = await expectThrottled(await logInFrom(api, ada.email, ada.password));
    expect(waiting.problem.detail).toMatch(/failed sign-ins to this account/);
    expect(waiting.retryAfter).toBeLessThanOrEqual(4);
    await sleep(waiting.retryAfter * 1000 + 100);
    expect((await logInFrom(api, ada.email, ada.password)).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await logInFrom(api, ada.email, 'wrong again')).status).toBe(401);
  });

  it('treats an unknown email like a known one', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await logInFrom(api, 'nobody@delays.example', 'guess')).status);
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
  });
});

describe('Sign-in throttling per address, shared by two API processes on one database', () => {
  let first: ApiOnTestDatabase;
  let second: ApiUnderTest;
  const settings = { LOGIN_FAILURES_PER_ADDRESS: '3' };

  beforeAll(async () => {
    first = await startApiOnTestDatabase(settings);
    // A second Nest application in this test process, with its own pool, on the same database.
    second = await startApiUnderTest({ DATABASE_URL: first.database.url, TEMPORAL_ADDRESS: '127.0.0.1:1', ...settings });
  });
  afterAll(async () => {
    await second?.close();
    await first?.stop();
  });

  it('counts failures from this address on both, ignores successes, and refuses the fourth on either', async () => {
    const apps = [first.api, second];
    const grace = await signUp(first.api, 'grace@address.example');
    expect((await logInFrom(apps[0], 'a@address.example', 'wrong')).status).toBe(401);
    expect((await logInFrom(apps[1], 'b@address.example', 'wrong')).status).toBe(401);
    expect((await logInFrom(apps[1], grace.email, grace.password)).status).toBe(200);
    expect((await logInFrom(apps[0], 'c@address.example', 'wrong')).status).toBe(401);

    const refused = await expectThrottled(await logInFrom(apps[1], 'd@address.example', 'wrong'));
    expect(refused.problem.detail).toMatch(/failed sign-ins from this address/);
    expect(refused.limit).toBe(3);
    expect(refused.reset).toBeLessThanOrEqual(15 * 60);
    expect(refused.retryAfter).toBe(refused.reset);
    await expectThrottled(await logInFrom(apps[0], grace.email, grace.password));
  });

  it('does not believe X-Forwarded-For from a client when no proxy is trusted', async () => {
    await expectThrottled(await logInFrom(second, 'e@address.example', 'wrong', '203.0.113.99'));
    await expectThrottled(await logInFrom(first.api, 'e@address.example', 'wrong', '198.51.100.1, 203.0.113.98'));
  });
});

describe('Sign-in lock after failures from several addresses, with an email to the owner', () => {
  const stack = apiWithEmailDeliveryForSuite({
    TRUSTED_PROXIES: '127.0.0.1',
    LOGIN_LOCK_AFTER_FAILURES: '4',
    LOGIN_LOCK_MIN_ADDRESSES: '2',
    LOGIN_LOCK_MINUTES: '1',
    LOGIN_LOCK_MAX_MINUTES: '3',
  });
  let ada: TestAccount;
  const ownersAddress = '192.0.2.10';
  const lockedSubject = /Sign-in to your Apex account was locked/;
  const lockEmails = async () => (await stack.smtp.emails()).filter((e) => e.to[0]?.address === ada.email && lockedSubject.test(e.subject));

  beforeAll(async () => {
    ada = await signUp(stack.api, 'ada@lock.example');
    expect((await logInFrom(stack.api, ada.email, ada.password, ownersAddress)).status).toBe(200);
  });

  it('never locks the account for failures from one address alone', async () => {
    for (let i = 0; i < 6; i++) expect((await logInFrom(stack.api, ada.email, `guess ${i}`, '198.51.100.1')).status).toBe(401);
  });

  it('locks it for a minute when a second address fails too, and emails the owner once', async () => {
    const lock = await expectThrottled(await logInFrom(stack.api, ada.email, 'guess from elsewhere', '198.51.100.2'));
    expect(lock.problem.detail).toMatch(/locked/);
    expect(lock.retryAfter).toBeGreaterThan(50);
    expect(lock.retryAfter).toBeLessThanOrEqual(60);

    const email = await emailTo(stack.smtp, ada.email, lockedSubject);
    expect(email.text).toMatch(/^http:\/\/portal\.test\/forgot-password$/m);
    await expectThrottled(await logInFrom(stack.api, ada.email, 'more guessing', '198.51.100.3'));
    expect(await lockEmails()).toHaveLength(1);
  });

  it('refuses even the right password from a new address, but not from where the owner signed in before', async () => {
    await expectThrottled(await logInFrom(stack.api, ada.email, ada.password, '203.0.113.7'));
    expect((await logInFrom(stack.api, ada.email, ada.password, ownersAddress)).status).toBe(200);
  });

  it('lets the right password in from anywhere once the lock has run out', async () => {
    // The minute passes in the database rather than in the test.
    await stack.db.query("UPDATE login_lockouts SET locked_at = now() - interval '61 seconds', locked_until = now() - interval '1 second'");
    expect((await logInFrom(stack.api, ada.email, ada.password, '203.0.113.7')).status).toBe(200);
  });

  it('locks twice as long the second time the same day', async () => {
    for (let i = 0; i < 3; i++) expect((await logInFrom(stack.api, ada.email, `again ${i}`, '198.51.100.1')).status).toBe(401);
    const lock = await expectThrottled(await logInFrom(stack.api, ada.email, 'again', '198.51.100.2'));
    expect(lock.retryAfter).toBeGreaterThan(110);
    expect(lock.retryAfter).toBeLessThanOrEqual(120);
    await waitFor(lockEmails, (emails) => emails.length === 2, { what: 'the second lock email', timeoutMs: 30_000 });
  });

  it('ends the lock when the owner sets a new password through a reset link', async () => {
    await stack.smtp.clear();
    expect((await stack.api.call('POST', '/auth/password-reset', { body: { email: ada.email } })).status).toBe(202);
    const token = linkToken(await emailTo(stack.smtp, ada.email, /Reset your Apex password/), 'reset-password');
    expect((await stack.api.call('POST', '/auth/password-reset/confirm', { body: { token, password: 'a new long passphrase' } })).status).toBe(204);
    const session = await readJson(await logInFrom(stack.api, ada.email, 'a new long passphrase', '203.0.113.8'));
    expect(session.accessToken).toEqual(expect.any(String));
  });
});
