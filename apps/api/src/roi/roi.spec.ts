import { Client as Pg } from 'pg';
import type { RoiForecast } from '@apex/contracts';
import { ProblemType } from '@apex/contracts';
import { Decimal } from '@apex/domain';
import { ApiOnTestDatabase, startApiOnTestDatabase } from '../testing/api-on-test-database';
import { ApiUnderTest } from '../testing/api-under-test';
import { seedNovemberAiSpend } from '../testing/november-ai-spend';
import { SignedUpSession, signUpSession } from '../testing/signed-up-session';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const readJson = (response: Response): Promise<any> => response.json();

/*
 * Grace's organisation (moved to Early) and Ada's (Free) each spent 35 USD a day on gpt-4o from 1 to 30 November
 * 2026: $1,050.00 over 30 AI cost rows, the 30 days up to their latest day with AI spend. Grace has:
 *   - an open recommendation expecting 100 / 200 / 300 USD a month and an accepted one expecting 50 / 60 / 70;
 *   - a dismissed one (1,000 a month) and an open one in EUR (10 / 20 / 30), neither in the USD potential;
 *   - an implemented one whose finished proof verified 140 USD of savings over a 14-day reporting period, and
 *     another whose proof was inconclusive (90 USD measured, not verified).
 * Ada has one open recommendation (100 / 200 / 300) and no proof. Hopper's organisation has no cost data.
 */
describe('ROI API: what Apex will save, against its fee, from verified proofs and open recommendations', () => {
  let started: ApiOnTestDatabase;
  let api: ApiUnderTest;
  let pg: Pg;
  let ada: SignedUpSession;
  let grace: SignedUpSession;
  let hopper: SignedUpSession;

  const seedSpend = (orgId: string) => seedNovemberAiSpend(pg, orgId);

  async function runOf(orgId: string): Promise<string> {
    const {
      rows: [run],
    } = await pg.query(
      "INSERT INTO runs (org_id, user_id, status, admitted_at, started_at, finished_at) SELECT org_id, id, 'succeeded', now(), now(), now() FROM users WHERE org_id = $1 RETURNING id",
      [orgId],
    );
    return run.id;
  }

  async function recommendation(orgId: string, runId: string, fingerprint: string, status: string, currency: string, [low, expected, high]: string[]): Promise<string> {
    const {
      rows: [row],
    } = await pg.query(
      `INSERT INTO recommendations (org_id, fingerprint, kind, title, steps, doc_url, scope, evidence, price_book_version, currency,
                                    monthly_low, monthly_expected, monthly_high, scenarios, assumptions, effort, risk, status, first_run_id, last_run_id)
       VALUES ($1, $2, 'prompt_caching', $2, '[]', 'https://example.com/doc', '{}', '{}', 1, $3, $4, $5, $6, '[]', '[]', 'low', 'low', $7, $8, $8)
       RETURNING id`,
      [orgId, fingerprint, currency, low, expected, high, status, runId],
    );
    return row.id;
  }

  async function proof(orgId: string, recommendationId: string, verdict: string, savings: string, reportingDays: number): Promise<void> {
    await pg.query(
      `INSERT INTO proofs (org_id, recommendation_id, status, implemented_on, reporting_days, reporting_ends_on, currency, verdict, savings, finished_at)
       VALUES ($1, $2, 'finished', '2026-10-01', $3, date '2026-10-01' + $3::int, 'USD', $4, $5, now())`,
      [orgId, recommendationId, reportingDays, verdict, savings],
    );
  }

  const roi = async (session: SignedUpSession, query = ''): Promise<RoiForecast> => {
    const response = await api.call('GET', `/roi${query}`, { token: session.token });
    expect(response.status).toBe(200);
    return readJson(response);
  };

  beforeAll(async () => {
    started = await startApiOnTestDatabase();
    api = started.api;
    pg = new Pg({ connectionString: started.database.url });
    await pg.connect();
    [ada, grace, hopper] = [await signUpSession(api, 'ada@example.com'), await signUpSession(api, 'grace@example.com'), await signUpSession(api, 'hopper@example.com')];
    await pg.query("UPDATE organizations SET tier = 'early' WHERE id = $1", [grace.orgId]);

    await seedSpend(grace.orgId);
    const graceRun = await runOf(grace.orgId);
    await recommendation(grace.orgId, graceRun, 'open-usd', 'open', 'USD', ['100', '200', '300']);
    await recommendation(grace.orgId, graceRun, 'accepted-usd', 'accepted', 'USD', ['50', '60', '70']);
    await recommendation(grace.orgId, graceRun, 'dismissed-usd', 'dismissed', 'USD', ['1000', '1000', '1000']);
    await recommendation(grace.orgId, graceRun, 'open-eur', 'open', 'EUR', ['10', '20', '30']);
    await proof(grace.orgId, await recommendation(grace.orgId, graceRun, 'proven', 'implemented', 'USD', ['500', '500', '500']), 'verified', '140', 14);
    await proof(grace.orgId, await recommendation(grace.orgId, graceRun, 'unproven', 'implemented', 'USD', ['400', '400', '400']), 'inconclusive', '90', 14);

    await seedSpend(ada.orgId);
    await recommendation(ada.orgId, await runOf(ada.orgId), 'open-usd', 'open', 'USD', ['100', '200', '300']);
  });
  afterAll(async () => {
    await pg?.end();
    await started?.stop();
  });

  // By hand: Early's fee is min($99, 2 % of spend); a proof's monthly rate is savings ÷ reporting days × 30.
  const earlyFee = (spend: Decimal) => Decimal.min(Decimal.of('99'), spend.times('0.02')).round(2);
  const roiOf = (savings: Decimal, fee: Decimal) => savings.minus(fee).times(100).dividedBy(fee, 1).toFixed(1);
  const breakevenOf = (savings: Decimal, fee: Decimal) => fee.dividedBy(savings.dividedBy(30, 20), 1).toFixed(1);

  it('forecasts Early: verified $300.00 a month from one proof, potential $150–$370, a fee of $21.00, and the ROI of each', async () => {
    const forecast = await roi(grace);
    const spend = Decimal.of('35').times(30); // 1050
    const fee = earlyFee(spend); // 21.00
    const verified = Decimal.of('140').dividedBy(14, 20).times(30).round(2); // 300.00
    const potential = { low: Decimal.of('100').plus('50'), expected: Decimal.of('200').plus('60'), high: Decimal.of('300').plus('70') }; // 150 / 260 / 370
    const total = { low: verified.plus(potential.low), expected: verified.plus(potential.expected), high: verified.plus(potential.high) }; // 450 / 560 / 670
    expect(fee.toFixed(2)).toBe('21.00');

    expect(forecast).toMatchObject({
      status: 'ready',
      currency: 'USD',
      message: 'Based on your usage, Apex will save you $560.00 a month ($450.00–$670.00).',
      spend: { from: '2026-11-01', to: '2026-12-01', measured: spend.toFixed(2), rowCount: 30, spendScale: '1', scaled: '1050.00' },
      fee: { status: 'charged', tier: 'early', rule: 'flat_or_percent', monthly: fee.toFixed(2), appliedRule: 'percent_of_spend' },
      verified: { kind: 'verified', status: 'verified', proofCount: 1, measuredSavings: '140.00', monthly: verified.toFixed(2) },
      potential: {
        kind: 'potential',
        status: 'potential',
        recommendationCount: 2,
        monthly: { low: '150.00', expected: '260.00', high: '370.00' },
        byStatus: [
          { status: 'accepted', count: 1, monthly: { low: '50.00', expected: '60.00', high: '70.00' } },
          { status: 'open', count: 1, monthly: { low: '100.00', expected: '200.00', high: '300.00' } },
        ],
      },
      forecast: { low: total.low.toFixed(2), expected: total.expected.toFixed(2), high: total.high.toFixed(2) },
      otherCurrencies: [{ currency: 'EUR', verifiedMonthly: null, potentialMonthly: { low: '10.00', expected: '20.00', high: '30.00' } }],
    });
    expect(forecast.fee!.description).toBe('2% of $1,050.00 measured AI spend (30 cost rows), less than the $99.00 flat price');
    expect(forecast.potential!.message).toMatch(/^Potential, not yet a saving: /);

    // Verified alone: (300 − 21) ÷ 21 = 1328.6 %; 21 ÷ (300 ÷ 30) = 2.1 days.
    expect(forecast.scenarios!.verified).toMatchObject({
      includes: 'verified',
      status: 'computed',
      monthlySavings: { low: '300.00', expected: '300.00', high: '300.00' },
      roiPercent: { expected: roiOf(verified, fee) },
      breakevenDays: { expected: breakevenOf(verified, fee) },
    });
    expect(forecast.scenarios!.verified.roiPercent!.expected).toBe('1328.6');
    expect(forecast.scenarios!.verified.breakevenDays!.expected).toBe('2.1');
    // Verified and potential: 2042.9 / 2566.7 / 3090.5 %, breakeven 1.4 / 1.1 / 0.9 days.
    expect(forecast.scenarios!.verifiedAndPotential).toMatchObject({
      includes: 'verified_and_potential',
      status: 'computed',
      monthlySavings: { low: '450.00', expected: '560.00', high: '670.00' },
      roiPercent: { low: roiOf(total.low, fee), expected: roiOf(total.expected, fee), high: roiOf(total.high, fee) },
      breakevenDays: { low: breakevenOf(total.low, fee), expected: breakevenOf(total.expected, fee), high: breakevenOf(total.high, fee) },
    });
    expect(forecast.scenarios!.verifiedAndPotential.roiPercent).toEqual({ low: '2042.9', expected: '2566.7', high: '3090.5' });
    expect(forecast.scenarios!.verifiedAndPotential.breakevenDays).toEqual({ low: '1.4', expected: '1.1', high: '0.9' });
  });

  it('what-if ×10: $10,500 of spend makes the fee the $99 flat price, and every monthly figure grows tenfold', async () => {
    const forecast = await roi(grace, '?spendScale=10');
    const fee = earlyFee(Decimal.of('10500')); // 99
    const total = Decimal.of('300').plus('260').times(10); // 5600
    expect(forecast).toMatchObject({
      message: 'At 10× your AI spend, Apex would save you $5,600.00 a month ($4,500.00–$6,700.00).',
      spend: { measured: '1050.00', spendScale: '10', scaled: '10500.00' },
      fee: { monthly: '99.00', appliedRule: 'flat_price' },
      verified: { measuredSavings: '140.00', monthly: '3000.00' },
      forecast: { low: '4500.00', expected: '5600.00', high: '6700.00' },
    });
    expect(forecast.scenarios!.verifiedAndPotential.roiPercent!.expected).toBe(roiOf(total, fee)); // (5600 − 99) ÷ 99 = 5556.6 %
    expect(forecast.scenarios!.verifiedAndPotential.roiPercent!.expected).toBe('5556.6');
    expect(forecast.method.join(' ')).toContain('What-if: your measured AI spend and every monthly figure × 10');
  });

  it('Free: no fee, so ROI is undefined and said so plainly; with no proof, nothing verified yet', async () => {
    const forecast = await roi(ada);
    expect(forecast).toMatchObject({
      status: 'ready',
      fee: { status: 'free', tier: 'free', monthly: '0.00', appliedRule: 'free' },
      verified: { status: 'nothing_verified', proofCount: 0, monthly: null },
      potential: { status: 'potential', recommendationCount: 1, monthly: { low: '100.00', expected: '200.00', high: '300.00' } },
      forecast: { expected: '200.00' },
      otherCurrencies: [],
    });
    expect(forecast.verified!.message).toMatch(/^Nothing verified yet/);
    expect(forecast.scenarios!.verified).toMatchObject({ status: 'no_savings', monthlySavings: null, roiPercent: null });
    expect(forecast.scenarios!.verifiedAndPotential).toMatchObject({ status: 'free', monthlySavings: { expected: '200.00' }, roiPercent: null, breakevenDays: null });
    expect(forecast.scenarios!.verifiedAndPotential.message).toMatch(/no fee, so ROI, \(savings − fee\) ÷ fee, is undefined/);
  });

  it('shows no figure without cost data, and says how to add it', async () => {
    expect(await roi(hopper)).toEqual({
      status: 'no_cost_data',
      message: expect.stringMatching(/no cost data yet.*upload a FOCUS file/),
      currency: 'USD',
      spend: null,
      fee: null,
      verified: null,
      potential: null,
      forecast: null,
      scenarios: null,
      otherCurrencies: [],
      method: [],
    });
  });

  it('refuses a spendScale that is not a decimal from 0.1 to 10 with a 400 problem naming it', async () => {
    for (const bad of ['0', '0.09', '10.5', 'abc', '1e1', '-1', '', '2&spendScale=3']) {
      const response = await api.call('GET', `/roi?spendScale=${bad}`, { token: grace.token });
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const problem = await readJson(response);
      expect(problem.type).toBe(ProblemType.validation);
      expect(problem.errors.map((e: { field: string }) => e.field)).toContain('spendScale');
    }
    expect((await api.call('GET', '/roi?scale=2', { token: grace.token })).status).toBe(400);
    expect((await api.call('GET', '/roi')).status).toBe(401);
  });
});
