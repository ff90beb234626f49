import { DataSource } from 'typeorm';
import type { CreatedProofShareLink, ProofReport, ProofShareLink, PublicProofReport } from '@apex/contracts';
import { ProblemType } from '@apex/contracts';
import { freePort } from '@apex/devstack';
import { addDays } from '@apex/domain';
import { ProofActivitiesService, ProofsService } from '@apex/proofs';
import { createTestDatabase, TestDatabase } from '@apex/testing';
import { readJson, signUp, TestAccount } from '../auth/testing/account-fixtures';
import { ApiUnderTest, startApiUnderTest } from '../testing/api-under-test';

const IMPLEMENTED_ON = '2026-10-01';
const APP_URL = 'https://portal.apex.test';

/**
 * Share links over the API: the owner creates, lists and revokes them; a signed-out reader opens the report by its
 * token and has it verified. The proof is measured and signed by the real activities, with the API's signing key,
 * over cost rows in PostgreSQL: gpt-4o's traffic half moved to gpt-4o-mini on 1 October 2026.
 */
describe('Proof share links API', () => {
  let database: TestDatabase;
  let api: ApiUnderTest;
  let db: DataSource;
  let owner: TestAccount;
  let stranger: TestAccount;
  let proofId: string;
  let recommendationId: string;

  async function costRowsOf(orgId: string): Promise<void> {
    const [connection] = await db.query("INSERT INTO cost_connections (org_id, provider, name, status) VALUES ($1, 'focus_upload', 'uploads', 'active') RETURNING id", [orgId]);
    const [source] = await db.query(
      "INSERT INTO cost_sources (org_id, connection_id, kind, file_name, period_start, period_end, row_count, status) VALUES ($1, $2, 'file', 'openai.csv', $3, $4, 58, 'loaded') RETURNING id",
      [orgId, connection.id, addDays(IMPLEMENTED_ON, -30), addDays(IMPLEMENTED_ON, 14)],
    );
    // 30 baseline days of 4M input + 1M output tokens of gpt-4o at 18 USD; then 14 days with half of it on gpt-4o-mini.
    const rows = [
      ...Array.from({ length: 30 }, (_, i) => [addDays(IMPLEMENTED_ON, i - 30), 'gpt-4o', 4_000_000, 1_000_000, ['18.3', '17.8', '17.6', '18.1', '18.2'][i % 5]]),
      ...Array.from({ length: 14 }, (_, i) => [
        [addDays(IMPLEMENTED_ON, i), 'gpt-4o', 2_000_000, 500_000, '9'],
        [addDays(IMPLEMENTED_ON, i), 'gpt-4o-mini', 2_000_000, 500_000, '0.54'],
      ]).flat(),
    ];
    await db.query(
      `INSERT INTO cost_rows (org_id, connection_id, source_id, source_row, charge_period_start, charge_period_end, charge_category, billed_cost, effective_cost, list_cost,
                              billing_currency, provider_name, service_name, is_ai, model, input_tokens, output_tokens, cached_tokens, requests)
       SELECT $1, $2, $3, ordinality, day::timestamptz, day::timestamptz + interval '1 day', 'Usage', cost, cost, cost,
              'USD', 'OpenAI', 'OpenAI API', true, model, input, output, 0, 2000
       FROM unnest($4::date[], $5::text[], $6::bigint[], $7::bigint[], $8::numeric[]) WITH ORDINALITY AS t(day, model, input, output, cost)`,
      [orgId, connection.id, source.id, ...[0, 1, 2, 3, 4].map((column) => rows.map((row) => row[column]))],
    );
  }

  async function recommendationOf(account: TestAccount, fingerprint: string): Promise<string> {
    const [run] = await db.query("INSERT INTO runs (org_id, user_id, status, admitted_at) VALUES ($1, $2, 'succeeded', now()) RETURNING id", [account.orgId, account.userId]);
    const [row] = await db.query(
      `INSERT INTO recommendations (org_id, fingerprint, kind, title, steps, doc_url, scope, evidence, price_book_version, currency, monthly_low, monthly_expected,
                                    monthly_high, scenarios, assumptions, effort, risk, first_run_id, last_run_id, status, created_at)
       VALUES ($1, $2, 'model_substitution', 'Move Hamilton traffic to gpt-4o-mini', '[]', 'https://platform.openai.com/docs/models',
               '{"provider":"openai","service":null,"model":"gpt-4o","resource":null}', '{"filters":[],"rowCount":0,"amount":"0","sha256":""}', 1, 'USD',
               10, 20, 30, '[]', '[]', 'medium', 'medium', $3, $3, 'accepted', '2026-09-20T12:00:00Z') RETURNING id`,
      [account.orgId, fingerprint, run.id],
    );
    return row.id;
  }

  /** Confirms the implementation and runs the proof's activities as the worker would, signing with the API's key. */
  async function finishedProof(account: TestAccount): Promise<string> {
    const opened = await api.app.get(ProofsService).implement(account.orgId, account.userId, recommendationId, IMPLEMENTED_ON);
    if (opened.outcome !== 'proving') throw new Error(`not opened: ${opened.outcome}`);
    const activities = api.app.get(ProofActivitiesService);
    await activities.captureBaselineMetrics(opened.proof.id);
    for (let i = 1; i <= 14; i++) await activities.recordDailyReading(opened.proof.id, addDays(IMPLEMENTED_ON, i));
    await activities.calculateImprovements(opened.proof.id);
    await activities.generateProofReport(opened.proof.id);
    return opened.proof.id;
  }

  const share = (body: unknown = {}, account = owner, id = proofId) => api.call('POST', `/proofs/${id}/share-links`, { token: account.accessToken, body });
  const created = async (body: unknown = {}): Promise<CreatedProofShareLink> => {
    const response = await share(body);
    expect(response.status).toBe(201);
    return readJson(response);
  };
  const listed = async (): Promise<ProofShareLink[]> => readJson(await api.call('GET', `/proofs/${proofId}/share-links`, { token: owner.accessToken }));
  const linkCount = async () => Number((await db.query('SELECT count(*)::int AS n FROM proof_share_links'))[0].n);

  beforeAll(async () => {
    database = await createTestDatabase();
    // No Temporal is needed: the proof is measured in this process.
    api = await startApiUnderTest({ DATABASE_URL: database.url, TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}`, APP_URL });
    db = api.app.get(DataSource);
    owner = await signUp(api, 'margaret.hamilton@share-owner.example', 'Hamilton Apollo Ltd');
    stranger = await signUp(api, 'eve@share-stranger.example');
    await costRowsOf(owner.orgId);
    recommendationId = await recommendationOf(owner, 'model_substitution:USD:openai:gpt-4o:gpt-4o-mini');
    proofId = await finishedProof(owner);
  }, 180_000);
  afterAll(async () => {
    await api?.close();
    await database?.drop();
  });

  it('creates a link to a finished proof, showing the token and URL once, and lists it without them', async () => {
    const before = Date.now();
    const link = await created();
    expect(link).toEqual({
      id: expect.any(String),
      proofId,
      status: 'active',
      expiresAt: expect.any(String),
      revokedAt: null,
      openCount: 0,
      lastOpenedAt: null,
      createdAt: expect.any(String),
      token: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/),
      url: `${APP_URL}/proof/${link.token}`,
    });
    expect(Math.abs(Date.parse(link.expiresAt) - before - 30 * 86_400_000)).toBeLessThan(60_000);

    const chosen = await created({ expiresInDays: 7 });
    expect(Math.abs(Date.parse(chosen.expiresAt) - Date.now() - 7 * 86_400_000)).toBeLessThan(60_000);

    const links = await listed();
    expect(links.map((l) => l.id)).toEqual([chosen.id, link.id]);
    const { token, url, ...withoutToken } = link;
    expect(links[1]).toEqual(withoutToken);
    expect(JSON.stringify(links)).not.toContain(token);
    expect(url).toContain(token);
    // Stored as its SHA-256 only, and never kept for an Idempotency-Key replay.
    expect(JSON.stringify(await db.query('SELECT * FROM proof_share_links'))).not.toContain(token);
    const retried = await Promise.all(
      [1, 2].map(async () => readJson(await api.call('POST', `/proofs/${proofId}/share-links`, { token: owner.accessToken, headers: { 'Idempotency-Key': 'share-once' }, body: {} }))),
    );
    expect(retried[0].token).not.toBe(retried[1].token);
    expect(JSON.stringify(await db.query('SELECT * FROM idempotency_records'))).not.toMatch(new RegExp([token, ...retried.map((r) => r.token)].join('|')));
  });

  it('refuses an expiry outside 1–365 days, an unknown field, and a proof that is not finished or not yours', async () => {
    const before = await linkCount();
    for (const expiresInDays of [0, 366, 2.5, '30', -1]) {
      const response = await share({ expiresInDays });
      expect(response.status).toBe(400);
      expect((await readJson(response)).errors).toEqual([{ field: 'expiresInDays', message: 'expiresInDays must be a whole number of days from 1 to 365' }]);
    }
    expect((await readJson(await share({ expiresInDays: 3, proofId: 'x' }))).errors.map((e: { field: string }) => e.field)).toContain('proofId');

    const other = await recommendationOf(owner, 'batch:measuring');
    const measuring = await api.app.get(ProofsService).implement(owner.orgId, owner.userId, other, addDays(new Date().toISOString().slice(0, 10), -2));
    if (measuring.outcome !== 'proving') throw new Error('not opened');
    const refused = await share({}, owner, measuring.proof.id);
    expect(refused.status).toBe(409);
    expect(await readJson(refused)).toMatchObject({ type: ProblemType.proofNotFinished, currentStatus: 'baseline', detail: expect.stringContaining('once its report is signed') });

    for (const [account, id] of [
      [stranger, proofId],
      [owner, 'not-a-proof'],
    ] as const) {
      const response = await share({}, account, id);
      expect(response.status).toBe(404);
      expect((await readJson(response)).type).toBe(ProblemType.notFound);
    }
    expect((await api.call('POST', `/proofs/${proofId}/share-links`, { body: {} })).status).toBe(401);
    expect(await linkCount()).toBe(before);
  });

  it('lets no other organisation list or revoke the links', async () => {
    const link = await created();
    const list = await api.call('GET', `/proofs/${proofId}/share-links`, { token: stranger.accessToken });
    expect(list.status).toBe(404);
    const revoke = await api.call('DELETE', `/proofs/${proofId}/share-links/${link.id}`, { token: stranger.accessToken });
    expect(revoke.status).toBe(404);
    expect(await readJson(revoke)).toMatchObject({ type: ProblemType.notFound });
    expect((await listed()).find((l) => l.id === link.id)?.status).toBe('active');
  });

  it('shows a signed-out reader the report without internal ids or names, counting each open, and verifies it', async () => {
    const link = await created();
    const response = await api.call('GET', `/public/proofs/${link.token}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const text = await response.text();
    const shared: PublicProofReport = JSON.parse(text);
    const [stored] = (await db.query('SELECT report, sha256, signature, key_id FROM proofs WHERE id = $1', [proofId])) as Array<{
      report: ProofReport;
      sha256: string;
      signature: string;
      key_id: string;
    }>;
    const { proofId: _p, recommendationId: _r, ...withoutIds } = stored.report;
    expect(shared).toEqual({
      report: withoutIds,
      sha256: stored.sha256,
      signature: stored.signature,
      keyId: stored.key_id,
      publicKeyPath: '/api/v1/proofs/public-key',
      expiresAt: link.expiresAt,
    });
    expect(shared.report).toMatchObject({ verdict: 'verified', implementedOn: IMPLEMENTED_ON, currency: 'USD' });
    expect(Object.keys(shared.report)).not.toEqual(expect.arrayContaining(['proofId']));
    for (const hidden of [proofId, recommendationId, owner.orgId, owner.userId, 'margaret.hamilton', 'Hamilton Apollo', owner.email, link.id]) expect(text).not.toContain(hidden);

    await api.call('GET', `/public/proofs/${link.token}`);
    const counted = (await listed()).find((l) => l.id === link.id)!;
    expect(counted.openCount).toBe(2);
    expect(counted.lastOpenedAt).not.toBeNull();

    const key = await readJson(await api.call('GET', '/proofs/public-key'));
    const verified = await api.call('POST', `/public/proofs/${link.token}/verify`);
    expect(verified.status).toBe(200);
    expect(await readJson(verified)).toEqual({ valid: true, problem: null, keyId: key.keyId, sha256: stored.sha256, signedSha256: stored.sha256 });
    expect((await listed()).find((l) => l.id === link.id)!.openCount).toBe(2);
  });

  it('says "altered" once the stored report is changed after signing, and "bad signature" when the hash is forged too', async () => {
    const link = await created();
    const [{ report, sha256 }] = await db.query('SELECT report, sha256 FROM proofs WHERE id = $1', [proofId]);
    try {
      await db.query("UPDATE proofs SET report = jsonb_set(report, '{savings}', '\"99999.00\"') WHERE id = $1", [proofId]);
      const altered = await readJson(await api.call('POST', `/public/proofs/${link.token}/verify`));
      expect(altered).toMatchObject({ valid: false, problem: 'altered', signedSha256: sha256 });
      expect(altered.sha256).not.toBe(sha256);
      await db.query('UPDATE proofs SET sha256 = $2 WHERE id = $1', [proofId, altered.sha256]);
      expect(await readJson(await api.call('POST', `/public/proofs/${link.token}/verify`))).toMatchObject({ valid: false, problem: 'bad_signature' });
    } finally {
      await db.query('UPDATE proofs SET report = $2, sha256 = $3 WHERE id = $1', [proofId, JSON.stringify(report), sha256]);
    }
    expect(await readJson(await api.call('POST', `/public/proofs/${link.token}/verify`))).toMatchObject({ valid: true, problem: null });
  });

  it('answers a malformed, unknown, expired or revoked token with the same 404 on both public routes, counting nothing', async () => {
    const expired = await created({ expiresInDays: 1 });
    await db.query("UPDATE proof_share_links SET expires_at = now() - interval '1 minute' WHERE id = $1", [expired.id]);
    const revoked = await created();
    const revoke = await api.call('DELETE', `/proofs/${proofId}/share-links/${revoked.id}`, { token: owner.accessToken });
    expect(revoke.status).toBe(200);
    expect(await readJson(revoke)).toMatchObject({ id: revoked.id, status: 'revoked', revokedAt: expect.any(String) });
    expect((await api.call('DELETE', `/proofs/${proofId}/share-links/${revoked.id}`, { token: owner.accessToken })).status).toBe(200);
    const statuses = Object.fromEntries((await listed()).map((l) => [l.id, l.status]));
    expect([statuses[expired.id], statuses[revoked.id]]).toEqual(['expired', 'revoked']);

    const tokens = { malformed: 'not-a-token', tooLong: `${revoked.token}A`, unknown: 'AAAAAAAAAAAAAAAAAAAAAA', expired: expired.token, revoked: revoked.token };
    const answers: unknown[] = [];
    for (const token of Object.values(tokens)) {
      for (const [method, path] of [
        ['GET', `/public/proofs/${token}`],
        ['POST', `/public/proofs/${token}/verify`],
      ]) {
        const response = await api.call(method, path);
        expect(response.status).toBe(404);
        expect(response.headers.get('content-type')).toContain('application/problem+json');
        // The request's own path and id aside, every answer is the same.
        const { instance, requestId, ...body } = await readJson(response);
        expect(instance).toBe(`/api/v1${path}`);
        expect(requestId).toEqual(expect.any(String));
        answers.push(body);
      }
    }
    expect(answers[0]).toEqual({ type: ProblemType.proofShareLinkUnavailable, title: 'This link is not available', status: 404, detail: 'Ask the person who shared it with you for a new link.' });
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    const counts = await db.query('SELECT open_count FROM proof_share_links WHERE id = ANY($1)', [[expired.id, revoked.id]]);
    expect(counts).toEqual([{ open_count: 0 }, { open_count: 0 }]);
  });
});
