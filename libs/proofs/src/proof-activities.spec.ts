import { readFileSync } from 'node:fs';
import type { ProofView, SignedProofReport } from '@apex/contracts';
import { addDays, Decimal } from '@apex/domain';
import { BUNDLED_PRICE_FILES } from '@apex/pricing';
import { createMigratedDataSource } from '@apex/testing';
import { brokenLink } from './chain/hash-chain';
import { verifySignedReport } from './signing/verify-report';
import { costRows, DayRow, genaiPricesWithGpt4oCut, organisation, proofServices, ProofServices, recommendation } from './testing/proof-fixtures';

/*
 * Golden scenarios whose effect is known, through the real activities on PostgreSQL and the bundled price book
 * (gpt-4o: 2.5 USD per million uncached input tokens, 10 per million output; gpt-4o-mini: 0.15 and 0.6).
 *
 * Baseline traffic, every day: 4M input and 1M output tokens of gpt-4o, 10 + 10 = 20 USD at list, bought at 10 % off
 * (k = 0.9): 18 USD a day, with residuals +0.3 −0.2 −0.4 +0.1 +0.2 repeating (they sum to zero in each five days).
 * The change is implemented on 1 October 2026; the reporting period is 1–14 October.
 */
const IMPLEMENTED_ON = '2026-10-01';
const REPORTING_DAYS = 14;
const BASELINE_RESIDUALS = ['0.3', '-0.2', '-0.4', '0.1', '0.2'];
const day = (offset: number) => addDays(IMPLEMENTED_ON, offset);
const reportingDay = (i: number) => day(i);

/** `days` days of baseline rows ending the day before the implementation, all at 18 + residual. */
function baselineRows(days: number, skip: number[] = []): DayRow[] {
  return Array.from({ length: days }, (_, i) => i)
    .filter((i) => !skip.includes(i))
    .map((i) => ({ day: day(i - days), model: 'gpt-4o', input: 4_000_000, output: 1_000_000, cost: Decimal.of(18).plus(BASELINE_RESIDUALS[i % 5]).toString() }));
}

/** Σ residual² over n baseline days of the repeating pattern, ÷ (n − 1), square-rooted, ÷ mean 18: CV(RMSE) by hand. */
function cvRmseByHand(n: number): number {
  const sumSquares = Array.from({ length: n }, (_, i) => Number(BASELINE_RESIDUALS[i % 5]) ** 2).reduce((a, b) => a + b, 0);
  return Math.sqrt(sumSquares / (n - 1)) / 18;
}

describe('proof activities on PostgreSQL: golden scenarios', () => {
  let db: Awaited<ReturnType<typeof createMigratedDataSource>>;
  let services: ProofServices;

  beforeAll(async () => {
    db = await createMigratedDataSource();
    services = await proofServices(db.dataSource);
  }, 120_000);
  afterAll(() => db?.close());

  /** Confirms the implementation and runs the activities the way the workflow does over the whole period. */
  async function prove(recommendationId: string, orgId: string, userId: string): Promise<{ proof: ProofView; sufficient: boolean }> {
    const opened = await services.proofs.implement(orgId, userId, recommendationId, IMPLEMENTED_ON);
    if (opened.outcome !== 'proving') throw new Error(`not opened: ${opened.outcome}`);
    const proofId = opened.proof.id;
    const { sufficient, reportingEndsOn } = await services.activities.captureBaselineMetrics(proofId);
    expect(reportingEndsOn).toBe(day(REPORTING_DAYS - 1));
    if (sufficient) {
      for (let i = 1; i <= REPORTING_DAYS; i++) await services.activities.recordDailyReading(proofId, day(i));
    }
    await services.activities.calculateImprovements(proofId);
    await services.activities.generateProofReport(proofId);
    return { proof: (await services.proofs.find(orgId, proofId))!, sufficient };
  }

  const signedOf = (proof: ProofView): SignedProofReport => {
    if (!proof.signed) throw new Error(`proof ${proof.id} is not signed`);
    return proof.signed;
  };

  it('verifies half of gpt-4o’s traffic moved to gpt-4o-mini, within the band of the known saving', async () => {
    const org = await organisation(db.dataSource, 'Substitution Ltd');
    // 100 days of history: the baseline takes the last 90.
    const noise = ['0.1', '-0.1', '0.2', '0', '-0.2', '0.1', '0.1'];
    const reporting: DayRow[] = Array.from({ length: REPORTING_DAYS }, (_, i) => [
      // Half stays: 2M input + 0.5M output of gpt-4o = 5 + 5 = 10 at list, 9 at k = 0.9, with noise.
      { day: reportingDay(i), model: 'gpt-4o', input: 2_000_000, output: 500_000, cost: Decimal.of(9).plus(noise[i % 7]).toString() },
      // Half moves: 2M × 0.15 + 0.5M × 0.6 per million = 0.3 + 0.3 = 0.6 at list, 0.54 at k.
      { day: reportingDay(i), model: 'gpt-4o-mini', input: 2_000_000, output: 500_000, cost: '0.54' },
    ]).flat();
    await costRows(db.dataSource, org.orgId, [...baselineRows(100), ...reporting]);
    const id = await recommendation(db.dataSource, org, 'model_substitution', { key: 'gpt-4o-mini', createdOn: '2026-09-20' });

    const { proof, sufficient } = await prove(id, org.orgId, org.userId);
    expect(sufficient).toBe(true);
    const { report } = signedOf(proof);
    expect(report.baseline).toMatchObject({
      from: day(-90),
      to: day(-1),
      calendarDays: 90,
      daysWithReadings: 90,
      coveragePercent: '100.00',
      sufficient: true,
      shortfall: null,
      rowCount: 90,
      effectiveRate: '0.9',
      boundary: { provider: 'openai', model: 'gpt-4o', models: ['gpt-4o', 'gpt-4o-mini'], cachedAsUncached: false },
      // Unit costs per 1K tokens: 2.5 × 0.9 ÷ 1,000 = 0.00225 input; 10 × 0.9 ÷ 1,000 = 0.009 output.
      unitCosts: [{ model: 'gpt-4o', uncachedInputPer1k: '0.00225', outputPer1k: '0.009', perRequest: null }],
    });
    // The baseline's cost: 90 days × 18 (the residuals cancel in each five days).
    expect(report.baseline.total).toBe(Decimal.of(18).times(90).toString());

    // By hand: each reporting day the boundary carries the baseline's traffic (4M + 1M), so the adjusted baseline is
    // 0.9 × 20 = 18 a day; actual is 9 + 0.54 + noise.
    const adjusted = Decimal.of(18).times(REPORTING_DAYS);
    const noiseTotal = Decimal.sum(Array.from({ length: REPORTING_DAYS }, (_, i) => noise[i % 7]));
    const actual = Decimal.of('9.54').times(REPORTING_DAYS).plus(noiseTotal);
    const measured = adjusted.minus(actual);
    expect(report.adjustedBaseline).toBe(adjusted.toString()); // 252
    expect(report.actual).toBe(actual.toString()); // 133.96
    expect(report.savings).toBe(measured.toString()); // 118.04
    expect(report.adjustments).toEqual({ routineBaseline: '252', nonRoutine: '0', priceBookVersions: [1] });
    expect(report.reporting).toMatchObject({ from: IMPLEMENTED_ON, to: day(REPORTING_DAYS - 1), days: REPORTING_DAYS, rowCount: 2 * REPORTING_DAYS });

    // The known effect: 14 × (18 − 9.54) = 118.44, within the 90 % band of the measured saving.
    const known = Decimal.of(18).minus('9.54').times(REPORTING_DAYS);
    expect(known.minus(measured).abs().lte(report.uncertainty.at90!)).toBe(true);
    expect(Number(report.uncertainty.cvRmse)).toBeCloseTo(cvRmseByHand(90), 5);
    // Verified: ΔS68 is below half the saving.
    expect(Decimal.of(report.uncertainty.at68!).times(2).lt(measured)).toBe(true);
    expect(report.verdict).toBe('verified');
    expect(proof).toMatchObject({ status: 'finished', verdict: 'verified', savings: measured.toString(), interim: { days: REPORTING_DAYS, savings: measured.toString() } });

    // Signed, verifiable, and a tampered copy is caught.
    const signed = signedOf(proof);
    expect(verifySignedReport(signed, services.signer.publicKey())).toEqual({ valid: true, problem: null });
    const inflated = { ...signed, report: { ...signed.report, savings: '1180.40' } };
    expect(verifySignedReport(inflated, services.signer.publicKey())).toEqual({ valid: false, problem: 'altered' });

    // The chain: implementation, baseline, 14 readings, verdict; every link holds; the verdict names the report.
    const chain = await services.events.chain(proof.id);
    expect(chain.map((e) => e.kind)).toEqual(['implementation_confirmed', 'baseline_captured', ...Array(REPORTING_DAYS).fill('daily_reading'), 'verdict']);
    expect(brokenLink(chain)).toBeNull();
    expect(chain.at(-1)?.payload).toMatchObject({ verdict: 'verified', reportSha256: signed.sha256 });
    expect(brokenLink(chain.map((e, i) => (i === 3 ? { ...e, payload: { ...(e.payload as object), savings: '999' } } : e)))?.sequence).toBe(4);
  });

  it('does not take twice the traffic with nothing changed for a saving', async () => {
    const org = await organisation(db.dataSource, 'Growth Ltd');
    // Twice the traffic (8M + 2M = 40 at list, 36 at k) at the same unit costs, with noise summing to −0.2.
    const noise = ['0.3', '-0.2', '-0.4', '0.1', '0.2', '0', '-0.1'];
    const reporting = Array.from({ length: REPORTING_DAYS }, (_, i) => ({
      day: reportingDay(i),
      model: 'gpt-4o',
      input: 8_000_000,
      output: 2_000_000,
      cost: Decimal.of(36).plus(noise[i % 7]).toString(),
    }));
    await costRows(db.dataSource, org.orgId, [...baselineRows(30), ...reporting]);
    const id = await recommendation(db.dataSource, org, 'prompt_caching', { createdOn: '2026-09-20' });

    const { report } = signedOf((await prove(id, org.orgId, org.userId)).proof);
    // Adjusted baseline 14 × 0.9 × 40 = 504; actual 14 × 36 − 0.2 = 503.8; savings 0.2.
    expect(report.adjustedBaseline).toBe('504');
    expect(report.actual).toBe('503.8');
    expect(report.savings).toBe('0.2');
    // ≈ 0 within the uncertainty, so not verified; against the baseline's own spend (14 × 18 = 252) it would look like a rise of 251.8.
    expect(Decimal.of(report.savings).abs().lte(report.uncertainty.at68!)).toBe(true);
    expect(report.verdict).toBe('inconclusive');
    expect(report.baseline).toMatchObject({ calendarDays: 30, daysWithReadings: 30, boundary: { models: ['gpt-4o'], cachedAsUncached: true } });
  });

  it('reports missing baseline days as an insufficient baseline, plainly, and signs that', async () => {
    const org = await organisation(db.dataSource, 'Sparse Ltd');
    // 30 days of history with 4 missing: 26 of 30 = 86.67 % < 90 %.
    const reporting = Array.from({ length: REPORTING_DAYS }, (_, i) => ({ day: reportingDay(i), model: 'gpt-4o', input: 2_000_000, output: 500_000, cost: '9' }));
    await costRows(db.dataSource, org.orgId, [...baselineRows(30, [3, 11, 17, 25]), ...reporting]);
    const id = await recommendation(db.dataSource, org, 'batch', { createdOn: '2026-09-20' });

    const { proof, sufficient } = await prove(id, org.orgId, org.userId);
    expect(sufficient).toBe(false);
    const signed = signedOf(proof);
    expect(signed.report.baseline).toMatchObject({ calendarDays: 30, daysWithReadings: 26, coveragePercent: '86.67', sufficient: false });
    expect(signed.report.baseline.shortfall).toBe(
      'Insufficient baseline: only 26 of the 30 days before 2026-10-01 (2026-09-01 to 2026-09-30) have cost rows in this scope, 86.67 % of them; a baseline needs 90 %.',
    );
    expect(proof).toMatchObject({ status: 'finished', verdict: 'insufficient_baseline', savings: null, interim: null });
    expect(signed.report.method).toContain('No saving is measured on it.');
    expect(verifySignedReport(signed, services.signer.publicKey()).valid).toBe(true);
    expect((await services.events.chain(proof.id)).map((e) => e.kind)).toEqual(['implementation_confirmed', 'baseline_captured', 'verdict']);
  });

  it('records each step once however often an activity is retried', async () => {
    const org = await organisation(db.dataSource, 'Retry Ltd');
    await costRows(db.dataSource, org.orgId, [...baselineRows(30), { day: reportingDay(0), model: 'gpt-4o', input: 4_000_000, output: 1_000_000, cost: '17' }]);
    const id = await recommendation(db.dataSource, org, 'batch', { createdOn: '2026-09-20' });
    const opened = await services.proofs.implement(org.orgId, org.userId, id, IMPLEMENTED_ON);
    const again = await services.proofs.implement(org.orgId, org.userId, id, IMPLEMENTED_ON);
    if (opened.outcome !== 'proving' || again.outcome !== 'proving') throw new Error('not opened');
    expect(again.proof.id).toBe(opened.proof.id);
    const proofId = opened.proof.id;
    await services.activities.captureBaselineMetrics(proofId);
    expect(await services.activities.captureBaselineMetrics(proofId)).toEqual({ sufficient: true, reportingEndsOn: day(REPORTING_DAYS - 1) });
    // As of 2 October: 1 October alone, 17 against 18.
    const first = await services.activities.recordDailyReading(proofId, day(1));
    expect(first).toEqual({ days: 1, actual: '17', adjustedBaseline: '18', savings: '1' });
    expect(await services.activities.recordDailyReading(proofId, day(1))).toEqual(first);
    expect(await services.activities.calculateImprovements(proofId)).toEqual({ verdict: 'inconclusive' });
    const { sha256 } = await services.activities.generateProofReport(proofId);
    expect(await services.activities.generateProofReport(proofId)).toEqual({ sha256 });
    const chain = await services.events.chain(proofId);
    expect(chain.map((e) => e.kind)).toEqual(['implementation_confirmed', 'baseline_captured', 'daily_reading', 'verdict']);
    expect(brokenLink(chain)).toBeNull();
    // Ended after 1 of 14 days: fewer than 7 verify nothing, and the method says so.
    const proof = (await services.proofs.find(org.orgId, proofId))!;
    expect(proof.signed?.report.method).toContain('ended after 1 of its 14 days; fewer than 7 days verify nothing');
  });

  // Last: it activates a second price-book version for the whole database.
  it('gives no credit for a provider’s price cut in the reporting period', async () => {
    const org = await organisation(db.dataSource, 'Price Cut Ltd');
    // The same traffic throughout; from 8 October OpenAI halves gpt-4o's prices (1.25 input, 5 output), so a day
    // costs 10 at list, 9 at k. Noise +0.1 −0.1 0 +0.2 −0.2 +0.1 −0.1 (sum 0) each week.
    const cutOn = day(7);
    const noise = ['0.1', '-0.1', '0', '0.2', '-0.2', '0.1', '-0.1'];
    const reporting = Array.from({ length: REPORTING_DAYS }, (_, i) => ({
      day: reportingDay(i),
      model: 'gpt-4o',
      input: 4_000_000,
      output: 1_000_000,
      cost: Decimal.of(reportingDay(i) < cutOn ? 18 : 9).plus(noise[i % 7]).toString(),
    }));
    await costRows(db.dataSource, org.orgId, [...baselineRows(30), ...reporting]);
    const id = await recommendation(db.dataSource, org, 'batch', { createdOn: '2026-09-20' });
    const opened = await services.proofs.implement(org.orgId, org.userId, id, IMPLEMENTED_ON);
    if (opened.outcome !== 'proving') throw new Error('not opened');
    await services.activities.captureBaselineMetrics(opened.proof.id);
    // The provider publishes the cut; the operators import it as version 2 and activate it.
    const v2 = await services.priceBook.importVersion({ litellm: readFileSync(BUNDLED_PRICE_FILES.litellm), genaiPrices: genaiPricesWithGpt4oCut(cutOn) }, null, true);
    expect(v2).toBe(2);
    for (let i = 1; i <= REPORTING_DAYS; i++) await services.activities.recordDailyReading(opened.proof.id, day(i));
    await services.activities.calculateImprovements(opened.proof.id);
    await services.activities.generateProofReport(opened.proof.id);
    const { report } = signedOf((await services.proofs.find(org.orgId, opened.proof.id))!);

    // Routine baseline 14 × 18 = 252. From the 8th the baseline is repriced at the cut: 0.9 × 10 = 9 a day, so the
    // non-routine adjustment is 7 × (9 − 18) = −63, the adjusted baseline 189; actual 7 × 18 + 7 × 9 + 0 = 189.
    expect(report.adjustments).toEqual({ routineBaseline: '252', nonRoutine: '-63', priceBookVersions: [1, 2] });
    expect(report.adjustedBaseline).toBe('189');
    expect(report.actual).toBe('189');
    expect(report.savings).toBe('0');
    expect(report.reporting.readings.find((r) => r.date === cutOn)).toEqual({
      date: cutOn,
      actual: '9.1',
      routineBaseline: '18',
      nonRoutineAdjustment: '-9',
      adjustedBaseline: '9',
      savings: '-0.1',
    });
    // No credit: without the repricing, the cut would have passed for a saving of 63.
    expect(Decimal.of(report.adjustments.routineBaseline).minus(report.actual).toString()).toBe('63');
    expect(report.verdict).toBe('no_savings');
  });
});
