import { issueAccessToken, sha256 } from '@apex/accounts';
import { passwordResetWorkflowId } from '@apex/contracts';
import { TEST_JWT_SECRET } from '../testing/api-under-test';
import { apiWithEmailDeliveryForSuite } from './testing/api-with-email-delivery';
import { emailTo, expectProblem, linkToken, logIn, readJson, signUp, TestAccount } from './testing/account-fixtures';

describe('Password reset by email, end to end (API, Temporal, worker, outbox, SMTP)', () => {
  const stack = apiWithEmailDeliveryForSuite();

  const requestReset = (email: unknown) => stack.api.call('POST', '/auth/password-reset', { body: { email } });
  const confirm = (token: unknown, password: unknown) => stack.api.call('POST', '/auth/password-reset/confirm', { body: { token, password } });
  const resetsOf = (userId: string) => stack.db.query('SELECT id, token_hash, used_at, expires_at - created_at AS ttl FROM password_resets WHERE user_id = $1', [userId]);

  describe('a reset of an existing account', () => {
    let ada: TestAccount;
    let token: string;
    let resetId: string;

    beforeAll(async () => {
      ada = await signUp(stack.api, 'ada@reset.example');
    });

    it('answers 202, records a hashed one-hour token and emails a working link through workflow password-reset-<id>', async () => {
      expect((await requestReset('ADA@reset.example')).status).toBe(202);

      const email = await emailTo(stack.smtp, ada.email, /Reset your Apex password/);
      expect(email.text).toMatch(/^http:\/\/portal\.test\/reset-password\?token=/m);
      token = linkToken(email, 'reset-password');

      const [reset] = await resetsOf(ada.userId);
      resetId = reset.id;
      expect(reset.token_hash).toBe(sha256(token));
      expect(reset.ttl).toMatchObject({ hours: 1 });
      const [outbox] = await stack.db.query('SELECT status FROM email_outbox WHERE idempotency_key = $1', [`password-reset:${resetId}`]);
      expect(outbox.status).toBe('sent');

      const handle = stack.temporal.client.workflow.getHandle(passwordResetWorkflowId(resetId));
      expect(await handle.result()).toMatchObject({ status: 'sent' });
      const history = JSON.stringify(await handle.fetchHistory());
      expect(history).not.toContain(token);
    });

    it('sets the new password with the link: the old password, refresh tokens and access tokens stop working', async () => {
      const olderAccessToken = issueAccessToken(ada.userId, TEST_JWT_SECRET, 900, Date.now() - 5_000);
      expect((await stack.api.call('GET', '/me', { token: olderAccessToken })).status).toBe(200);

      expect((await confirm(token, 'a brand new passphrase')).status).toBe(204);

      await expectProblem(await logIn(stack.api, ada.email, ada.password), 401, 'unauthorized');
      const session = await readJson(await logIn(stack.api, ada.email, 'a brand new passphrase'));
      expect((await stack.api.call('GET', '/me', { token: session.accessToken })).status).toBe(200);
      await expectProblem(await stack.api.call('POST', '/auth/refresh', { body: { refreshToken: ada.refreshToken } }), 401, 'unauthorized');
      await expectProblem(await stack.api.call('GET', '/me', { token: olderAccessToken }), 401, 'unauthorized');
      expect((await resetsOf(ada.userId))[0].used_at).toBeInstanceOf(Date);
    });

    it('refuses the same link a second time and changes nothing', async () => {
      const problem = await expectProblem(await confirm(token, 'yet another passphrase'), 400, 'invalid-token');
      expect(problem.detail).toMatch(/already used|expired|unknown/);
      expect((await logIn(stack.api, ada.email, 'a brand new passphrase')).status).toBe(200);
    });
  });

  it('answers 202 for an unknown email too, and records and sends nothing', async () => {
    const before = await stack.db.query('SELECT count(*)::int AS n FROM password_resets');
    const known = await requestReset('ada@reset.example');
    const unknown = await requestReset('nobody@reset.example');
    expect([known.status, unknown.status]).toEqual([202, 202]);
    expect(await unknown.text()).toBe(await known.text());
    expect((await stack.db.query('SELECT count(*)::int AS n FROM password_resets'))[0].n).toBe(before[0].n + 1);
    await emailTo(stack.smtp, 'ada@reset.example', /Reset your Apex password/);
    expect((await stack.smtp.emails()).some((e) => e.to[0].address === 'nobody@reset.example')).toBe(false);
  });

  it('refuses an expired link, and every earlier link once one was used', async () => {
    const grace = await signUp(stack.api, 'grace@reset.example');
    await stack.smtp.clear();
    await requestReset(grace.email);
    const first = linkToken(await emailTo(stack.smtp, grace.email, /Reset/), 'reset-password');
    await stack.smtp.clear();
    await requestReset(grace.email);
    const second = linkToken(await emailTo(stack.smtp, grace.email, /Reset/), 'reset-password');
    expect(second).not.toBe(first);

    await stack.db.query("UPDATE password_resets SET expires_at = now() - interval '1 second' WHERE token_hash = $1", [sha256(first)]);
    await expectProblem(await confirm(first, 'expired link passphrase'), 400, 'invalid-token');

    await stack.db.query("UPDATE password_resets SET expires_at = now() + interval '1 hour' WHERE token_hash = $1", [sha256(first)]);
    expect((await confirm(second, 'second link passphrase')).status).toBe(204);
    await expectProblem(await confirm(first, 'first link passphrase'), 400, 'invalid-token');
    expect((await logIn(stack.api, grace.email, 'second link passphrase')).status).toBe(200);
  });

  it('refuses unknown tokens and bad input with a problem, without using the token up', async () => {
    const linus = await signUp(stack.api, 'linus@reset.example');
    await stack.smtp.clear();
    await requestReset(linus.email);
    const token = linkToken(await emailTo(stack.smtp, linus.email, /Reset/), 'reset-password');

    await expectProblem(await confirm('made-up-token', 'a long enough passphrase'), 400, 'invalid-token');
    await expectProblem(await confirm(`${token}x`, 'a long enough passphrase'), 400, 'invalid-token');
    const short = await expectProblem(await confirm(token, 'short'), 400, 'validation');
    expect(short.errors).toEqual([{ field: 'password', message: expect.any(String) }]);
    await expectProblem(await confirm(token, 123456789012), 400, 'validation');
    await expectProblem(await stack.api.call('POST', '/auth/password-reset/confirm', { body: { token, password: 'a long enough passphrase', userId: linus.userId } }), 400, 'validation');
    await expectProblem(await requestReset('not an email'), 400, 'validation');
    await expectProblem(await requestReset({ $ne: '' }), 400, 'validation');
    await expectProblem(await stack.api.call('POST', '/auth/password-reset', { body: '{"email":' }), 400, 'malformed-body');
    expect((await resetsOf(linus.userId))[0].used_at).toBeNull();

    expect((await confirm(token, 'a long enough passphrase')).status).toBe(204);
  });

  it('sends nothing more after five requests in an hour, and still answers 202', async () => {
    const flooded = await signUp(stack.api, 'flooded@reset.example');
    for (let i = 0; i < 7; i++) expect((await requestReset(flooded.email)).status).toBe(202);
    expect(await resetsOf(flooded.userId)).toHaveLength(5);
  });
});
