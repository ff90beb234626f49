import { DataSource } from 'typeorm';
import { freePort } from '@apex/devstack';
import { parseApiKey, sha256 } from '@apex/accounts';
import { createTestDatabase, TestDatabase, waitFor } from '@apex/testing';
import { ApiUnderTest, startApiUnderTest } from '../testing/api-under-test';
import { addMember, expectProblem, readJson, setTier, signUp, TestAccount } from '../auth/testing/account-fixtures';

const secretOf = (key: string) => parseApiKey(key)?.secret ?? `unparseable key ${key}`;

describe('API keys', () => {
  let database: TestDatabase;
  let api: ApiUnderTest;
  let db: DataSource;
  let owner: TestAccount;

  beforeAll(async () => {
    database = await createTestDatabase();
    api = await startApiUnderTest({ DATABASE_URL: database.url, TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}` });
    db = api.app.get(DataSource);
    owner = await signUp(api, 'owner@keys.example');
  });
  afterAll(async () => {
    await api?.close();
    await database?.drop();
  });

  const create = (account: TestAccount, name: unknown = 'CI pipeline') => api.call('POST', '/api-keys', { token: account.accessToken, body: { name } });
  const withKey = (key: string) => ({ headers: { 'x-api-key': key } });

  it('are a feature of Early and up: Free gets a 403 naming the feature and the plan that unlocks it', async () => {
    const problem = await expectProblem(await create(owner), 403, 'feature-gated');
    expect(problem).toMatchObject({ feature: 'api_access', requiredTier: 'early', upgrade: { tier: 'early', name: 'Early' } });
    expect(await db.query('SELECT 1 FROM api_keys WHERE org_id = $1', [owner.orgId])).toHaveLength(0);
  });

  describe('on a plan with api_access', () => {
    beforeAll(() => setTier(api, owner.orgId, 'early'));

    it('shows the key once, stores only its SHA-256, and lists it without the secret', async () => {
      const response = await create(owner, 'CI pipeline');
      expect(response.status).toBe(201);
      const created = await readJson(response);
      expect(created).toEqual({
        id: expect.any(String),
        name: 'CI pipeline',
        prefix: expect.stringMatching(/^[a-z0-9]{12}$/),
        key: expect.stringMatching(/^apx_[a-z0-9]{12}_[A-Za-z0-9_-]{43}$/),
        createdAt: expect.any(String),
        lastUsedAt: null,
        revokedAt: null,
      });
      const [row] = await db.query('SELECT * FROM api_keys WHERE id = $1', [created.id]);
      expect(row.secret_hash).toBe(sha256(secretOf(created.key)));
      expect(JSON.stringify(row)).not.toContain(secretOf(created.key));

      const list = await readJson(await api.call('GET', '/api-keys', { token: owner.accessToken }));
      const listed = list.find((k: { id: string }) => k.id === created.id);
      expect(listed).toEqual({ ...created, key: undefined });
      expect(JSON.stringify(list)).not.toContain(secretOf(created.key));
    });

    it('never keeps the secret for an Idempotency-Key replay', async () => {
      const headers = { 'idempotency-key': 'create-key-once' };
      const first = await readJson(await api.call('POST', '/api-keys', { token: owner.accessToken, headers, body: { name: 'retried' } }));
      const second = await readJson(await api.call('POST', '/api-keys', { token: owner.accessToken, headers, body: { name: 'retried' } }));
      expect(second.key).not.toBe(first.key);
      const stored = JSON.stringify(await db.query('SELECT * FROM idempotency_records'));
      expect(stored).not.toContain(secretOf(first.key));
      expect(stored).not.toContain(secretOf(second.key));
    });

    it('acts for its organisation as its creator until revoked; then 401, and revoking again changes nothing', async () => {
      const { id, key } = await readJson(await create(owner, 'to revoke'));
      for (const headers of [withKey(key).headers, { authorization: `Bearer ${key}` }]) {
        const me = await api.call('GET', '/me', { headers });
        expect(me.status).toBe(200);
        expect(await readJson(me)).toMatchObject({ user: { id: owner.userId }, organization: { id: owner.orgId }, role: 'owner' });
      }
      await waitFor(
        async () => (await db.query('SELECT last_used_at FROM api_keys WHERE id = $1', [id]))[0].last_used_at,
        (lastUsedAt) => lastUsedAt instanceof Date,
        { what: 'last_used_at to be recorded' },
      );

      expect((await api.call('DELETE', `/api-keys/${id}`, { token: owner.accessToken })).status).toBe(204);
      const problem = await expectProblem(await api.call('GET', '/me', withKey(key)), 401, 'unauthorized');
      expect(problem.detail).toMatch(/revoked/);
      const [{ revoked_at }] = await db.query('SELECT revoked_at FROM api_keys WHERE id = $1', [id]);
      expect((await api.call('DELETE', `/api-keys/${id}`, { token: owner.accessToken })).status).toBe(204);
      expect((await db.query('SELECT revoked_at FROM api_keys WHERE id = $1', [id]))[0].revoked_at).toEqual(revoked_at);
      const listed = (await readJson(await api.call('GET', '/api-keys', { token: owner.accessToken }))).find((k: { id: string }) => k.id === id);
      expect(listed.revokedAt).toBe(revoked_at.toISOString());
    });

    it('cannot manage keys itself: creating or revoking keys needs a person signed in', async () => {
      const { id, key } = await readJson(await create(owner, 'automation'));
      await expectProblem(await api.call('POST', '/api-keys', { ...withKey(key), body: { name: 'child' } }), 403, 'forbidden');
      await expectProblem(await api.call('DELETE', `/api-keys/${id}`, withKey(key)), 403, 'forbidden');
      expect((await api.call('GET', '/api-keys', withKey(key))).status).toBe(200);
    });

    it('lets members revoke only their own keys; owners and admins revoke any', async () => {
      const member = await addMember(api, owner.orgId, 'member@keys.example', 'member');
      const admin = await addMember(api, owner.orgId, 'admin@keys.example', 'admin');
      const ownersKey = await readJson(await create(owner, 'owner key'));
      const membersKey = await readJson(await create(member, 'member key'));

      await expectProblem(await api.call('DELETE', `/api-keys/${ownersKey.id}`, { token: member.accessToken }), 403, 'forbidden');
      expect((await api.call('GET', '/me', withKey(ownersKey.key))).status).toBe(200);
      expect((await api.call('DELETE', `/api-keys/${membersKey.id}`, { token: member.accessToken })).status).toBe(204);
      expect((await api.call('DELETE', `/api-keys/${ownersKey.id}`, { token: admin.accessToken })).status).toBe(204);
      expect((await api.call('GET', '/me', withKey(ownersKey.key))).status).toBe(401);
    });

    it('answers 404 for a key of another organisation or an id that is not one, and changes nothing', async () => {
      const other = await signUp(api, 'other@keys.example');
      await setTier(api, other.orgId, 'early');
      const othersKey = await readJson(await create(other));
      await expectProblem(await api.call('DELETE', `/api-keys/${othersKey.id}`, { token: owner.accessToken }), 404, 'not-found');
      await expectProblem(await api.call('DELETE', '/api-keys/not-a-uuid', { token: owner.accessToken }), 404, 'not-found');
      expect((await api.call('GET', '/me', withKey(othersKey.key))).status).toBe(200);
      const mine = await readJson(await api.call('GET', '/api-keys', { token: owner.accessToken }));
      expect(mine.map((k: { id: string }) => k.id)).not.toContain(othersKey.id);
    });

    it('stop working when the plan loses api_access, and work again after an upgrade', async () => {
      const { key } = await readJson(await create(owner, 'plan changes'));
      await setTier(api, owner.orgId, 'free');
      const problem = await expectProblem(await api.call('GET', '/me', withKey(key)), 403, 'feature-gated');
      expect(problem).toMatchObject({ feature: 'api_access', requiredTier: 'early' });
      expect((await api.call('GET', '/me', { token: owner.accessToken })).status).toBe(200);
      await setTier(api, owner.orgId, 'early');
      expect((await api.call('GET', '/me', withKey(key))).status).toBe(200);
    });

    it('refuse forged keys: a known prefix with another secret, or a malformed key', async () => {
      const { key } = await readJson(await create(owner, 'forgery target'));
      const prefix = parseApiKey(key)?.prefix;
      await expectProblem(await api.call('GET', '/me', withKey(`apx_${prefix}_${'A'.repeat(43)}`)), 401, 'unauthorized');
      await expectProblem(await api.call('GET', '/me', withKey(`${key}x`)), 401, 'unauthorized');
    });

    it('reject blank, long, mistyped or extra fields with a validation problem, and store nothing', async () => {
      const count = async () => (await db.query('SELECT count(*)::int AS n FROM api_keys'))[0].n;
      const before = await count();
      for (const body of [{ name: '   ' }, { name: 'x'.repeat(101) }, { name: 42 }, {}, { name: 'ok', orgId: owner.orgId }]) {
        await expectProblem(await api.call('POST', '/api-keys', { token: owner.accessToken, body }), 400, 'validation');
      }
      expect(await count()).toBe(before);
    });
  });
});
