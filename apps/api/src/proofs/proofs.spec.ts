import { createPublicKey } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Client as Pg } from 'pg';
import type { ProofView } from '@apex/contracts';
import { ProblemType, proofWorkflowId } from '@apex/contracts';
import { freePort } from '@apex/devstack';
import { addDays } from '@apex/domain';
import { createLocalEnv, createTestDatabase, TestDatabase } from '@apex/testing';
import { ApiUnderTest, startApiUnderTest, TEST_PROOF_SIGNING_KEY } from '../testing/api-under-test';
import { SignedUpSession, signUpSession } from '../testing/signed-up-session';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const readJson = (response: Response): Promise<any> => response.json();

const today = () => new Date().toISOString().slice(0, 10);

/**
 * Confirming a recommendation's implementation over the API: the proof it opens, the `proof-<recommendationId>`
 * workflow it starts on a real Temporal server (no worker picks it up here), what it refuses, and reading proofs.
 */
describe('Proofs API: implementation as a dated fact, and the proofs it opens', () => {
  let database: TestDatabase;
  let temporal: TestWorkflowEnvironment;
  let api: ApiUnderTest;
  let pg: Pg;
  let ada: SignedUpSession;
  let grace: SignedUpSession;
  const createdOn = addDays(today(), -20);
  const implementedOn = addDays(today(), -10);

  /** A recommendation of the organisation's run, filed 20 days ago, in the given status. */
  async function recommendationOf(session: SignedUpSession, status: string, fingerprint: string): Promise<string> {
    const {
      rows: [run],
    } = await pg.query("INSERT INTO runs (org_id, user_id, status, admitted_at) SELECT org_id, id, 'succeeded', now() FROM users WHERE org_id = $1 RETURNING id", [session.orgId]);
    const {
      rows: [row],
    } = await pg.query(
      `INSERT INTO recommendations (org_id, fingerprint, kind, title, steps, doc_url, scope, evidence, price_book_version, currency, monthly_low, monthly_expected,
                                    monthly_high, scenarios, assumptions, effort, risk, first_run_id, last_run_id, status, created_at)
       VALUES ($1, $2, 'batch', 'Batch the nightly jobs', '[]', 'https://platform.openai.com/docs/guides/batch', '{"provider":"openai","service":null,"model":"gpt-4o","resource":null}',
               '{"filters":[],"rowCount":0,"amount":"0","sha256":""}', 1, 'USD', 1, 2, 3, '[]', '[]', 'low', 'low', $3, $3, $4, $5::timestamptz) RETURNING id`,
      [session.orgId, fingerprint, run.id, status, `${createdOn}T09:00:00Z`],
    );
    return row.id;
  }

  const implemented = (session: SignedUpSession, id: string, body: unknown) => api.call('POST', `/recommendations/${id}/implemented`, { token: session.token, body });
  const proofCount = async () => Number((await pg.query('SELECT count(*)::int AS n FROM proofs')).rows[0].n);

  beforeAll(async () => {
    [database, temporal] = await Promise.all([createTestDatabase(), createLocalEnv()]);
    api = await startApiUnderTest({ DATABASE_URL: database.url, TEMPORAL_ADDRESS: temporal.connection.options.address as string });
    pg = new Pg({ connectionString: database.url });
    await pg.connect();
    [ada, grace] = [await signUpSession(api, 'ada@example.com'), await signUpSession(api, 'grace@example.com')];
  }, 120_000);
  afterAll(async () => {
    await pg?.end();
    await api?.close();
    await temporal?.teardown();
    await database?.drop();
  });

  it('marks an accepted recommendation implemented on its date, opens its proof and starts proof-<id>; twice is once', async () => {
    const id = await recommendationOf(ada, 'accepted', 'batch:accepted');
    const response = await implemented(ada, id, { implementedOn });
    expect(response.status).toBe(201);
    const proof: ProofView = await readJson(response);
    expect(proof).toEqual({
      id: expect.any(String),
      recommendationId: id,
      status: 'baseline',
      implementedOn,
      reportingDays: 14,
      reportingEndsOn: addDays(implementedOn, 13),
      verdict: null,
      currency: 'USD',
      savings: null,
      interim: null,
      signed: null,
      createdAt: expect.any(String),
      finishedAt: null,
    });
    expect(response.headers.get('location')).toBe(`/api/v1/proofs/${proof.id}`);
    expect(await readJson(await api.call('GET', `/recommendations/${id}`, { token: ada.token }))).toMatchObject({ status: 'implemented', statusChangedAt: expect.any(String) });

    const handle = temporal.client.workflow.getHandle(proofWorkflowId(id));
    const started = await handle.describe();
    expect(started).toMatchObject({ type: 'proofWorkflow', status: { name: 'RUNNING' } });

    const again = await implemented(ada, id, { implementedOn });
    expect(again.status).toBe(201);
    expect(await readJson(again)).toEqual(proof);
    expect((await handle.describe()).runId).toBe(started.runId);
    expect(await proofCount()).toBe(1);
  });

  it('takes an open recommendation too, and serves the proof to its organisation only', async () => {
    const id = await recommendationOf(ada, 'open', 'batch:open');
    const proof: ProofView = await readJson(await implemented(ada, id, { implementedOn: today() }));
    expect(proof).toMatchObject({ recommendationId: id, implementedOn: today(), status: 'baseline' });

    expect(await readJson(await api.call('GET', `/proofs/${proof.id}`, { token: ada.token }))).toEqual(proof);
    expect(await readJson(await api.call('GET', `/proofs?recommendationId=${id}`, { token: ada.token }))).toEqual([proof]);
    const all: ProofView[] = await readJson(await api.call('GET', '/proofs', { token: ada.token }));
    expect(all.map((p) => p.recommendationId)).toContain(id);

    const hidden = await api.call('GET', `/proofs/${proof.id}`, { token: grace.token });
    expect(hidden.status).toBe(404);
    expect((await readJson(hidden)).type).toBe(ProblemType.notFound);
    expect(await readJson(await api.call('GET', `/proofs?recommendationId=${id}`, { token: grace.token }))).toEqual([]);
    expect(await readJson(await api.call('GET', '/proofs', { token: grace.token }))).toEqual([]);
    expect((await api.call('GET', '/proofs/not-a-proof', { token: ada.token })).status).toBe(404);
    expect((await api.call('GET', '/proofs?recommendationId=nope', { token: ada.token })).status).toBe(400);
    expect((await api.call('GET', `/proofs/${proof.id}`)).status).toBe(401);
  });

  it('refuses a date in the future, before the recommendation existed or not a day, with a 400 naming the field', async () => {
    const id = await recommendationOf(ada, 'accepted', 'batch:dates');
    const before = await proofCount();
    for (const [implementedOnSent, message] of [
      [addDays(today(), 1), 'must not be in the future'],
      [addDays(createdOn, -1), `must not be before the recommendation existed (${createdOn})`],
      ['2026-02-30', 'must be a real calendar day'],
      ['15/11/2026', 'must be a date like 2026-11-15'],
    ]) {
      const response = await implemented(ada, id, { implementedOn: implementedOnSent });
      expect(response.status).toBe(400);
      const problem = await readJson(response);
      expect(problem).toMatchObject({ type: ProblemType.validation, errors: [{ field: 'implementedOn', message: expect.stringContaining(message) }] });
    }
    expect((await readJson(await implemented(ada, id, {}))).errors.map((e: { field: string }) => e.field)).toContain('implementedOn');
    expect((await readJson(await implemented(ada, id, { implementedOn, extra: 1 }))).errors.map((e: { field: string }) => e.field)).toContain('extra');
    expect(await proofCount()).toBe(before);
    expect((await readJson(await api.call('GET', `/recommendations/${id}`, { token: ada.token }))).status).toBe('accepted');
  });

  it('refuses a proof of a dismissed recommendation, another date for an implemented one, and another organisation’s', async () => {
    const dismissed = await recommendationOf(ada, 'dismissed', 'batch:dismissed');
    const refused = await implemented(ada, dismissed, { implementedOn });
    expect(refused.status).toBe(409);
    expect(await readJson(refused)).toMatchObject({ type: ProblemType.conflict, currentStatus: 'dismissed', detail: expect.stringContaining('a proof of a dismissed recommendation is refused') });

    const id = await recommendationOf(ada, 'accepted', 'batch:redated');
    expect((await implemented(ada, id, { implementedOn })).status).toBe(201);
    const redated = await implemented(ada, id, { implementedOn: addDays(implementedOn, 1) });
    expect(redated.status).toBe(409);
    expect((await readJson(redated)).detail).toContain(`confirmed implemented on ${implementedOn}`);

    const before = await proofCount();
    const other = await recommendationOf(ada, 'accepted', 'batch:not-graces');
    for (const target of [other, 'not-an-id']) {
      const response = await implemented(grace, target, { implementedOn });
      expect(response.status).toBe(404);
      expect((await readJson(response)).type).toBe(ProblemType.notFound);
    }
    expect(await proofCount()).toBe(before);
  });

  it('serves the public key without a log-in', async () => {
    const response = await api.call('GET', '/proofs/public-key');
    expect(response.status).toBe(200);
    const key = await readJson(response);
    expect(key).toEqual({ algorithm: 'Ed25519', keyId: expect.stringMatching(/^[0-9a-f]{16}$/), pem: createPublicKey(TEST_PROOF_SIGNING_KEY).export({ format: 'pem', type: 'spki' }) });
  });

  it('keeps the proof when Temporal does not answer, with a 503 to retry, and the retry starts it', async () => {
    const id = await recommendationOf(ada, 'accepted', 'batch:unreachable');
    // The same database, with Temporal at a port nothing listens on.
    const unreachable = await startApiUnderTest({ DATABASE_URL: database.url, TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}` });
    try {
      const response = await unreachable.call('POST', `/recommendations/${id}/implemented`, { token: ada.token, body: { implementedOn } });
      expect(response.status).toBe(503);
      expect((await readJson(response)).type).toBe(ProblemType.serviceUnavailable);
    } finally {
      await unreachable.close();
    }
    expect((await pg.query('SELECT status FROM recommendations WHERE id = $1', [id])).rows[0].status).toBe('implemented');
    const retried = await implemented(ada, id, { implementedOn });
    expect(retried.status).toBe(201);
    expect((await temporal.client.workflow.getHandle(proofWorkflowId(id)).describe()).status.name).toBe('RUNNING');
  }, 60_000);
});
