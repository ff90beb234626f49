import { accountNoticeWorkflowId } from '@apex/contracts';
import { waitFor } from '@apex/testing';
import { emailTo, expectProblem, linkToken, readJson, signUp, TestAccount } from './testing/account-fixtures';
import { apiWithEmailDeliveryForSuite } from './testing/api-with-email-delivery';

const SIGN_UP_ATTEMPT = /Someone tried to sign up to Apex with your email/;
const PASSWORD_CHANGED = /The password of your Apex account was changed/;
const SIGN_IN_AFTER_LOCK = /New sign-in to your Apex account after it was locked/;

describe('Emails to an account owner about their account (API, Temporal, worker, outbox, SMTP)', () => {
  const stack = apiWithEmailDeliveryForSuite({
    TRUSTED_PROXIES: '127.0.0.1',
    LOGIN_LOCK_AFTER_FAILURES: '4',
    LOGIN_LOCK_MIN_ADDRESSES: '2',
    LOGIN_LOCK_MINUTES: '1',
  });

  const emailsTo = async (address: string, subject: RegExp) => (await stack.smtp.emails()).filter((e) => e.to[0]?.address === address && subject.test(e.subject));
  const logInFrom = (email: string, password: string, address: string) =>
    stack.api.call('POST', '/auth/login', { body: { email, password }, headers: { 'x-forwarded-for': address } });
  const noticesOf = (userId: string) => stack.db.query('SELECT id, kind FROM account_notices WHERE user_id = $1 ORDER BY created_at', [userId]);

  describe('a sign-up with an email that has an account', () => {
    let ada: TestAccount;
    const attempt = (email: string, organizationName: string) =>
      stack.api.call('POST', '/auth/signup', { body: { email, password: 'someone else entirely', name: 'Not Ada', organizationName } });

    beforeAll(async () => {
      ada = await signUp(stack.api, 'ada@notices.example');
    });

    it('answers with the same status and body as a sign-up with a new email, and creates nothing', async () => {
      const [before] = await stack.db.query('SELECT (SELECT count(*)::int FROM users) AS users, (SELECT count(*)::int FROM organizations) AS orgs');
      const taken = await attempt('Ada@Notices.example', 'Copycat Ltd');
      const fresh = await attempt('brand-new@notices.example', 'Fresh Ltd');
      expect(taken.status).toBe(202);
      expect(fresh.status).toBe(202);
      expect(taken.headers.get('content-type')).toBe(fresh.headers.get('content-type'));
      const [takenBody, freshBody] = [await readJson(taken), await readJson(fresh)];
      expect(Object.keys(takenBody).sort()).toEqual(Object.keys(freshBody).sort());
      expect(takenBody).toEqual({ email: 'Ada@Notices.example', detail: freshBody.detail });
      expect(await stack.db.query("SELECT count(*)::int AS n FROM organizations WHERE name = 'Copycat Ltd'")).toEqual([{ n: 0 }]);
      const [after] = await stack.db.query('SELECT (SELECT count(*)::int FROM users) AS users, (SELECT count(*)::int FROM organizations) AS orgs');
      expect(after).toEqual({ users: before.users + 1, orgs: before.orgs + 1 });
    });

    it('emails the owner that someone tried, through workflow account-notice-<id>, and leaves the password alone', async () => {
      const email = await emailTo(stack.smtp, ada.email, SIGN_UP_ATTEMPT);
      expect(email.text).toContain('someone tried to create a new Apex account with ada@notices.example');
      expect(email.text).toMatch(/^http:\/\/portal\.test\/forgot-password$/m);
      const [notice] = await noticesOf(ada.userId);
      expect(notice.kind).toBe('sign-up-attempt');
      expect(await stack.temporal.client.workflow.getHandle(accountNoticeWorkflowId(notice.id)).result()).toMatchObject({ status: 'sent' });
      expect((await logInFrom(ada.email, ada.password, '192.0.2.1')).status).toBe(200);
    });

    it('emails them at most once a day, however often someone tries', async () => {
      for (let i = 0; i < 3; i++) expect((await attempt(ada.email, `Again ${i} Ltd`)).status).toBe(202);
      expect(await noticesOf(ada.userId)).toHaveLength(1);
      expect(await emailsTo(ada.email, SIGN_UP_ATTEMPT)).toHaveLength(1);
    });

    it('a new email gets the verification email instead, and no notice', async () => {
      await emailTo(stack.smtp, 'brand-new@notices.example', /Verify your email for Apex/);
      expect(await emailsTo('brand-new@notices.example', SIGN_UP_ATTEMPT)).toEqual([]);
    });
  });

  it('tells the owner that the password was changed through a reset link', async () => {
    const grace = await signUp(stack.api, 'grace@notices.example');
    expect((await stack.api.call('POST', '/auth/password-reset', { body: { email: grace.email } })).status).toBe(202);
    const token = linkToken(await emailTo(stack.smtp, grace.email, /Reset your Apex password/), 'reset-password');
    expect(await emailsTo(grace.email, PASSWORD_CHANGED)).toEqual([]);
    expect((await stack.api.call('POST', '/auth/password-reset/confirm', { body: { token, password: 'a new long passphrase' } })).status).toBe(204);

    const email = await emailTo(stack.smtp, grace.email, PASSWORD_CHANGED);
    expect(email.text).toContain('every session of the account was ended');
    expect(email.text).toMatch(/^http:\/\/portal\.test\/forgot-password$/m);
    expect((await noticesOf(grace.userId)).map((n: { kind: string }) => n.kind)).toEqual(['password-changed']);
  });

  describe('a sign-in right after a lock', () => {
    let hopper: TestAccount;
    const ownersAddress = '192.0.2.20';

    beforeAll(async () => {
      hopper = await signUp(stack.api, 'hopper@notices.example');
      expect((await logInFrom(hopper.email, hopper.password, ownersAddress)).status).toBe(200);
    });

    it('sends nothing for sign-ins while the account was never locked', async () => {
      expect(await noticesOf(hopper.userId)).toEqual([]);
    });

    it('emails the owner when a session signs in while the account is locked, once per lock', async () => {
      for (let i = 0; i < 3; i++) expect((await logInFrom(hopper.email, `guess ${i}`, '198.51.100.1')).status).toBe(401);
      await expectProblem(await logInFrom(hopper.email, 'guess from elsewhere', '198.51.100.2'), 429, 'too-many-attempts');
      await emailTo(stack.smtp, hopper.email, /Sign-in to your Apex account was locked/);
      expect(await emailsTo(hopper.email, SIGN_IN_AFTER_LOCK)).toEqual([]);

      expect((await logInFrom(hopper.email, hopper.password, ownersAddress)).status).toBe(200);
      const email = await emailTo(stack.smtp, hopper.email, SIGN_IN_AFTER_LOCK);
      expect(email.text).toContain('a new session signed in with the right password');
      expect(email.text).toMatch(/^http:\/\/portal\.test\/forgot-password$/m);

      expect((await logInFrom(hopper.email, hopper.password, ownersAddress)).status).toBe(200);
      expect((await noticesOf(hopper.userId)).map((n: { kind: string }) => n.kind)).toEqual(['sign-in-after-lock']);
    });

    it('sends no second email for the same lock once it ran out, and one for the next lock', async () => {
      await stack.db.query("UPDATE login_lockouts SET locked_at = now() - interval '2 minutes', locked_until = now() - interval '1 minute'");
      const [{ n: locks }] = await stack.db.query('SELECT count(*)::int AS n FROM login_lockouts');
      expect(locks).toBe(1);
      // Still the same lock: its notice went out already.
      expect((await logInFrom(hopper.email, hopper.password, '203.0.113.9')).status).toBe(200);
      expect(await noticesOf(hopper.userId)).toHaveLength(1);

      for (let i = 0; i < 3; i++) expect((await logInFrom(hopper.email, `again ${i}`, '198.51.100.1')).status).toBe(401);
      await expectProblem(await logInFrom(hopper.email, 'again', '198.51.100.2'), 429, 'too-many-attempts');
      expect((await logInFrom(hopper.email, hopper.password, ownersAddress)).status).toBe(200);
      await waitFor(() => emailsTo(hopper.email, SIGN_IN_AFTER_LOCK), (emails) => emails.length === 2, { what: 'the second sign-in-after-lock email', timeoutMs: 30_000 });
    });

    it('sends nothing for a sign-in more than a day after the lock', async () => {
      await stack.db.query("UPDATE login_lockouts SET locked_at = now() - interval '25 hours', locked_until = now() - interval '24 hours'");
      await stack.db.query('DELETE FROM account_notices WHERE user_id = $1', [hopper.userId]);
      expect((await logInFrom(hopper.email, hopper.password, ownersAddress)).status).toBe(200);
      expect(await noticesOf(hopper.userId)).toEqual([]);
    });
  });
});
