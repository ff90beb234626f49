import { DataSource } from 'typeorm';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { sha256 } from '@apex/accounts';
import { invitationWorkflowId } from '@apex/contracts';
import type { SmtpCatcherHandle } from '@apex/devstack';
import { ApiUnderTest } from '../testing/api-under-test';
import { ApiWithEmailDelivery, startApiWithEmailDelivery } from '../auth/testing/api-with-email-delivery';
import {
  addMember,
  emailTo,
  expectProblem,
  linkToken,
  logIn,
  readJson,
  setTier,
  signUp,
  TestAccount,
} from '../auth/testing/account-fixtures';

describe('Members, roles and invitations', () => {
  let started: ApiWithEmailDelivery;
  let temporal: TestWorkflowEnvironment;
  let smtp: SmtpCatcherHandle;
  let api: ApiUnderTest;
  let db: DataSource;
  let owner: TestAccount;

  beforeAll(async () => {
    started = await startApiWithEmailDelivery();
    ({ temporal, smtp, api, db } = started);
    owner = await signUp(api, 'ada@team.example', 'Engines Ltd');
  }, 120_000);
  afterAll(async () => {
    await started?.stop();
  });

  const invite = (by: TestAccount, email: string, role = 'member') =>
    api.call('POST', '/organization/invitations', { token: by.accessToken, body: { email, role } });
  const members = async (by: TestAccount) => readJson(await api.call('GET', '/organization/members', { token: by.accessToken }));
  const roleOf = async (userId: string) => (await db.query('SELECT role FROM users WHERE id = $1', [userId]))[0].role;
  const inviteAndReadLink = async (by: TestAccount, email: string, role = 'member') => {
    const response = await invite(by, email, role);
    if (response.status !== 201) throw new Error(`invite answered ${response.status}: ${await response.text()}`);
    const invitation = await readJson(response);
    return { invitation, token: linkToken(await emailTo(smtp, email, /invited you/), 'accept-invitation') };
  };

  it('lists the organisation, starting with its owner', async () => {
    expect(await members(owner)).toEqual([
      { userId: owner.userId, email: owner.email, name: 'ada', role: 'owner', joinedAt: expect.any(String) },
    ]);
  });

  it('gates invitations behind team_collaboration with the plan that unlocks it', async () => {
    const problem = await expectProblem(await invite(owner, 'grace@team.example'), 403, 'feature-gated');
    expect(problem).toMatchObject({ feature: 'team_collaboration', requiredTier: 'mid', upgrade: { tier: 'mid', name: 'Mid' } });
    expect(await db.query('SELECT 1 FROM invitations')).toHaveLength(0);
    await setTier(api, owner.orgId, 'mid');
  });

  describe('an invitation accepted', () => {
    let grace: TestAccount;
    let token: string;

    it('emails an accept link through workflow invitation-<id>, never putting the token in its history', async () => {
      const sent = await inviteAndReadLink(owner, 'grace@team.example', 'admin');
      token = sent.token;
      expect(sent.invitation).toEqual({ id: expect.any(String), email: 'grace@team.example', role: 'admin', expiresAt: expect.any(String), acceptedAt: null });
      const email = await emailTo(smtp, 'grace@team.example', /invited you/);
      expect(email.subject).toBe('ada invited you to Engines Ltd on Apex');
      expect(email.text).toContain(`http://portal.test/accept-invitation?token=`);
      const [row] = await db.query('SELECT token_hash, expires_at - created_at AS ttl FROM invitations WHERE id = $1', [sent.invitation.id]);
      expect(row.token_hash).toBe(sha256(token));
      expect(row.ttl).toMatchObject({ days: 7 });
      const handle = temporal.client.workflow.getHandle(invitationWorkflowId(sent.invitation.id));
      expect(await handle.result()).toMatchObject({ status: 'sent' });
      expect(JSON.stringify(await handle.fetchHistory())).not.toContain(token);
      expect(await readJson(await api.call('GET', '/organization/invitations', { token: owner.accessToken }))).toEqual([sent.invitation]);
    });

    it('shows what the link is for before it is accepted', async () => {
      const preview = await readJson(await api.call('POST', '/invitations/preview', { body: { token } }));
      expect(preview).toEqual({ email: 'grace@team.example', organizationName: 'Engines Ltd', role: 'admin', invitedBy: 'ada', expiresAt: expect.any(String) });
    });

    it('creates the account in the inviting organisation with the invited role, signed in', async () => {
      const response = await api.call('POST', '/invitations/accept', { body: { token, name: 'Grace Hopper', password: 'compilers are fun' } });
      expect(response.status).toBe(201);
      const session = await readJson(response);
      const me = await readJson(await api.call('GET', '/me', { token: session.accessToken }));
      expect(me).toMatchObject({ user: { email: 'grace@team.example', name: 'Grace Hopper', isOperator: false }, organization: { id: owner.orgId }, role: 'admin' });
      grace = { email: 'grace@team.example', password: 'compilers are fun', userId: me.user.id, orgId: owner.orgId, ...session };
      expect((await members(owner)).map((m: { email: string; role: string }) => [m.email, m.role])).toEqual([
        ['ada@team.example', 'owner'],
        ['grace@team.example', 'admin'],
      ]);
      const [invitation] = await readJson(await api.call('GET', '/organization/invitations', { token: owner.accessToken }));
      expect(invitation.acceptedAt).toEqual(expect.any(String));
    });

    it('works once: accepting or previewing again is an invalid-token problem', async () => {
      await expectProblem(await api.call('POST', '/invitations/accept', { body: { token, name: 'Mallory', password: 'compilers are fun' } }), 400, 'invalid-token');
      await expectProblem(await api.call('POST', '/invitations/preview', { body: { token } }), 400, 'invalid-token');
      expect(await db.query("SELECT 1 FROM users WHERE name = 'Mallory'")).toHaveLength(0);
    });

    it('lets an admin invite too, but not change roles', async () => {
      expect((await invite(grace, 'linus@team.example')).status).toBe(201);
      await expectProblem(await api.call('PATCH', `/organization/members/${owner.userId}`, { token: grace.accessToken, body: { role: 'member' } }), 403, 'forbidden');
      await expectProblem(await api.call('PATCH', `/organization/members/${grace.userId}`, { token: grace.accessToken, body: { role: 'owner' } }), 403, 'forbidden');
      expect(await roleOf(grace.userId)).toBe('admin');
    });
  });

  it('replaces a pending invitation to the same email: only the newest link works', async () => {
    const first = await inviteAndReadLink(owner, 'barbara@team.example');
    await smtp.clear();
    const second = await inviteAndReadLink(owner, 'barbara@team.example');
    await expectProblem(await api.call('POST', '/invitations/preview', { body: { token: first.token } }), 400, 'invalid-token');
    expect((await api.call('POST', '/invitations/preview', { body: { token: second.token } })).status).toBe(200);
    const pending = await readJson(await api.call('GET', '/organization/invitations', { token: owner.accessToken }));
    expect(pending.filter((i: { email: string }) => i.email === 'barbara@team.example').map((i: { id: string }) => i.id)).toEqual([second.invitation.id]);
  });

  it('revokes an invitation: 204, its link stops working, revoking again changes nothing', async () => {
    const { invitation, token } = await inviteAndReadLink(owner, 'edsger@team.example');
    expect((await api.call('DELETE', `/organization/invitations/${invitation.id}`, { token: owner.accessToken })).status).toBe(204);
    expect((await api.call('DELETE', `/organization/invitations/${invitation.id}`, { token: owner.accessToken })).status).toBe(204);
    await expectProblem(await api.call('POST', '/invitations/accept', { body: { token, name: 'Edsger', password: 'goto considered harmful' } }), 400, 'invalid-token');
  });

  it('refuses an expired invitation', async () => {
    const { invitation, token } = await inviteAndReadLink(owner, 'late@team.example');
    await db.query("UPDATE invitations SET expires_at = now() - interval '1 second' WHERE id = $1", [invitation.id]);
    await expectProblem(await api.call('POST', '/invitations/accept', { body: { token, name: 'Late', password: 'better late than never' } }), 400, 'invalid-token');
  });

  it('refuses to invite a current member (409) and cannot accept for an email that already has an account elsewhere (409)', async () => {
    await expectProblem(await invite(owner, 'ADA@team.example'), 409, 'conflict');
    const { token } = await inviteAndReadLink(owner, 'elsewhere@team.example');
    await signUp(api, 'elsewhere@team.example', 'Elsewhere Inc');
    await expectProblem(await api.call('POST', '/invitations/accept', { body: { token, name: 'Twice', password: 'one email one org' } }), 409, 'conflict');
  });

  it('refuses an invitation once the plan lost team_collaboration', async () => {
    const { token } = await inviteAndReadLink(owner, 'downgraded@team.example');
    await setTier(api, owner.orgId, 'early');
    try {
      const problem = await expectProblem(
        await api.call('POST', '/invitations/accept', { body: { token, name: 'Down', password: 'plans do change' } }),
        403,
        'feature-gated',
      );
      expect(problem).toMatchObject({ feature: 'team_collaboration', requiredTier: 'mid' });
    } finally {
      await setTier(api, owner.orgId, 'mid');
    }
  });

  describe('roles', () => {
    let member: TestAccount;
    let admin: TestAccount;
    beforeAll(async () => {
      member = await addMember(api, owner.orgId, 'member@team.example', 'member');
      admin = await addMember(api, owner.orgId, 'admin@team.example', 'admin');
    });

    it('members see the team but cannot invite, change roles, remove anyone or see invitations', async () => {
      expect((await members(member)).length).toBeGreaterThan(2);
      await expectProblem(await invite(member, 'friend@team.example'), 403, 'forbidden');
      await expectProblem(await api.call('GET', '/organization/invitations', { token: member.accessToken }), 403, 'forbidden');
      await expectProblem(await api.call('PATCH', `/organization/members/${member.userId}`, { token: member.accessToken, body: { role: 'owner' } }), 403, 'forbidden');
      await expectProblem(await api.call('DELETE', `/organization/members/${admin.userId}`, { token: member.accessToken }), 403, 'forbidden');
      expect([await roleOf(member.userId), await roleOf(admin.userId)]).toEqual(['member', 'admin']);
    });

    it('never makes anyone an operator, and never invites an owner', async () => {
      const problem = await expectProblem(
        await api.call('PATCH', `/organization/members/${member.userId}`, { token: owner.accessToken, body: { role: 'operator' } }),
        400,
        'validation',
      );
      expect(problem.errors[0].field).toBe('role');
      await expectProblem(
        await api.call('PATCH', `/organization/members/${member.userId}`, { token: owner.accessToken, body: { role: 'member', isOperator: true } }),
        400,
        'validation',
      );
      await expectProblem(await invite(owner, 'boss@team.example', 'owner'), 400, 'validation');
      expect((await db.query('SELECT count(*)::int AS n FROM users WHERE is_operator'))[0].n).toBe(0);
    });

    it('the owner changes roles, but the last owner cannot be demoted', async () => {
      const demote = await expectProblem(
        await api.call('PATCH', `/organization/members/${owner.userId}`, { token: owner.accessToken, body: { role: 'admin' } }),
        409,
        'conflict',
      );
      expect(demote.detail).toMatch(/at least one owner/);
      expect(await roleOf(owner.userId)).toBe('owner');

      const promoted = await api.call('PATCH', `/organization/members/${member.userId}`, { token: owner.accessToken, body: { role: 'owner' } });
      expect(promoted.status).toBe(200);
      expect(await readJson(promoted)).toMatchObject({ userId: member.userId, role: 'owner' });
      // With two owners either may step down, but not both at once.
      const [a, b] = await Promise.all([
        api.call('PATCH', `/organization/members/${owner.userId}`, { token: owner.accessToken, body: { role: 'admin' } }),
        api.call('PATCH', `/organization/members/${member.userId}`, { token: member.accessToken, body: { role: 'admin' } }),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 409]);
      const owners = await db.query("SELECT id FROM users WHERE org_id = $1 AND role = 'owner' AND removed_at IS NULL", [owner.orgId]);
      expect(owners).toHaveLength(1);
      // Put the roles back for the tests that follow.
      await db.query("UPDATE users SET role = CASE WHEN id = $1 THEN 'owner' ELSE 'member' END WHERE id IN ($1, $2)", [owner.userId, member.userId]);
      expect([await roleOf(owner.userId), await roleOf(member.userId)]).toEqual(['owner', 'member']);
    });

    it('admins remove members but not owners; nobody removes the last owner', async () => {
      await expectProblem(await api.call('DELETE', `/organization/members/${owner.userId}`, { token: admin.accessToken }), 403, 'forbidden');
      await expectProblem(await api.call('DELETE', `/organization/members/${owner.userId}`, { token: owner.accessToken }), 409, 'conflict');
      expect(await roleOf(owner.userId)).toBe('owner');
      expect((await db.query('SELECT removed_at FROM users WHERE id = $1', [owner.userId]))[0].removed_at).toBeNull();
    });

    it('removing a member ends their access at once: sessions, refresh tokens and API keys; the email is free again', async () => {
      const leaving = await addMember(api, owner.orgId, 'leaving@team.example', 'member');
      const key = await readJson(await api.call('POST', '/api-keys', { token: leaving.accessToken, body: { name: 'laptop' } }));
      expect((await api.call('GET', '/me', { headers: { 'x-api-key': key.key } })).status).toBe(200);

      expect((await api.call('DELETE', `/organization/members/${leaving.userId}`, { token: admin.accessToken })).status).toBe(204);

      await expectProblem(await api.call('GET', '/me', { token: leaving.accessToken }), 401, 'unauthorized');
      await expectProblem(await api.call('GET', '/me', { headers: { 'x-api-key': key.key } }), 401, 'unauthorized');
      await expectProblem(await api.call('POST', '/auth/refresh', { body: { refreshToken: leaving.refreshToken } }), 401, 'unauthorized');
      await expectProblem(await logIn(api, leaving.email, leaving.password), 401, 'unauthorized');
      expect((await members(owner)).map((m: { userId: string }) => m.userId)).not.toContain(leaving.userId);
      await expectProblem(await api.call('DELETE', `/organization/members/${leaving.userId}`, { token: owner.accessToken }), 404, 'not-found');
      expect((await api.call('POST', '/auth/signup', { body: { email: leaving.email, password: 'a fresh start here', name: 'Again', organizationName: 'Next Co' } })).status).toBe(202);
    });

    it('an API key cannot invite, change roles or remove members', async () => {
      const { key } = await readJson(await api.call('POST', '/api-keys', { token: owner.accessToken, body: { name: 'robot' } }));
      const headers = { 'x-api-key': key };
      await expectProblem(await api.call('POST', '/organization/invitations', { headers, body: { email: 'robot@team.example', role: 'admin' } }), 403, 'forbidden');
      await expectProblem(await api.call('PATCH', `/organization/members/${member.userId}`, { headers, body: { role: 'owner' } }), 403, 'forbidden');
      await expectProblem(await api.call('DELETE', `/organization/members/${member.userId}`, { headers }), 403, 'forbidden');
      expect((await api.call('GET', '/organization/members', { headers })).status).toBe(200);
    });
  });

  it('answers 404 for ids of another organisation or that are not ids at all', async () => {
    const stranger = await signUp(api, 'stranger@elsewhere.example');
    await setTier(api, stranger.orgId, 'mid');
    const { invitation } = await inviteAndReadLink(stranger, 'their-hire@elsewhere.example');
    await expectProblem(await api.call('PATCH', `/organization/members/${stranger.userId}`, { token: owner.accessToken, body: { role: 'member' } }), 404, 'not-found');
    await expectProblem(await api.call('DELETE', `/organization/members/${stranger.userId}`, { token: owner.accessToken }), 404, 'not-found');
    await expectProblem(await api.call('DELETE', `/organization/invitations/${invitation.id}`, { token: owner.accessToken }), 404, 'not-found');
    await expectProblem(await api.call('DELETE', '/organization/members/42', { token: owner.accessToken }), 404, 'not-found');
    expect(await roleOf(stranger.userId)).toBe('owner');
    expect((await db.query('SELECT revoked_at FROM invitations WHERE id = $1', [invitation.id]))[0].revoked_at).toBeNull();
  });

  it('rejects bad invitation and acceptance input with a validation problem and stores nothing', async () => {
    const count = async () => (await db.query('SELECT (SELECT count(*) FROM invitations) + (SELECT count(*) FROM users) AS n'))[0].n;
    const before = await count();
    for (const body of [{ email: 'not-an-email', role: 'member' }, { email: 'x@team.example' }, { email: ['x@team.example'], role: 'member' }, { email: 'x@team.example', role: 'member', orgId: owner.orgId }]) {
      await expectProblem(await api.call('POST', '/organization/invitations', { token: owner.accessToken, body }), 400, 'validation');
    }
    for (const body of [{ token: 'x', name: ' ', password: 'long enough password' }, { token: 'x', name: 'A', password: 'short' }, { token: 1, name: 'A', password: 'long enough password' }, { token: 'x', name: 'A', password: 'long enough password', role: 'owner' }]) {
      await expectProblem(await api.call('POST', '/invitations/accept', { body }), 400, 'validation');
    }
    await expectProblem(await api.call('POST', '/invitations/accept', { body: { token: 'forged', name: 'A', password: 'long enough password' } }), 400, 'invalid-token');
    expect(await count()).toBe(before);
  });
});
