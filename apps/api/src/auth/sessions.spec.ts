import { DataSource } from 'typeorm';
import { freePort } from '@apex/devstack';
import { sha256 } from '@apex/accounts';
import { createTestDatabase, TestDatabase } from '@apex/testing';
import { ApiUnderTest, startApiUnderTest } from '../testing/api-under-test';
import { expectProblem, logIn, readJson, signUp, TestAccount } from './testing/account-fixtures';

const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());

describe('Sessions: refresh-token rotation, theft detection and log-out', () => {
  let database: TestDatabase;
  let api: ApiUnderTest;
  let db: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    api = await startApiUnderTest({
      DATABASE_URL: database.url,
      TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}`,
      ACCESS_TOKEN_TTL_SECONDS: '120',
    });
    db = api.app.get(DataSource);
  });
  afterAll(async () => {
    await api?.close();
    await database?.drop();
  });

  const refresh = (refreshToken: unknown) => api.call('POST', '/auth/refresh', { body: { refreshToken } });
  const me = (accessToken: string) => api.call('GET', '/me', { token: accessToken });
  const tokenRow = async (token: string) =>
    (await db.query('SELECT id, revoked_at, replaced_by FROM refresh_tokens WHERE token_hash = $1', [sha256(token)]))[0];

  it('issues access tokens that live ACCESS_TOKEN_TTL_SECONDS', async () => {
    const ada = await signUp(api, 'ttl@example.com');
    const claims = claimsOf(ada.accessToken);
    expect(claims.exp - claims.iat).toBe(120);
    const session = await readJson(await logIn(api, ada.email, ada.password));
    expect(session.expiresIn).toBe(120);
  });

  it('rotates the refresh token: the new session works and the old token is revoked and points to its successor', async () => {
    const ada = await signUp(api, 'rotate@example.com');
    const response = await refresh(ada.refreshToken);
    expect(response.status).toBe(200);
    const next = await readJson(response);
    expect(next).toEqual({ accessToken: expect.any(String), expiresIn: 120, refreshToken: expect.any(String) });
    expect(next.refreshToken).not.toBe(ada.refreshToken);
    expect((await me(next.accessToken)).status).toBe(200);

    const old = await tokenRow(ada.refreshToken);
    const successor = await tokenRow(next.refreshToken);
    expect(old.revoked_at).toBeInstanceOf(Date);
    expect(old.replaced_by).toBe(successor.id);
    expect(successor.revoked_at).toBeNull();
    expect(await db.query('SELECT 1 FROM refresh_tokens WHERE token_hash = $1', [ada.refreshToken])).toHaveLength(0);
  });

  it('treats reuse of a rotated refresh token as theft and ends every session of the account', async () => {
    const victim = await signUp(api, 'victim@example.com');
    const otherDevice = await readJson(await logIn(api, victim.email, victim.password));
    const bystander = await signUp(api, 'bystander@example.com');
    const legit = await readJson(await refresh(victim.refreshToken));
    // The copy comes back after the grace window in which a retry would get the new session again.
    await db.query("UPDATE refresh_tokens SET revoked_at = revoked_at - interval '31 seconds' WHERE token_hash = $1", [sha256(victim.refreshToken)]);

    const replay = await expectProblem(await refresh(victim.refreshToken), 401, 'unauthorized');
    expect(replay.detail).toMatch(/already used/);

    await expectProblem(await refresh(legit.refreshToken), 401, 'unauthorized');
    await expectProblem(await refresh(otherDevice.refreshToken), 401, 'unauthorized');
    const [{ live }] = await db.query(
      'SELECT count(*)::int AS live FROM refresh_tokens t JOIN users u ON u.id = t.user_id WHERE u.email = $1 AND t.revoked_at IS NULL',
      [victim.email],
    );
    expect(live).toBe(0);
    expect((await refresh(bystander.refreshToken)).status).toBe(200);
    // Logging in again starts over.
    expect((await refresh((await readJson(await logIn(api, victim.email, victim.password))).refreshToken)).status).toBe(200);
  });

  describe('within REFRESH_REUSE_GRACE_SECONDS (30 by default) of a rotation', () => {
    it('a retried refresh gets the same new session, and no session is ended', async () => {
      const ada = await signUp(api, 'retry@example.com');
      const laptop = await readJson(await logIn(api, ada.email, ada.password));
      const first = await readJson(await refresh(ada.refreshToken));

      const retry = await refresh(ada.refreshToken);
      expect(retry.status).toBe(200);
      const again = await readJson(retry);
      expect(again).toEqual({ accessToken: expect.any(String), expiresIn: 120, refreshToken: first.refreshToken });
      expect(claimsOf(again.accessToken).sub).toBe(ada.userId);
      expect((await me(again.accessToken)).status).toBe(200);
      expect((await tokenRow(first.refreshToken)).revoked_at).toBeNull();
      expect((await refresh(laptop.refreshToken)).status).toBe(200);
      // The new session carries on rotating as usual.
      expect((await refresh(first.refreshToken)).status).toBe(200);
    });

    it('a retry after the new session was already refreshed is reuse: every session ends', async () => {
      const ada = await signUp(api, 'late-retry@example.com');
      const first = await readJson(await refresh(ada.refreshToken));
      const second = await readJson(await refresh(first.refreshToken));

      await expectProblem(await refresh(ada.refreshToken), 401, 'unauthorized');
      await expectProblem(await refresh(second.refreshToken), 401, 'unauthorized');
    });

    it('a rotated token stays only as a hash; its successor is stored sealed, never in the clear', async () => {
      const ada = await signUp(api, 'sealed@example.com');
      const first = await readJson(await refresh(ada.refreshToken));
      const rows = JSON.stringify(await db.query('SELECT * FROM refresh_tokens WHERE user_id = $1', [ada.userId]));
      expect(rows).not.toContain(first.refreshToken);
      expect(rows).not.toContain(ada.refreshToken);
      expect((await db.query('SELECT successor_sealed FROM refresh_tokens WHERE token_hash = $1', [sha256(ada.refreshToken)]))[0].successor_sealed).toEqual(expect.any(String));
    });

    it('a token revoked longer ago than the window is reuse again', async () => {
      const short = await startApiUnderTest({ DATABASE_URL: database.url, TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}`, REFRESH_REUSE_GRACE_SECONDS: '1' });
      try {
        const ada = await signUp(short, 'window@example.com');
        const first = await readJson(await short.call('POST', '/auth/refresh', { body: { refreshToken: ada.refreshToken } }));
        await new Promise((resolve) => setTimeout(resolve, 1_200));
        const replay = await expectProblem(await short.call('POST', '/auth/refresh', { body: { refreshToken: ada.refreshToken } }), 401, 'unauthorized');
        expect(replay.detail).toMatch(/already used/);
        await expectProblem(await short.call('POST', '/auth/refresh', { body: { refreshToken: first.refreshToken } }), 401, 'unauthorized');
      } finally {
        await short.close();
      }
    });
  });

  it('logs out: 204, the refresh token stops working, other sessions carry on, and logging out again is harmless', async () => {
    const ada = await signUp(api, 'logout@example.com');
    const laptop = await readJson(await logIn(api, ada.email, ada.password));

    expect((await api.call('POST', '/auth/logout', { body: { refreshToken: ada.refreshToken } })).status).toBe(204);
    const problem = await expectProblem(await refresh(ada.refreshToken), 401, 'unauthorized');
    expect(problem.detail).toMatch(/revoked/);
    expect((await api.call('POST', '/auth/logout', { body: { refreshToken: ada.refreshToken } })).status).toBe(204);
    expect((await api.call('POST', '/auth/logout', { body: { refreshToken: 'never-issued' } })).status).toBe(204);
    // A logged-out token coming back is not theft: the other session is untouched.
    expect((await refresh(laptop.refreshToken)).status).toBe(200);
  });

  it('refuses an expired refresh token', async () => {
    const ada = await signUp(api, 'expired@example.com');
    await db.query("UPDATE refresh_tokens SET expires_at = now() - interval '1 second' WHERE token_hash = $1", [sha256(ada.refreshToken)]);
    const problem = await expectProblem(await refresh(ada.refreshToken), 401, 'unauthorized');
    expect(problem.detail).toMatch(/expired/);
  });

  describe('bad input to refresh and log-out is a problem and changes nothing', () => {
    let ada: TestAccount;
    let before: unknown;
    beforeAll(async () => {
      ada = await signUp(api, 'bad-input@example.com');
      before = await tokenRow(ada.refreshToken);
    });
    afterEach(async () => expect(await tokenRow(ada.refreshToken)).toEqual(before));

    it('an unknown token', async () => {
      await expectProblem(await refresh('not-a-token'), 401, 'unauthorized');
    });
    it('a missing field', async () => {
      const problem = await expectProblem(await api.call('POST', '/auth/refresh', { body: {} }), 400, 'validation');
      expect(problem.errors.map((e: { field: string }) => e.field)).toEqual(['refreshToken', 'refreshToken']);
    });
    it('a wrong type', async () => {
      await expectProblem(await refresh(12345), 400, 'validation');
      await expectProblem(await refresh([ada.refreshToken]), 400, 'validation');
    });
    it('an unknown field', async () => {
      const problem = await expectProblem(
        await api.call('POST', '/auth/logout', { body: { refreshToken: ada.refreshToken, everywhere: true } }),
        400,
        'validation',
      );
      expect(problem.errors).toEqual([{ field: 'everywhere', message: expect.stringContaining('should not exist') }]);
    });
    it('malformed JSON', async () => {
      await expectProblem(await api.call('POST', '/auth/logout', { body: `{"refreshToken": "${ada.refreshToken}"` }), 400, 'malformed-body');
    });
    it('an oversized body', async () => {
      await expectProblem(await refresh('x'.repeat(200_000)), 413, 'payload-too-large');
    });
    it('an access token where a refresh token belongs', async () => {
      await expectProblem(await refresh(ada.accessToken.slice(0, 200)), 401, 'unauthorized');
    });
  });
});
