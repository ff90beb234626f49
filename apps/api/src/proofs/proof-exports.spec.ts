import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { DataSource } from 'typeorm';
import type { ProofView } from '@apex/contracts';
import { AppConfig } from '@apex/config';
import { addDays, Decimal } from '@apex/domain';
import { ProofActivitiesService } from '@apex/proofs';
import { workflowBundleOptions } from '@apex/temporal';
import { createLocalEnv, createTestDatabase, TestDatabase, waitFor, workspaceRoot } from '@apex/testing';
import { addMember, expectProblem, readJson, setTier, signUp, TestAccount } from '../auth/testing/account-fixtures';
import { ApiUnderTest, startApiUnderTest } from '../testing/api-under-test';
import { pdfText } from './testing/pdf-text';

const today = () => new Date().toISOString().slice(0, 10);

/** One cost row of the seed: a day's tokens of a model and what it cost. */
interface SeedRow {
  day: string;
  model: string;
  input: number;
  output: number;
  cost: string;
  resource?: string;
}

const HOSTILE_RESOURCE = '=HYPERLINK("https://attacker.example","x")';

/**
 * A proof's exports and the end of its reporting period over the API, with a real worker running the real proof
 * workflow and activities on a real Temporal server over PostgreSQL: the PDF of a finished proof, the evidence CSV
 * of exactly the rows it used, each refused to Free with the locked-feature problem and to another organisation
 * with a 404; ending a measuring proof's period early finishes it, and a period under 7 days verifies nothing.
 */
describe('Proof exports and the end of the reporting period', () => {
  let database: TestDatabase;
  let temporal: TestWorkflowEnvironment;
  let api: ApiUnderTest;
  let db: DataSource;
  let worker: Worker;
  let running: Promise<void>;
  let ada: TestAccount;
  let grace: TestAccount;

  async function seed(orgId: string, rows: SeedRow[]): Promise<void> {
    const [connection] = await db.query("INSERT INTO cost_connections (org_id, provider, name, status) VALUES ($1, 'focus_upload', 'uploads', 'active') RETURNING id", [orgId]);
    const days = rows.map((row) => row.day).sort();
    const [source] = await db.query(
      "INSERT INTO cost_sources (org_id, connection_id, kind, file_name, period_start, period_end, row_count, status) VALUES ($1, $2, 'file', 'openai.csv', $3, $4, $5, 'loaded') RETURNING id",
      [orgId, connection.id, days[0], addDays(days[days.length - 1], 1), rows.length],
    );
    await db.query(
      `INSERT INTO cost_rows (org_id, connection_id, source_id, source_row, charge_period_start, charge_period_end, charge_category, billed_cost, effective_cost, list_cost,
                              billing_currency, provider_name, service_name, is_ai, model, resource_id, input_tokens, output_tokens, cached_tokens, requests)
       SELECT $1, $2, $3, ordinality, day::timestamptz, day::timestamptz + interval '1 day', 'Usage', cost, cost, cost,
              'USD', 'OpenAI', 'OpenAI API', true, model, resource, input, output, 0, 2000
       FROM unnest($4::date[], $5::text[], $6::bigint[], $7::bigint[], $8::numeric[], $9::text[]) WITH ORDINALITY AS t(day, model, input, output, cost, resource)`,
      [orgId, connection.id, source.id, rows.map((r) => r.day), rows.map((r) => r.model), rows.map((r) => r.input), rows.map((r) => r.output), rows.map((r) => r.cost), rows.map((r) => r.resource ?? null)],
    );
  }

  /** A substitution of gpt-4o by gpt-4o-mini, filed the day before `implementedOn`. */
  async function recommendationOf(account: TestAccount, createdOn: string): Promise<string> {
    const [run] = await db.query("INSERT INTO runs (org_id, user_id, status, admitted_at) VALUES ($1, $2, 'succeeded', now()) RETURNING id", [account.orgId, account.userId]);
    const [row] = await db.query(
      `INSERT INTO recommendations (org_id, fingerprint, kind, title, steps, doc_url, scope, evidence, price_book_version, currency, monthly_low, monthly_expected,
                                    monthly_high, scenarios, assumptions, effort, risk, first_run_id, last_run_id, status, created_at, updated_at)
       VALUES ($1, $2, 'model_substitution', 'Move gpt-4o traffic to gpt-4o-mini', '[]', 'https://platform.openai.com/docs/models',
               '{"provider":"openai","service":null,"model":"gpt-4o","resource":null}', '{"filters":[],"rowCount":0,"amount":"0","sha256":""}', 1, 'USD',
               10, 20, 30, '[]', '[]', 'medium', 'medium', $3, $3, 'accepted', $4::timestamptz, $4::timestamptz) RETURNING id`,
      [account.orgId, 'model_substitution:USD:openai:gpt-4o:gpt-4o-mini', run.id, `${createdOn}T12:00:00Z`],
    );
    return row.id;
  }

  /** The workflow's scenario: 30 baseline days of gpt-4o at 18 ± 0.2, then half the traffic on gpt-4o-mini (9 ± 0.1 and 0.54 a day). */
  function scenario(implementedOn: string, reportingDays: number): { baseline: SeedRow[]; reporting: SeedRow[] } {
    const day = (offset: number) => addDays(implementedOn, offset);
    return {
      baseline: Array.from({ length: 30 }, (_, i) => ({
        day: day(i - 30),
        model: 'gpt-4o',
        input: 4_000_000,
        output: 1_000_000,
        cost: i % 2 ? '17.8' : '18.2',
        ...(i === 3 ? { resource: HOSTILE_RESOURCE } : {}),
      })),
      reporting: Array.from({ length: reportingDays }, (_, i) => [
        { day: day(i), model: 'gpt-4o', input: 2_000_000, output: 500_000, cost: i % 2 ? '8.9' : '9.1' },
        { day: day(i), model: 'gpt-4o-mini', input: 2_000_000, output: 500_000, cost: '0.54' },
      ]).flat(),
    };
  }

  const implemented = (account: TestAccount, id: string, implementedOn: string) => api.call('POST', `/recommendations/${id}/implemented`, { token: account.accessToken, body: { implementedOn } });

  async function proofUntil(account: TestAccount, id: string, done: (proof: ProofView) => boolean, what: string): Promise<ProofView> {
    return waitFor(async () => readJson(await api.call('GET', `/proofs/${id}`, { token: account.accessToken })) as Promise<ProofView>, done, { what, timeoutMs: 60_000 });
  }

  beforeAll(async () => {
    [database, temporal] = await Promise.all([createTestDatabase(), createLocalEnv()]);
    api = await startApiUnderTest({ DATABASE_URL: database.url, TEMPORAL_ADDRESS: temporal.connection.options.address as string });
    db = api.app.get(DataSource);
    const config = api.app.get(AppConfig);
    const { workflowsPath, webpackConfigHook } = workflowBundleOptions(workspaceRoot);
    worker = await Worker.create({
      connection: temporal.nativeConnection,
      namespace: config.temporal.namespace,
      taskQueue: config.temporal.taskQueue,
      activities: api.app.get(ProofActivitiesService).activities(),
      workflowsPath,
      bundlerOptions: { webpackConfigHook },
    });
    running = worker.run();
    ada = await signUp(api, 'ada@exports.example', 'Ada Exports Ltd');
    grace = await signUp(api, 'grace@exports.example', 'Grace Exports Ltd');
    await setTier(api, ada.orgId, 'early');
  }, 180_000);
  afterAll(async () => {
    worker?.shutdown();
    await running;
    await api?.close();
    await temporal?.teardown();
    await database?.drop();
  });

  describe('a finished proof', () => {
    const implementedOn = addDays(today(), -14);
    let proofId: string;
    let seeded: { baseline: SeedRow[]; reporting: SeedRow[] };

    beforeAll(async () => {
      seeded = scenario(implementedOn, 14);
      await seed(ada.orgId, [
        ...seeded.baseline,
        ...seeded.reporting,
        // Outside the boundary: another model, and another organisation's gpt-4o.
        { day: addDays(implementedOn, 2), model: 'text-embedding-3-small', input: 1_000_000, output: 0, cost: '0.02' },
      ]);
      await seed(grace.orgId, [{ day: addDays(implementedOn, 2), model: 'gpt-4o', input: 1, output: 1, cost: '5' }]);
      const id = await recommendationOf(ada, addDays(implementedOn, -1));
      const response = await implemented(ada, id, implementedOn);
      expect(response.status).toBe(201);
      proofId = (await readJson(response)).id;
      await proofUntil(ada, proofId, (p) => p.status === 'finished', 'the proof to finish');
    }, 90_000);

    it('serves the report as a PDF with the verdict, the savings and their band, the signature and how to verify it', async () => {
      const proof: ProofView = await readJson(await api.call('GET', `/proofs/${proofId}`, { token: ada.accessToken }));
      // 14 × 18 adjusted baseline − 14 × 9.54 actual.
      const savings = Decimal.of(18).minus('9.54').times(14);
      expect(proof).toMatchObject({ verdict: 'verified', savings: savings.toString() });
      const signed = proof.signed!;

      const response = await api.call('GET', `/proofs/${proofId}/report.pdf`, { token: ada.accessToken });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/pdf');
      expect(response.headers.get('content-disposition')).toBe(`attachment; filename="proof-${proofId}.pdf"`);
      const pdf = Buffer.from(await response.arrayBuffer());
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const text = pdfText(pdf);
      expect(text).toContain('Proof of savings');
      expect(text).toContain('Verified saving');
      expect(text).toContain(`$${savings.toString()}`);
      expect(text).toContain(`±$${Decimal.of(signed.report.uncertainty.at68!).toString()}`);
      expect(text).toContain(signed.sha256);
      expect(text).toContain(signed.keyId);
      expect(text).toContain('To verify: take report.json');
      expect(text).not.toContain('Ada Exports Ltd');
    });

    it('streams exactly the cost rows the proof used as CSV, with a formula cell neutralised', async () => {
      const proof: ProofView = await readJson(await api.call('GET', `/proofs/${proofId}`, { token: ada.accessToken }));
      const response = await api.call('GET', `/proofs/${proofId}/evidence.csv`, { token: ada.accessToken });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      const csv = await response.text();

      const ids: Array<{ id: string; source_row: number }> = await db.query('SELECT id::text AS id, source_row FROM cost_rows WHERE org_id = $1 ORDER BY source_row', [ada.orgId]);
      const idOf = (index: number) => ids[index].id;
      const at = (day: string) => `${day}T00:00:00Z`;
      const line = (period: string, index: number, row: SeedRow, resourceCell: string) =>
        [period, idOf(index), at(row.day), at(addDays(row.day, 1)), 'Usage', 'OpenAI', 'OpenAI API', row.model, resourceCell, 'USD', row.cost, row.cost, String(row.input), '0', String(row.output), '2000', `openai.csv line ${index + 1}`].join(',');
      const expected = [
        'Period,CostRowId,ChargePeriodStart,ChargePeriodEnd,ChargeCategory,ProviderName,ServiceName,Model,ResourceId,BillingCurrency,BilledCost,EffectiveCost,InputTokens,CachedInputTokens,OutputTokens,Requests,Source',
        ...seeded.baseline.map((row, i) => line('baseline', i, row, row.resource ? `"'=HYPERLINK(""https://attacker.example"",""x"")"` : '')),
        ...seeded.reporting.map((row, i) => line('reporting', 30 + i, row, '')),
      ];
      expect(csv).toBe(expected.map((l) => `${l}\r\n`).join(''));
      // The same rows the signed report counts.
      expect(expected.length - 1).toBe(proof.signed!.report.baseline.rowCount + proof.signed!.report.reporting.rowCount);
    });

    it("refuses Free the exports with the locked-feature problem, and another organisation's proof with a 404", async () => {
      await setTier(api, ada.orgId, 'free');
      try {
        for (const file of ['report.pdf', 'evidence.csv']) {
          const problem = await expectProblem(await api.call('GET', `/proofs/${proofId}/${file}`, { token: ada.accessToken }), 403, 'feature-gated');
          expect(problem).toMatchObject({ feature: 'basic_analytics', requiredTier: 'early', upgrade: { tier: 'early', name: 'Early' } });
        }
      } finally {
        await setTier(api, ada.orgId, 'early');
      }
      await setTier(api, grace.orgId, 'early');
      for (const path of ['report.pdf', 'evidence.csv', 'evidence-filters']) {
        await expectProblem(await api.call('GET', `/proofs/${proofId}/${path}`, { token: grace.accessToken }), 404, 'not-found');
      }
      await expectProblem(await api.call('POST', `/proofs/${proofId}/end-reporting-period`, { token: grace.accessToken }), 404, 'not-found');
      await expectProblem(await api.call('GET', '/proofs/not-a-proof/report.pdf', { token: ada.accessToken }), 404, 'not-found');
    });

    it('gives the drill-down filters of each period, and refuses to end a finished period', async () => {
      const filters = await readJson(await api.call('GET', `/proofs/${proofId}/evidence-filters`, { token: ada.accessToken }));
      const lastDay = addDays(today(), -1);
      expect(filters).toEqual({
        baseline: [{ from: addDays(implementedOn, -30), to: implementedOn, scope: 'ai', currency: 'USD', provider: 'OpenAI', model: 'gpt-4o' }],
        reporting: [
          { from: implementedOn, to: addDays(lastDay, 1), scope: 'ai', currency: 'USD', provider: 'OpenAI', model: 'gpt-4o' },
          { from: implementedOn, to: addDays(lastDay, 1), scope: 'ai', currency: 'USD', provider: 'OpenAI', model: 'gpt-4o-mini' },
        ],
      });
      const problem = await expectProblem(await api.call('POST', `/proofs/${proofId}/end-reporting-period`, { token: ada.accessToken }), 409, 'conflict');
      expect(problem).toMatchObject({ currentStatus: 'finished' });
    });
  });

  describe('a measuring proof', () => {
    const implementedOn = addDays(today(), -3);
    let proofId: string;
    let owner: TestAccount;

    beforeAll(async () => {
      owner = await signUp(api, 'lin@exports.example', 'Lin Exports Ltd');
      await setTier(api, owner.orgId, 'early');
      const seeded = scenario(implementedOn, 3);
      await seed(owner.orgId, [...seeded.baseline, ...seeded.reporting]);
      const id = await recommendationOf(owner, addDays(implementedOn, -1));
      proofId = (await readJson(await implemented(owner, id, implementedOn))).id;
      await proofUntil(owner, proofId, (p) => p.status === 'measuring' && p.interim !== null, 'the first reading');
    }, 90_000);

    it('refuses the PDF of an unfinished proof with a 409, and exports the rows measured so far as CSV', async () => {
      const problem = await expectProblem(await api.call('GET', `/proofs/${proofId}/report.pdf`, { token: owner.accessToken }), 409, 'proof-not-finished');
      expect(problem).toMatchObject({ currentStatus: 'measuring', detail: expect.stringContaining('once the proof has finished') });
      const csv = await (await api.call('GET', `/proofs/${proofId}/evidence.csv`, { token: owner.accessToken })).text();
      const periods = csv.trim().split('\r\n').slice(1).map((l) => l.split(',')[0]);
      expect(periods.filter((p) => p === 'baseline')).toHaveLength(30);
      expect(periods.filter((p) => p === 'reporting')).toHaveLength(6);
    });

    it('lets no member end the period, and ends it for the owner: a 3-day period verifies nothing', async () => {
      const member = await addMember(api, owner.orgId, 'member@lin.example', 'member');
      await expectProblem(await api.call('POST', `/proofs/${proofId}/end-reporting-period`, { token: member.accessToken }), 403, 'forbidden');

      const response = await api.call('POST', `/proofs/${proofId}/end-reporting-period`, { token: owner.accessToken });
      expect(response.status).toBe(202);
      expect(await readJson(response)).toMatchObject({ id: proofId, status: 'measuring' });

      const finished = await proofUntil(owner, proofId, (p) => p.status === 'finished', 'the ended proof to finish');
      // Three days measured: 3 × 18 adjusted baseline − (9.1 + 8.9 + 9.1 + 3 × 0.54) actual; fewer than 7 days verify nothing.
      expect(finished.verdict).toBe('inconclusive');
      expect(finished.savings).toBe(Decimal.of(18).times(3).minus(Decimal.of('9.1').plus('8.9').plus('9.1')).minus(Decimal.of('0.54').times(3)).toString());
      expect(finished.signed!.report.method).toContain('The reporting period was ended after 3 of its 14 days; fewer than 7 days verify nothing.');
      await expectProblem(await api.call('POST', `/proofs/${proofId}/end-reporting-period`, { token: owner.accessToken }), 409, 'conflict');
    });
  });
});
