import type { DetectedChange } from '@apex/contracts';
import { addDays, Decimal } from '@apex/domain';
import { createMigratedDataSource } from '@apex/testing';
import { costRows, DayRow, organisation, proofServices, ProofServices, recommendation } from '../testing/proof-fixtures';

/*
 * Detection of an implementation from the organisation's own cost rows, on PostgreSQL with the bundled price book.
 * The recommendation is filed on 1 October 2026; rows run from 14 days before it; the change (when there is one) is
 * made on 8 October, day X. Every day before X the scope model gpt-4o carries 4M input and 1M output tokens.
 */
const FILED_ON = '2026-10-01';
const X = '2026-10-08';
const FIRST_ROW_DAY = addDays(FILED_ON, -14);
const LAST_ROW_DAY = '2026-10-20';

function days(from: string, to: string): string[] {
  const out: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) out.push(day);
  return out;
}

const gpt4o = (day: string, tokens: Partial<DayRow> = {}): DayRow => ({ day, model: 'gpt-4o', input: 4_000_000, output: 1_000_000, cost: '20', ...tokens });

/** The share of `numerator` in `denominator`, as the detector reports it: a percent with two decimals. */
const percent = (numerator: Decimal, denominator: Decimal) => numerator.times(100).dividedBy(denominator, 6).toFixed(2);

describe('implementation detection from cost rows', () => {
  let db: Awaited<ReturnType<typeof createMigratedDataSource>>;
  let services: ProofServices;

  beforeAll(async () => {
    db = await createMigratedDataSource();
    services = await proofServices(db.dataSource);
  }, 120_000);
  afterAll(() => db?.close());

  async function detect(kind: 'model_substitution' | 'prompt_caching' | 'batch', rows: DayRow[], options: { today?: string; key?: string; status?: 'open' | 'accepted' | 'dismissed' } = {}) {
    const org = await organisation(db.dataSource, `org ${kind} ${Math.random()}`);
    await costRows(db.dataSource, org.orgId, rows);
    const id = await recommendation(db.dataSource, org, kind, { key: options.key, createdOn: FILED_ON, status: options.status ?? 'accepted' });
    return services.detection.detect(org.orgId, id, options.today ?? LAST_ROW_DAY);
  }

  /** Half of gpt-4o's traffic moves to gpt-4o-mini on X. */
  const halfMovedOnX = (): DayRow[] =>
    days(FIRST_ROW_DAY, LAST_ROW_DAY).flatMap((day) =>
      day < X
        ? [gpt4o(day)]
        : [gpt4o(day, { input: 2_000_000, output: 500_000, cost: '10' }), { day, model: 'gpt-4o-mini', input: 2_000_000, output: 500_000, cost: '0.6' }],
    );

  it("sees a substitution's traffic move on day X, with the days compared and the shares before and after", async () => {
    const detection = await detect('model_substitution', halfMovedOnX(), { key: 'gpt-4o-mini' });
    // Before: the 14 days before X, 5M tokens a day, none on gpt-4o-mini. After: X and the 6 days after it, half of 5M.
    const beforeTotal = Decimal.of(5_000_000).times(14);
    const afterMoved = Decimal.of(2_500_000).times(7);
    const afterTotal = Decimal.of(5_000_000).times(7);
    expect(detection).toEqual({
      recommendationId: expect.any(String),
      status: 'detected',
      explanation: `Apex sees this change in your data from ${X}: confirm it to start measuring.`,
      change: {
        kind: 'traffic_moved',
        firstDay: X,
        measure: "gpt-4o-mini's share of the tokens of gpt-4o and gpt-4o-mini",
        before: { from: addDays(X, -14), to: addDays(X, -1), days: 14, numerator: '0', denominator: beforeTotal.toString(), sharePercent: percent(Decimal.ZERO, beforeTotal) },
        after: { from: X, to: addDays(X, 6), days: 7, numerator: afterMoved.toString(), denominator: afterTotal.toString(), sharePercent: percent(afterMoved, afterTotal) },
        thresholdPoints: '15',
      } satisfies DetectedChange,
    });
    expect(detection!.change!.after.sharePercent).toBe('50.00');
  });

  it('detects the move on day X itself, when X is the last day with rows', async () => {
    const detection = await detect('model_substitution', halfMovedOnX().filter((row) => row.day <= X), { key: 'gpt-4o-mini', today: X });
    expect(detection?.status).toBe('detected');
    expect(detection?.change).toMatchObject({ firstDay: X, after: { from: X, to: X, days: 1, sharePercent: '50.00' } });
  });

  it('answers no change for steady traffic, and for a one-day spike that falls back', async () => {
    const steady = await detect('model_substitution', days(FIRST_ROW_DAY, LAST_ROW_DAY).map((day) => gpt4o(day)), { key: 'gpt-4o-mini' });
    expect(steady).toMatchObject({ status: 'not_detected', change: null, explanation: `Apex sees no such change in your cost rows since ${FILED_ON}.` });

    const spike = days(FIRST_ROW_DAY, LAST_ROW_DAY).flatMap((day) =>
      day === X ? [gpt4o(day, { input: 2_000_000, output: 500_000 }), { day, model: 'gpt-4o-mini', input: 2_000_000, output: 500_000, cost: '0.6' }] : [gpt4o(day)],
    );
    expect((await detect('model_substitution', spike, { key: 'gpt-4o-mini' }))?.change).toBeNull();
  });

  it("sees the cached share of gpt-4o's input jump for a caching recommendation", async () => {
    // 10 % of the input cached before X, 60 % from X.
    const rows = days(FIRST_ROW_DAY, LAST_ROW_DAY).map((day) => gpt4o(day, { cached: day < X ? 400_000 : 2_400_000 }));
    const detection = await detect('prompt_caching', rows);
    const beforeCached = Decimal.of(400_000).times(14);
    const beforeInput = Decimal.of(4_000_000).times(14);
    const afterCached = Decimal.of(2_400_000).times(7);
    const afterInput = Decimal.of(4_000_000).times(7);
    expect(detection?.status).toBe('detected');
    expect(detection?.change).toEqual({
      kind: 'cached_share_jumped',
      firstDay: X,
      measure: "the cached share of gpt-4o's input tokens",
      before: { from: addDays(X, -14), to: addDays(X, -1), days: 14, numerator: beforeCached.toString(), denominator: beforeInput.toString(), sharePercent: percent(beforeCached, beforeInput) },
      after: { from: X, to: addDays(X, 6), days: 7, numerator: afterCached.toString(), denominator: afterInput.toString(), sharePercent: percent(afterCached, afterInput) },
      thresholdPoints: '15',
    });
    expect([detection!.change!.before.sharePercent, detection!.change!.after.sharePercent]).toEqual(['10.00', '60.00']);
  });

  it('sees batch-priced rows appear for a batch recommendation', async () => {
    // 2000 requests a day at the standard tier; from X, another 1000 a day billed as Batch API.
    const rows = days(FIRST_ROW_DAY, LAST_ROW_DAY).flatMap((day) =>
      day < X ? [gpt4o(day)] : [gpt4o(day), gpt4o(day, { input: 2_000_000, output: 500_000, requests: 1000, cost: '5', description: 'Batch API' })],
    );
    const detection = await detect('batch', rows);
    const afterBatch = Decimal.of(1000).times(7);
    const afterRequests = Decimal.of(3000).times(7);
    expect(detection?.status).toBe('detected');
    expect(detection?.change).toMatchObject({
      kind: 'batch_rows_appeared',
      firstDay: X,
      measure: "the batch-priced share of gpt-4o's requests",
      before: { days: 14, numerator: '0', denominator: Decimal.of(2000).times(14).toString(), sharePercent: '0.00' },
      after: { from: X, to: addDays(X, 6), days: 7, numerator: afterBatch.toString(), denominator: afterRequests.toString(), sharePercent: percent(afterBatch, afterRequests) },
    });
    expect(detection!.change!.after.sharePercent).toBe('33.33');

    const none = await detect('batch', days(FIRST_ROW_DAY, LAST_ROW_DAY).map((day) => gpt4o(day)));
    expect(none).toMatchObject({ status: 'not_detected', change: null });
  });

  it('looks for nothing on a dismissed recommendation or one without a target, and answers null for an unknown one', async () => {
    expect(await detect('model_substitution', halfMovedOnX(), { key: 'gpt-4o-mini', status: 'dismissed' })).toMatchObject({ status: 'not_pending', change: null });
    expect(await detect('model_substitution', halfMovedOnX())).toMatchObject({ status: 'not_detectable', change: null });
    const org = await organisation(db.dataSource, 'nobody');
    expect(await services.detection.detect(org.orgId, '00000000-0000-4000-8000-000000000000')).toBeNull();
  });
});
