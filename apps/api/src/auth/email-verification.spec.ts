import { sha256 } from '@apex/accounts';
import { emailVerificationWorkflowId } from '@apex/contracts';
import { waitFor } from '@apex/testing';
import { emailTo, expectProblem, linkToken, logIn, readJson, setTier, signUp, TestAccount } from './testing/account-fixtures';
import { apiWithEmailDeliveryForSuite } from './testing/api-with-email-delivery';

const VERIFY_SUBJECT = /Verify your email for Apex/;

describe('Email verification, end to end (API, Temporal, worker, outbox, SMTP)', () => {
  const stack = apiWithEmailDeliveryForSuite();

  const confirm = (token: unknown) => stack.api.call('POST', '/auth/email-verification/confirm', { body: { token } });
  const resend = (account: TestAccount) => stack.api.call('POST', '/auth/email-verification', { token: account.accessToken });
  const verificationsOf = (userId: string) =>
    stack.db.query('SELECT id, token_hash, used_at, expires_at - created_at AS ttl FROM email_verifications WHERE user_id = $1 ORDER BY created_at', [userId]);
  const invite = (account: TestAccount) =>
    stack.api.call('POST', '/organization/invitations', { token: account.accessToken, body: { email: `hire-of-${account.email}`, role: 'member' } });
  // Incomplete OpenAI credentials: once the email is verified they are refused as invalid, before any provider is called.
  const connect = (account: TestAccount) =>
    stack.api.call('POST', '/cost-connections', { token: account.accessToken, body: { provider: 'openai', name: 'OpenAI', credentials: {} } });
  const startTrial = (account: TestAccount) => stack.api.call('POST', '/billing/trial', { token: account.accessToken });

  describe('a new account', () => {
    let ada: TestAccount;
    let token: string;

    beforeAll(async () => {
      ada = await signUp(stack.api, 'ada@verify.example', 'Engines Ltd', { verified: false });
      // The plan includes team_collaboration, so only the verification stands in the way of an invitation.
      await setTier(stack.api, ada.orgId, 'mid');
    });

    it('is emailed a link through workflow email-verification-<id>, whose single-use token is stored only hashed and lasts 48 hours', async () => {
      const email = await emailTo(stack.smtp, ada.email, VERIFY_SUBJECT);
      expect(email.text).toMatch(/^http:\/\/portal\.test\/verify-email\?token=/m);
      token = linkToken(email, 'verify-email');

      const [verification] = await verificationsOf(ada.userId);
      expect(verification.token_hash).toBe(sha256(token));
      expect(verification.ttl).toMatchObject({ days: 2 });
      expect(verification.used_at).toBeNull();
      expect(JSON.stringify(await stack.db.query('SELECT * FROM email_verifications'))).not.toContain(token);
      const handle = stack.temporal.client.workflow.getHandle(emailVerificationWorkflowId(verification.id));
      expect(await handle.result()).toMatchObject({ status: 'sent' });
      expect(JSON.stringify(await handle.fetchHistory())).not.toContain(token);
    });

    it('can sign in and read, and /me says the email is not verified', async () => {
      expect((await logIn(stack.api, ada.email, ada.password)).status).toBe(200);
      const me = await readJson(await stack.api.call('GET', '/me', { token: ada.accessToken }));
      expect(me.user).toMatchObject({ email: ada.email, emailVerified: false });
      expect((await stack.api.call('GET', '/organization/members', { token: ada.accessToken })).status).toBe(200);
    });

    it.each([
      ['invite members', invite],
      ['connect cost accounts', connect],
      ['start a trial', startTrial],
    ])('cannot %s: 403 email-unverified naming the resend route, and nothing is written', async (_what, attempt) => {
      const counts = () =>
        stack.db.query(
          `SELECT (SELECT count(*)::int FROM invitations WHERE org_id = $1) AS invitations, (SELECT count(*)::int FROM cost_connections WHERE org_id = $1) AS connections,
                  (SELECT trial_started_at FROM organizations WHERE id = $1) AS trial`,
          [ada.orgId],
        );
      const before = await counts();
      const problem = await expectProblem(await attempt(ada), 403, 'email-unverified');
      expect(problem).toMatchObject({ title: 'Verify your email first', resend: '/api/v1/auth/email-verification' });
      expect(problem.detail).toMatch(/verify your email/);
      expect(await counts()).toEqual(before);
    });

    it('asks for a new link: 202 and a second email with another link', async () => {
      expect((await resend(ada)).status).toBe(202);
      await waitForEmails(ada.email, 2);
      expect(await verificationsOf(ada.userId)).toHaveLength(2);
    });

    it('verifies with the link: 200, /me says verified, and every open link is used up', async () => {
      const response = await confirm(token);
      expect(response.status).toBe(200);
      const verified = await readJson(response);
      expect(verified).toEqual({ email: ada.email, verifiedAt: expect.any(String) });
      expect(Math.abs(Date.parse(verified.verifiedAt) - Date.now())).toBeLessThan(60_000);
      expect((await readJson(await stack.api.call('GET', '/me', { token: ada.accessToken }))).user.emailVerified).toBe(true);
      expect((await verificationsOf(ada.userId)).map((v: { used_at: Date | null }) => v.used_at)).toEqual([expect.any(Date), expect.any(Date)]);
    });

    it('then invites, and its cost connection and trial get as far as the usual checks', async () => {
      expect((await invite(ada)).status).toBe(201);
      await expectProblem(await connect(ada), 400, 'validation');
      // Payments are off in this stack (billing.spec.ts starts trials with them on).
      await expectProblem(await startTrial(ada), 403, 'payments-disabled');
    });

    it('verifying twice, with the same or the other link, is a 409 that changes nothing', async () => {
      const [{ email_verified_at: before }] = await stack.db.query('SELECT email_verified_at FROM users WHERE id = $1', [ada.userId]);
      const problem = await expectProblem(await confirm(token), 409, 'conflict');
      expect(problem.detail).toMatch(/already verified/);
      const second = linkToken((await waitForEmails(ada.email, 2))[1], 'verify-email');
      await expectProblem(await confirm(second), 409, 'conflict');
      expect((await stack.db.query('SELECT email_verified_at FROM users WHERE id = $1', [ada.userId]))[0].email_verified_at).toEqual(before);
    });

    it('asking for a link once verified is a 409', async () => {
      const problem = await expectProblem(await resend(ada), 409, 'conflict');
      expect(problem.detail).toMatch(/already verified/);
    });
  });

  it('refuses a wrong token with a 400 invalid-token and verifies nobody', async () => {
    const [{ n: before }] = await stack.db.query('SELECT count(*)::int AS n FROM users WHERE email_verified_at IS NOT NULL');
    const problem = await expectProblem(await confirm('not-a-verification-token'), 400, 'invalid-token');
    expect(problem.detail).toMatch(/not valid/);
    await expectProblem(await confirm(''), 400, 'validation');
    expect((await stack.db.query('SELECT count(*)::int AS n FROM users WHERE email_verified_at IS NOT NULL'))[0].n).toBe(before);
  });

  it('refuses an expired link with a 400 that says so, and the account stays unverified', async () => {
    const grace = await signUp(stack.api, 'grace@verify.example', 'Compilers Ltd', { verified: false });
    const token = linkToken(await emailTo(stack.smtp, grace.email, VERIFY_SUBJECT), 'verify-email');
    await stack.db.query("UPDATE email_verifications SET expires_at = now() - interval '1 second' WHERE user_id = $1", [grace.userId]);
    const problem = await expectProblem(await confirm(token), 400, 'invalid-token');
    expect(problem.detail).toMatch(/expired/);
    expect((await readJson(await stack.api.call('GET', '/me', { token: grace.accessToken }))).user.emailVerified).toBe(false);
  });

  it('sends at most 5 links an hour: the sign-up one and 4 more, then 429', async () => {
    const hopper = await signUp(stack.api, 'hopper@verify.example', 'Cobol Inc', { verified: false });
    for (let i = 0; i < 4; i++) expect((await resend(hopper)).status).toBe(202);
    await expectProblem(await resend(hopper), 429, 'limit-reached');
    expect(await verificationsOf(hopper.userId)).toHaveLength(5);
  });

  it('an invited member is verified by accepting the emailed invitation', async () => {
    const owner = await signUp(stack.api, 'owner@invites.example');
    await setTier(stack.api, owner.orgId, 'mid');
    expect((await stack.api.call('POST', '/organization/invitations', { token: owner.accessToken, body: { email: 'new@invites.example', role: 'admin' } })).status).toBe(201);
    const token = linkToken(await emailTo(stack.smtp, 'new@invites.example', /invited you/i), 'accept-invitation');
    const accepted = await readJson(await stack.api.call('POST', '/invitations/accept', { body: { token, name: 'New Admin', password: 'a long enough passphrase' } }));
    expect((await readJson(await stack.api.call('GET', '/me', { token: accepted.accessToken }))).user.emailVerified).toBe(true);
  });

  const waitForEmails = (address: string, count: number) =>
    waitFor(
      async () => (await stack.smtp.emails()).filter((e) => e.to[0]?.address === address && VERIFY_SUBJECT.test(e.subject)),
      (emails) => emails.length >= count,
      { what: `${count} verification emails to ${address}`, timeoutMs: 30_000 },
    );
});
