import { Client as Pg } from 'pg';
import type { RecommendationPage, RecommendationView } from '@apex/contracts';
import { ProblemType } from '@apex/contracts';
import { OptimizerActivitiesService } from '@apex/optimizer';
import { ApiOnTestDatabase, startApiOnTestDatabase } from '../testing/api-on-test-database';
import { ApiUnderTest } from '../testing/api-under-test';
import { seedNovemberAiSpend } from '../testing/november-ai-spend';
import { SignedUpSession, signUpSession } from '../testing/signed-up-session';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const readJson = (response: Response): Promise<any> => response.json();

/*
 * Ada's Free organisation spent, on each of 30 days, 35 USD on gpt-4o-2024-08-06: 10M uncached input tokens, 1M
 * output, 2,000 requests. Its run (the real agents, on the bundled price book) files a caching and a batch finding.
 */
describe('Recommendations API: list, read, accept and dismiss what runs found', () => {
  let started: ApiOnTestDatabase;
  let api: ApiUnderTest;
  let pg: Pg;
  let ada: SignedUpSession;
  let grace: SignedUpSession;
  let runId: string;

  const seedRows = (orgId: string) => seedNovemberAiSpend(pg, orgId);

  /** A run through the real agents, as the worker's activities do it. */
  async function analyse(session: SignedUpSession): Promise<string> {
    const {
      rows: [run],
    } = await pg.query(
      "INSERT INTO runs (org_id, user_id, status, admitted_at, started_at) SELECT org_id, id, 'running', now(), now() FROM users WHERE org_id = $1 RETURNING id",
      [session.orgId],
    );
    const optimizer = api.app.get(OptimizerActivitiesService);
    await optimizer.runDataAgent(run.id);
    for (const agent of ['prompt_caching', 'batch'] as const) await optimizer.runOptimizationAgent(run.id, agent);
    await optimizer.runReportingAgent(run.id);
    return run.id;
  }

  const list = async (session: SignedUpSession, query = ''): Promise<RecommendationPage> => readJson(await api.call('GET', `/recommendations${query}`, { token: session.token }));

  beforeAll(async () => {
    started = await startApiOnTestDatabase();
    api = started.api;
    pg = new Pg({ connectionString: started.database.url });
    await pg.connect();
    [ada, grace] = [await signUpSession(api, 'ada@example.com'), await signUpSession(api, 'grace@example.com')];
    await seedRows(ada.orgId);
    runId = await analyse(ada);
  });
  afterAll(async () => {
    await pg?.end();
    await started?.stop();
  });

  it("lists what the run found, with its figures and evidence, filtered by run, kind and status", async () => {
    const all = await list(ada);
    expect(all.items.map((r) => r.kind).sort()).toEqual(['batch', 'prompt_caching']);
    expect(all.next).toBeNull();
    const caching = all.items.find((r) => r.kind === 'prompt_caching')!;
    // 300M uncached input a month × (2.50 − 1.25) per Mtok = 375; the range is 25 / 50 / 75 % of it.
    expect(caching).toMatchObject({
      status: 'open',
      lastRunId: runId,
      priceBookVersion: 1,
      currency: 'USD',
      monthlySavings: { low: '93.75', expected: '187.5', high: '281.25' },
      evidence: { rowCount: 30, amount: '1050', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
    });
    expect((await list(ada, `?runId=${runId}&kind=batch`)).items.map((r) => r.kind)).toEqual(['batch']);
    expect((await list(ada, '?status=accepted')).items).toEqual([]);
    const first = await list(ada, '?limit=1');
    const second = await list(ada, `?limit=1&after=${first.next}`);
    expect([...first.items, ...second.items].map((r) => r.id)).toEqual(all.items.map((r) => r.id));
    expect(second.next).toBeNull();

    const one = await api.call('GET', `/recommendations/${caching.id}`, { token: ada.token });
    expect(one.status).toBe(200);
    expect(await readJson(one)).toEqual(caching);
  });

  it('accepts, then dismisses with a reason, and keeps a dismissed finding dismissed when a later run finds it again', async () => {
    const [caching] = (await list(ada, '?kind=prompt_caching')).items;
    const accepted = await api.call('POST', `/recommendations/${caching.id}/accept`, { token: ada.token, body: {} });
    expect(accepted.status).toBe(200);
    expect(await readJson(accepted)).toMatchObject({ status: 'accepted', statusChangedAt: expect.any(String) });
    const again = await api.call('POST', `/recommendations/${caching.id}/accept`, { token: ada.token, body: {} });
    expect(again.status).toBe(409);
    expect(await readJson(again)).toMatchObject({ type: ProblemType.conflict, currentStatus: 'accepted' });

    const dismissed = await api.call('POST', `/recommendations/${caching.id}/dismiss`, { token: ada.token, body: { reason: '  Our prompts change on every call  ' } });
    expect(dismissed.status).toBe(200);
    expect(await readJson(dismissed)).toMatchObject({ status: 'dismissed', statusReason: 'Our prompts change on every call' });

    const later = await analyse(ada);
    const after: RecommendationView[] = (await list(ada)).items;
    expect(after).toHaveLength(2);
    expect(after.find((r) => r.id === caching.id)).toMatchObject({ status: 'dismissed', lastRunId: later, firstRunId: runId });
  });

  it('refuses a dismissal without a reason, and fields an acceptance does not take, with a 400 problem naming them', async () => {
    const [batch] = (await list(ada, '?kind=batch')).items;
    for (const body of [{}, { reason: '   ' }, { reason: 'x'.repeat(501) }, { reason: 'nul\u0000byte' }]) {
      const response = await api.call('POST', `/recommendations/${batch.id}/dismiss`, { token: ada.token, body });
      expect(response.status).toBe(400);
      const problem = await readJson(response);
      expect(problem.type).toBe(ProblemType.validation);
      expect(problem.errors.map((e: { field: string }) => e.field)).toContain('reason');
    }
    const extra = await api.call('POST', `/recommendations/${batch.id}/accept`, { token: ada.token, body: { status: 'implemented' } });
    expect(await readJson(extra)).toMatchObject({ status: 400, errors: [{ field: 'status' }] });
    expect((await list(ada, '?kind=batch')).items[0].status).toBe('open');
    expect((await api.call('GET', '/recommendations?kind=cheaper', { token: ada.token })).status).toBe(400);
  });

  it("answers 404 for another organisation's recommendation and changes nothing of it", async () => {
    const [batch] = (await list(ada, '?kind=batch')).items;
    for (const [method, path] of [
      ['GET', `/recommendations/${batch.id}`],
      ['POST', `/recommendations/${batch.id}/accept`],
      ['POST', `/recommendations/not-an-id/accept`],
    ] as const) {
      const response = await api.call(method, path, { token: grace.token, body: method === 'POST' ? {} : undefined });
      expect(response.status).toBe(404);
      expect((await readJson(response)).type).toBe(ProblemType.notFound);
    }
    expect((await api.call('POST', `/recommendations/${batch.id}/dismiss`, { token: grace.token, body: { reason: 'not mine' } })).status).toBe(404);
    expect((await list(grace)).items).toEqual([]);
    expect((await list(ada, '?kind=batch')).items[0].status).toBe('open');
  });
});
