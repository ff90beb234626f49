import { generateKeyPairSync } from 'node:crypto';
import { AppConfig } from '@apex/config';
import type { ProofReport, PublicProofReport } from '@apex/contracts';
import { addDays, Decimal } from '@apex/domain';
import { createMigratedDataSource } from '@apex/testing';
import { RecommendationsStore } from '@apex/optimizer';
import { canonicalSha256 } from '../signing/digest';
import { ProofSigner } from '../signing/proof-signer';
import { ProofsStore } from '../stores/proofs.store';
import { costRows, DayRow, organisation, Organisation, proofServices, ProofServices, recommendation } from '../testing/proof-fixtures';
import { ProofsService } from '../proofs.service';
import { ProofShareLinksService } from './proof-share-links.service';
import { ProofShareLinksStore } from './proof-share-links.store';
import { newShareToken, shareTokenSha256 } from './share-token';

/*
 * Share links on PostgreSQL, over a proof the real activities measured and signed: gpt-4o's traffic half moved to
 * gpt-4o-mini on 1 October 2026, 30 baseline days before it, a 14-day reporting period after.
 */
const IMPLEMENTED_ON = '2026-10-01';
const APP_URL = 'https://portal.apex.test';
const DAY_MS = 86_400_000;

describe('proof share links on PostgreSQL', () => {
  let db: Awaited<ReturnType<typeof createMigratedDataSource>>;
  let services: ProofServices;
  let links: ProofShareLinksService;
  let owner: Organisation;
  let other: Organisation;
  let proofId: string;
  let report: ProofReport;

  const query = <T = Record<string, unknown>>(sql: string, params: unknown[] = []) => db.dataSource.query(sql, params) as Promise<T[]>;
  const created = async (expiresInDays?: number) => {
    const result = await links.create(owner.orgId, owner.userId, proofId, expiresInDays);
    if (result.outcome !== 'created') throw new Error(`not created: ${result.outcome}`);
    return result.link;
  };

  async function finishedProof(org: Organisation): Promise<string> {
    const baseline: DayRow[] = Array.from({ length: 30 }, (_, i) => ({
      day: addDays(IMPLEMENTED_ON, i - 30),
      model: 'gpt-4o',
      input: 4_000_000,
      output: 1_000_000,
      cost: Decimal.of(18).plus(['0.3', '-0.2', '-0.4', '0.1', '0.2'][i % 5]).toString(),
    }));
    const reporting: DayRow[] = Array.from({ length: 14 }, (_, i) => [
      { day: addDays(IMPLEMENTED_ON, i), model: 'gpt-4o', input: 2_000_000, output: 500_000, cost: '9' },
      { day: addDays(IMPLEMENTED_ON, i), model: 'gpt-4o-mini', input: 2_000_000, output: 500_000, cost: '0.54' },
    ]).flat();
    await costRows(db.dataSource, org.orgId, [...baseline, ...reporting]);
    const recommendationId = await recommendation(db.dataSource, org, 'model_substitution', { key: 'gpt-4o-mini', createdOn: '2026-09-20' });
    const opened = await services.proofs.implement(org.orgId, org.userId, recommendationId, IMPLEMENTED_ON);
    if (opened.outcome !== 'proving') throw new Error(`not opened: ${opened.outcome}`);
    await services.activities.captureBaselineMetrics(opened.proof.id);
    for (let i = 1; i <= 14; i++) await services.activities.recordDailyReading(opened.proof.id, addDays(IMPLEMENTED_ON, i));
    await services.activities.calculateImprovements(opened.proof.id);
    await services.activities.generateProofReport(opened.proof.id);
    return opened.proof.id;
  }

  beforeAll(async () => {
    db = await createMigratedDataSource();
    services = await proofServices(db.dataSource);
    const config = AppConfig.fromEnv({
      DATABASE_URL: 'postgres://unused@127.0.0.1:1/unused',
      TEMPORAL_ADDRESS: '127.0.0.1:7233',
      SMTP_URL: 'smtp://127.0.0.1:1025',
      JWT_SECRET: 'share-link-test-secret-'.padEnd(40, 'x'),
      APP_URL: `${APP_URL}/`,
    });
    links = new ProofShareLinksService(new ProofsStore(db.dataSource), new ProofShareLinksStore(db.dataSource), services.signer, config);
    owner = await organisation(db.dataSource, 'Sharing Ltd');
    other = await organisation(db.dataSource, 'Elsewhere Ltd');
    proofId = await finishedProof(owner);
    const [row] = await query<{ report: ProofReport; status: string }>('SELECT report, status FROM proofs WHERE id = $1', [proofId]);
    expect(row.status).toBe('finished');
    report = row.report;
  }, 180_000);
  afterAll(() => db?.close());

  it('creates a link with a 128-bit token shown once, keeping only its SHA-256, for 30 days by default', async () => {
    const before = Date.now();
    const link = await created();
    expect(link.token).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(Buffer.from(link.token, 'base64url')).toHaveLength(16);
    expect(link.url).toBe(`${APP_URL}/proof/${link.token}`);
    expect(link).toMatchObject({ proofId, status: 'active', revokedAt: null, openCount: 0, lastOpenedAt: null });
    const expiresIn = Date.parse(link.expiresAt) - before;
    expect(expiresIn).toBeGreaterThan(30 * DAY_MS - 60_000);
    expect(expiresIn).toBeLessThan(30 * DAY_MS + 60_000);

    // The table holds the token's hash and nothing from which the token could be read.
    const rows = await query<{ token_sha256: string; whole: string }>('SELECT token_sha256, to_jsonb(l)::text AS whole FROM proof_share_links l WHERE id = $1', [link.id]);
    expect(rows[0].token_sha256).toBe(shareTokenSha256(link.token));
    expect(rows[0].whole).not.toContain(link.token);
    const everywhere = await query<{ n: number }>(
      "SELECT count(*)::int AS n FROM proof_share_links l WHERE to_jsonb(l)::text LIKE '%' || $1 || '%'",
      [link.token],
    );
    expect(everywhere[0].n).toBe(0);

    // The list never shows a token.
    const listed = await links.list(owner.orgId, proofId);
    expect(listed?.find((l) => l.id === link.id)).toEqual({
      id: link.id,
      proofId,
      status: 'active',
      expiresAt: link.expiresAt,
      revokedAt: null,
      openCount: 0,
      lastOpenedAt: null,
      createdAt: link.createdAt,
    });
    expect(JSON.stringify(listed)).not.toContain(link.token);
  });

  it('lets the owner choose 1 to 365 days, and refuses anything else', async () => {
    const now = Date.now();
    for (const days of [1, 365]) {
      const link = await created(days);
      expect(Math.abs(Date.parse(link.expiresAt) - now - days * DAY_MS)).toBeLessThan(60_000);
    }
    for (const days of [0, 366, 1.5, -3]) await expect(links.create(owner.orgId, owner.userId, proofId, days)).rejects.toThrow(RangeError);
  });

  it('shares only a finished proof of the caller’s organisation', async () => {
    expect(await links.create(other.orgId, other.userId, proofId)).toEqual({ outcome: 'proof_not_found' });
    expect(await links.create(owner.orgId, owner.userId, 'not-a-proof')).toEqual({ outcome: 'proof_not_found' });
    expect(await links.list(other.orgId, proofId)).toBeNull();

    const recommendationId = await recommendation(db.dataSource, owner, 'batch', { key: 'measuring', createdOn: '2026-09-20' });
    const measuring = await new ProofsService(db.dataSource, new RecommendationsStore(db.dataSource), new ProofsStore(db.dataSource), services.signer, {
      proofs: { reportingDays: 14 },
    } as AppConfig).implement(owner.orgId, owner.userId, recommendationId, addDays(new Date().toISOString().slice(0, 10), -1));
    if (measuring.outcome !== 'proving') throw new Error('not opened');
    const before = (await query<{ n: number }>('SELECT count(*)::int AS n FROM proof_share_links'))[0].n;
    expect(await links.create(owner.orgId, owner.userId, measuring.proof.id)).toEqual({ outcome: 'not_finished', status: 'baseline' });
    expect((await query<{ n: number }>('SELECT count(*)::int AS n FROM proof_share_links'))[0].n).toBe(before);
  });

  it('opens the signed report without internal ids, counting each open atomically for the owner', async () => {
    const link = await created();
    const opened = (await links.open(link.token)) as PublicProofReport;
    expect(opened).not.toBeNull();
    const { proofId: _p, recommendationId: _r, ...withoutIds } = report;
    expect(opened.report).toEqual(withoutIds);
    expect(opened).toMatchObject({ sha256: canonicalSha256(report), publicKeyPath: '/api/v1/proofs/public-key', keyId: services.signer.publicKey().keyId, expiresAt: link.expiresAt });
    const text = JSON.stringify(opened);
    for (const hidden of [proofId, report.recommendationId, owner.orgId, owner.userId, 'Sharing Ltd', 'Ada']) expect(text).not.toContain(hidden);

    await Promise.all(Array.from({ length: 9 }, () => links.open(link.token)));
    const listed = (await links.list(owner.orgId, proofId))!.find((l) => l.id === link.id)!;
    expect(listed.openCount).toBe(10);
    expect(Date.now() - Date.parse(listed.lastOpenedAt!)).toBeLessThan(60_000);

    // Verifying reads the report without counting an open.
    expect(await links.verify(link.token)).toEqual({ valid: true, problem: null, keyId: opened.keyId, sha256: opened.sha256, signedSha256: opened.sha256 });
    expect((await links.list(owner.orgId, proofId))!.find((l) => l.id === link.id)!.openCount).toBe(10);
  });

  it('revokes a link at once; another organisation cannot', async () => {
    const link = await created();
    expect(await links.revoke(other.orgId, proofId, link.id)).toBeNull();
    expect(await links.open(link.token)).not.toBeNull();

    const revoked = await links.revoke(owner.orgId, proofId, link.id);
    expect(revoked).toMatchObject({ id: link.id, status: 'revoked', revokedAt: expect.any(String), openCount: 1 });
    expect(await links.revoke(owner.orgId, proofId, link.id)).toEqual(revoked);
    expect(await links.revoke(owner.orgId, proofId, 'not-a-link')).toBeNull();
    expect(await links.open(link.token)).toBeNull();
    expect(await links.verify(link.token)).toBeNull();
  });

  it('answers a malformed, unknown, expired or revoked token the same way, and counts none of them', async () => {
    const expired = await created();
    await query("UPDATE proof_share_links SET expires_at = now() - interval '1 second' WHERE id = $1", [expired.id]);
    const revoked = await created();
    await links.revoke(owner.orgId, proofId, revoked.id);
    expect((await links.list(owner.orgId, proofId))!.filter((l) => [expired.id, revoked.id].includes(l.id)).map((l) => [l.id, l.status])).toEqual(
      expect.arrayContaining([
        [expired.id, 'expired'],
        [revoked.id, 'revoked'],
      ]),
    );

    const bad = ['', 'abc', `${expired.token}x`, "' OR 1=1 --", expired.token.slice(0, 21) + '!', newShareToken(), expired.token, revoked.token];
    for (const token of bad) {
      expect(await links.open(token)).toBeNull();
      expect(await links.verify(token)).toBeNull();
    }
    const counts = await query<{ open_count: number; last_opened_at: Date | null }>('SELECT open_count, last_opened_at FROM proof_share_links WHERE id = ANY($1)', [
      [expired.id, revoked.id],
    ]);
    expect(counts).toEqual([
      { open_count: 0, last_opened_at: null },
      { open_count: 0, last_opened_at: null },
    ]);
  });

  it('verifies the stored report: intact, altered after signing, or signed with a bad signature', async () => {
    const link = await created();
    const [{ report: stored, signature }] = await query<{ report: ProofReport; signature: string }>('SELECT report, signature FROM proofs WHERE id = $1', [proofId]);
    const key = services.signer.publicKey();
    expect(await links.verify(link.token)).toMatchObject({ valid: true, problem: null, keyId: key.keyId });
    try {
      // Someone with database access raises the savings.
      await query("UPDATE proofs SET report = jsonb_set(report, '{savings}', '\"9999.99\"') WHERE id = $1", [proofId]);
      const altered = await links.verify(link.token);
      expect(altered).toMatchObject({ valid: false, problem: 'altered', signedSha256: canonicalSha256(stored) });
      expect(altered?.sha256).toBe(canonicalSha256({ ...stored, savings: '9999.99' }));
      // The reader still sees what is stored: verification is what tells it apart.
      expect((await links.open(link.token))?.report.savings).toBe('9999.99');

      // …and rehashes it, but cannot sign the new hash with Apex's key.
      await query('UPDATE proofs SET sha256 = $2 WHERE id = $1', [proofId, canonicalSha256({ ...stored, savings: '9999.99' })]);
      expect(await links.verify(link.token)).toMatchObject({ valid: false, problem: 'bad_signature' });

      // A report signed by another key names a key Apex does not have.
      const foreign = ProofSigner.withKey(generateKeyPairSync('ed25519').privateKey).sign(stored);
      await query('UPDATE proofs SET report = $2, sha256 = $3, signature = $4, key_id = $5 WHERE id = $1', [proofId, JSON.stringify(stored), foreign.sha256, foreign.signature, foreign.keyId]);
      expect(await links.verify(link.token)).toMatchObject({ valid: false, problem: 'unknown_key', keyId: key.keyId });
    } finally {
      const signed = services.signer.sign(stored);
      await query('UPDATE proofs SET report = $2, sha256 = $3, signature = $4, key_id = $5 WHERE id = $1', [proofId, JSON.stringify(stored), signed.sha256, signed.signature, signed.keyId]);
      expect(signature).toBe(signed.signature);
    }
    expect(await links.verify(link.token)).toMatchObject({ valid: true });
  });
});
