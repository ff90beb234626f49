import { Client as Pg } from 'pg';
import type { ImplementationDetection, RunDetail, RunPage, SavingsBreakdown, SavingsSummary, UsageSummary } from '@apex/contracts';
import { ProblemType } from '@apex/contracts';
import { addDays, Decimal } from '@apex/domain';
import { ApiOnTestDatabase, startApiOnTestDatabase } from '../testing/api-on-test-database';
import { ApiUnderTest } from '../testing/api-under-test';
import { SignedUpSession, signUpSession } from '../testing/signed-up-session';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const readJson = (response: Response): Promise<any> => response.json();

/*
 * Grace's organisation (moved to Mid) has two runs. The first found four recommendations:
 *   A  verified, 140.25 USD over a reporting period ending 14 October 2026;
 *   C  inconclusive, 90 USD measured (not verified);
 *   D  measuring, its latest interim reading 33.5 USD over 5 days;
 *   O  open, expecting 200 USD a month (found again by the second run, which only updated it).
 * The second run found B (verified, 59.75 USD, period ending 3 November 2026), P (accepted, 60 a month), E (its proof
 * still capturing the baseline, no reading), X (dismissed, 1,000 a month) and Q (open, 20 EUR a month).
 * Ada's organisation (Free) has the same kind of verified proof, 10 USD, to see the tiers apart.
 */
describe('Savings API: verified, measuring and potential, and the runs’ cost saved', () => {
  let started: ApiOnTestDatabase;
  let api: ApiUnderTest;
  let pg: Pg;
  let ada: SignedUpSession;
  let grace: SignedUpSession;
  const ids: Record<string, string> = {};
  const proofIds: Record<string, string> = {};
  let firstRun: string;
  let secondRun: string;

  async function runOf(orgId: string): Promise<string> {
    const {
      rows: [run],
    } = await pg.query(
      "INSERT INTO runs (org_id, user_id, status, admitted_at, started_at, finished_at) SELECT org_id, id, 'succeeded', now(), now(), now() FROM users WHERE org_id = $1 RETURNING id",
      [orgId],
    );
    // The run's usage as the ledger recorded it when it ended: nothing saved yet.
    await pg.query(
      "INSERT INTO usage_events (org_id, user_id, kind, idempotency_key, tokens, cost_saved) SELECT org_id, id, 'agent_run', 'run:' || $2, 0, 0 FROM users WHERE org_id = $1",
      [orgId, run.id],
    );
    return run.id;
  }

  async function recommendation(
    orgId: string,
    key: string,
    runs: { first: string; last: string },
    status: string,
    expected: string,
    options: { currency?: string; kind?: string; scope?: object; createdOn?: string } = {},
  ): Promise<string> {
    const {
      rows: [row],
    } = await pg.query(
      `INSERT INTO recommendations (org_id, fingerprint, kind, title, steps, doc_url, scope, evidence, price_book_version, currency,
                                    monthly_low, monthly_expected, monthly_high, scenarios, assumptions, effort, risk, status, first_run_id, last_run_id, created_at)
       VALUES ($1, $2, $9, $3, '[]', 'https://example.com/doc', $10, '{}', 1, $4, $5, $5, $5, '[]', '[]', 'low', 'low', $6, $7, $8, $11::timestamptz)
       RETURNING id`,
      [
        orgId,
        `fingerprint ${key}`,
        `Recommendation ${key}`,
        options.currency ?? 'USD',
        expected,
        status,
        runs.first,
        runs.last,
        options.kind ?? 'prompt_caching',
        JSON.stringify(options.scope ?? { provider: null, service: null, model: null, resource: null }),
        `${options.createdOn ?? '2026-09-20'}T12:00:00Z`,
      ],
    );
    return row.id;
  }

  async function proof(
    orgId: string,
    recommendationId: string,
    state: { status: string; verdict?: string; savings?: string; endsOn?: string; interim?: object },
  ): Promise<string> {
    const endsOn = state.endsOn ?? '2026-12-14';
    const {
      rows: [row],
    } = await pg.query(
      `INSERT INTO proofs (org_id, recommendation_id, status, implemented_on, reporting_days, reporting_ends_on, currency, verdict, savings, interim, finished_at)
       VALUES ($1, $2, $3, $4::date - 13, 14, $4::date, 'USD', $5, $6, $7, CASE WHEN $3 = 'finished' THEN now() END) RETURNING id`,
      [orgId, recommendationId, state.status, endsOn, state.verdict ?? null, state.savings ?? null, state.interim ? JSON.stringify(state.interim) : null],
    );
    return row.id;
  }

  const get = async <T>(session: SignedUpSession, path: string, status = 200): Promise<T> => {
    const response = await api.call('GET', path, { token: session.token });
    expect(response.status).toBe(status);
    return readJson(response);
  };

  beforeAll(async () => {
    started = await startApiOnTestDatabase();
    api = started.api;
    pg = new Pg({ connectionString: started.database.url });
    await pg.connect();
    [ada, grace] = [await signUpSession(api, 'ada@example.com'), await signUpSession(api, 'grace@example.com')];
    await pg.query("UPDATE organizations SET tier = 'mid' WHERE id = $1", [grace.orgId]);

    firstRun = await runOf(grace.orgId);
    secondRun = await runOf(grace.orgId);
    const first = { first: firstRun, last: firstRun };
    const second = { first: secondRun, last: secondRun };
    ids.A = await recommendation(grace.orgId, 'A', first, 'implemented', '300');
    ids.C = await recommendation(grace.orgId, 'C', first, 'implemented', '300');
    ids.D = await recommendation(grace.orgId, 'D', first, 'implemented', '300');
    ids.O = await recommendation(grace.orgId, 'O', { first: firstRun, last: secondRun }, 'open', '200');
    ids.B = await recommendation(grace.orgId, 'B', second, 'implemented', '300');
    ids.P = await recommendation(grace.orgId, 'P', second, 'accepted', '60');
    ids.E = await recommendation(grace.orgId, 'E', second, 'implemented', '300');
    ids.X = await recommendation(grace.orgId, 'X', second, 'dismissed', '1000');
    ids.Q = await recommendation(grace.orgId, 'Q', second, 'open', '20', { currency: 'EUR' });
    proofIds.A = await proof(grace.orgId, ids.A, { status: 'finished', verdict: 'verified', savings: '140.25', endsOn: '2026-10-14' });
    proofIds.C = await proof(grace.orgId, ids.C, { status: 'finished', verdict: 'inconclusive', savings: '90', endsOn: '2026-10-20' });
    proofIds.D = await proof(grace.orgId, ids.D, { status: 'measuring', interim: { days: 5, actual: '100', adjustedBaseline: '133.5', savings: '33.5' } });
    proofIds.B = await proof(grace.orgId, ids.B, { status: 'finished', verdict: 'verified', savings: '59.75', endsOn: '2026-11-03' });
    proofIds.E = await proof(grace.orgId, ids.E, { status: 'baseline', endsOn: '2026-12-20' });

    const adaRun = await runOf(ada.orgId);
    ids.adaVerified = await recommendation(ada.orgId, 'ada', { first: adaRun, last: adaRun }, 'implemented', '50');
    proofIds.ada = await proof(ada.orgId, ids.adaVerified, { status: 'finished', verdict: 'verified', savings: '10', endsOn: '2026-11-10' });
  }, 120_000);
  afterAll(async () => {
    await pg?.end();
    await started?.stop();
  });

  it('serves the three figures per currency, each with exactly what makes it up; only verified proofs count as saved', async () => {
    const summary = await get<SavingsSummary>(grace, '/savings');
    const verified = Decimal.of('140.25').plus('59.75');
    const measuring = Decimal.of('33.5');
    const potential = Decimal.of('200').plus('60');
    expect(summary.currencies.map((c) => c.currency)).toEqual(['EUR', 'USD']);
    const usd = summary.currencies.find((c) => c.currency === 'USD')!;
    expect(usd.verified.amount).toBe(verified.toString());
    expect(usd.verified.items).toEqual([
      { proofId: proofIds.A, recommendationId: ids.A, title: 'Recommendation A', currency: 'USD', amount: '140.25', reportingEndsOn: '2026-10-14', link: `/app/proofs/${proofIds.A}` },
      { proofId: proofIds.B, recommendationId: ids.B, title: 'Recommendation B', currency: 'USD', amount: '59.75', reportingEndsOn: '2026-11-03', link: `/app/proofs/${proofIds.B}` },
    ]);
    // The inconclusive proof's 90 USD were measured, not verified: in no figure.
    expect(JSON.stringify(summary)).not.toContain(proofIds.C);
    expect(usd.measuring.amount).toBe(measuring.toString());
    expect(usd.measuring.items.map((i) => [i.proofId, i.interim, i.days])).toEqual([
      [proofIds.D, '33.5', 5],
      [proofIds.E, null, 0],
    ]);
    expect(usd.potential.monthlyAmount).toBe(potential.toString());
    expect(usd.potential.items).toEqual([
      { recommendationId: ids.O, title: 'Recommendation O', status: 'open', monthlyExpected: '200', link: `/app/runs/${secondRun}` },
      { recommendationId: ids.P, title: 'Recommendation P', status: 'accepted', monthlyExpected: '60', link: `/app/runs/${secondRun}` },
    ]);
    const eur = summary.currencies.find((c) => c.currency === 'EUR')!;
    expect(eur).toEqual({ currency: 'EUR', verified: { amount: '0', items: [] }, measuring: { amount: '0', items: [] }, potential: { monthlyAmount: '20', items: [expect.objectContaining({ recommendationId: ids.Q })] } });
  });

  it('gives the headline figures to every tier, and the breakdown by recommendation and month to Mid only', async () => {
    const adaSummary = await get<SavingsSummary>(ada, '/savings');
    expect(adaSummary.currencies).toEqual([expect.objectContaining({ currency: 'USD', verified: { amount: '10', items: [expect.objectContaining({ proofId: proofIds.ada })] } })]);

    const locked = await api.call('GET', '/savings/breakdown', { token: ada.token });
    expect(locked.status).toBe(403);
    expect(await readJson(locked)).toMatchObject({ type: ProblemType.featureGated, feature: 'advanced_analytics', requiredTier: 'mid' });

    const breakdown = await get<SavingsBreakdown>(grace, '/savings/breakdown');
    expect(breakdown.byRecommendation.map((i) => [i.recommendationId, i.amount])).toEqual([
      [ids.A, '140.25'],
      [ids.B, '59.75'],
    ]);
    // Each proof in the month its reporting period ended.
    expect(breakdown.byMonth).toEqual([
      { month: '2026-10', currency: 'USD', amount: '140.25', proofIds: [proofIds.A] },
      { month: '2026-11', currency: 'USD', amount: '59.75', proofIds: [proofIds.B] },
    ]);
    expect((await api.call('GET', '/savings')).status).toBe(401);
  });

  it("shows each run's cost saved as the verified savings of the recommendations it found first, and the usage summary's as theirs together", async () => {
    const first = await get<RunDetail>(grace, `/runs/${firstRun}`);
    // A (verified 140.25) only: C is inconclusive, D still measuring, O open (and counted for the run that found it).
    expect(first.costSaved).toBe('140.25');
    expect(first.costSavedByCurrency).toEqual([{ currency: 'USD', amount: '140.25', proofIds: [proofIds.A] }]);
    const page = await get<RunPage>(grace, '/runs');
    expect(Object.fromEntries(page.items.map((run) => [run.id, run.costSaved]))).toEqual({ [firstRun]: '140.25', [secondRun]: '59.75' });

    const usage = await get<UsageSummary>(grace, '/usage/organization');
    const both = Decimal.of('140.25').plus('59.75').toString();
    expect([usage.window.costSaved, usage.period.costSaved]).toEqual([both, both]);
    expect(usage.period.costSavedByCurrency).toEqual([{ currency: 'USD', amount: both, proofIds: [proofIds.A, proofIds.B].sort() }]);
    // The ledger keeps what it recorded when the runs ended.
    expect((await pg.query('SELECT sum(cost_saved)::text AS saved FROM usage_events WHERE org_id = $1', [grace.orgId])).rows[0].saved).toBe('0.000000');

    // A proof that finishes verified shows at once.
    await pg.query("UPDATE proofs SET status = 'finished', verdict = 'verified', savings = 12.5, finished_at = now() WHERE id = $1", [proofIds.D]);
    expect((await get<RunDetail>(grace, `/runs/${firstRun}`)).costSaved).toBe(Decimal.of('140.25').plus('12.5').toString());
    await pg.query("UPDATE proofs SET status = 'measuring', verdict = NULL, savings = NULL, finished_at = NULL WHERE id = $1", [proofIds.D]);
  });

  it('says when the rows show a recommendation implemented, to confirm, and keeps other organisations out', async () => {
    // A batch recommendation on gpt-4o filed on 1 November 2026: 2000 requests a day, and from 15 November another
    // 1000 a day billed at the Batch tier.
    const filedOn = '2026-11-01';
    const changedOn = '2026-11-15';
    const {
      rows: [connection],
    } = await pg.query("INSERT INTO cost_connections (org_id, provider, name, status) VALUES ($1, 'focus_upload', 'uploads', 'active') RETURNING id", [grace.orgId]);
    const {
      rows: [source],
    } = await pg.query(
      "INSERT INTO cost_sources (org_id, connection_id, kind, file_name, period_start, period_end, row_count, status) VALUES ($1, $2, 'file', 'openai.csv', '2026-10-18', '2026-11-22', 1, 'loaded') RETURNING id",
      [grace.orgId, connection.id],
    );
    await pg.query(
      `INSERT INTO cost_rows (org_id, connection_id, source_id, source_row, charge_period_start, charge_period_end, charge_category, billed_cost, effective_cost, list_cost,
                              billing_currency, provider_name, service_name, is_ai, model, input_tokens, output_tokens, cached_tokens, requests, charge_description)
       SELECT $1, $2, $3, row_number() OVER (), day, day + interval '1 day', 'Usage', 10, 10, 10, 'USD', 'OpenAI', 'OpenAI API', true, 'gpt-4o', 1000000, 100000, 0, requests, description
         FROM generate_series(timestamptz '2026-10-18', timestamptz '2026-11-21', interval '1 day') AS day
         CROSS JOIN LATERAL (VALUES (2000, NULL::text), (CASE WHEN day >= timestamptz '2026-11-15' THEN 1000 END, 'Batch API')) AS v(requests, description)
        WHERE requests IS NOT NULL`,
      [grace.orgId, connection.id, source.id],
    );
    const batch = await recommendation(grace.orgId, 'batch', { first: secondRun, last: secondRun }, 'accepted', '30', {
      kind: 'batch',
      scope: { provider: 'openai', service: null, model: 'gpt-4o', resource: null },
      createdOn: filedOn,
    });
    const detection = await get<ImplementationDetection>(grace, `/recommendations/${batch}/implementation`);
    expect(detection).toMatchObject({
      recommendationId: batch,
      status: 'detected',
      change: { kind: 'batch_rows_appeared', firstDay: changedOn, before: { sharePercent: '0.00', days: 14, to: addDays(changedOn, -1) }, after: { from: changedOn, sharePercent: '33.33' } },
    });

    // A recommendation without a model leaves nothing to read; another organisation's is not found.
    expect(await get<ImplementationDetection>(grace, `/recommendations/${ids.O}/implementation`)).toMatchObject({ status: 'not_detectable', change: null });
    expect(await get<ImplementationDetection>(grace, `/recommendations/${ids.X}/implementation`)).toMatchObject({ status: 'not_pending' });
    const hidden = await api.call('GET', `/recommendations/${batch}/implementation`, { token: ada.token });
    expect(hidden.status).toBe(404);
    expect((await readJson(hidden)).type).toBe(ProblemType.notFound);
  });
});
