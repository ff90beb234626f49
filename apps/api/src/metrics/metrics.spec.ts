import { DataSource } from 'typeorm';
import { Decimal } from '@apex/domain';
import {
  AiSpendSummary,
  CostDrivers,
  CostPerTokenSeries,
  CostRowsFilter,
  CostRowsPage,
  CostRowView,
  costRowsQuery,
  SpendFigure,
  SpendSeries,
  SpendTrend,
} from '@apex/contracts';
import { ApiOnTestDatabase, startApiOnTestDatabase } from '../testing/api-on-test-database';
import { signUpSession, SignedUpSession } from '../testing/signed-up-session';
import { CostDataFixture, decimalSum, FixtureRow, normalized } from './testing/cost-data-fixture';

const HEDY_ROWS: FixtureRow[] = [
  { provider: 'OpenAI', service: 'OpenAI API', model: 'gpt-4o', start: '2025-01-03', cost: '12.40', inputTokens: 2_000_000, outputTokens: 480_000 },
  { provider: 'OpenAI', service: 'OpenAI API', start: '2025-01-09', cost: '-2.50', chargeCategory: 'Credit' },
  { provider: 'AWS', service: 'Amazon Bedrock', model: 'anthropic.claude-3-5-haiku', start: '2025-01-04', cost: '8.125', billed: '0' },
  { provider: 'AWS', service: 'Savings Plans for AWS Compute usage', start: '2025-01-01', cost: '0', billed: '30.00', isAi: false, chargeCategory: 'Purchase' },
  { provider: 'AWS', service: 'Amazon EC2', start: '2025-01-07', cost: '5.0001', isAi: false },
  { provider: 'AWS', service: 'Amazon EC2', start: '2025-01-01', cost: '0.85', isAi: false, chargeCategory: 'Tax' },
  { provider: 'Microsoft', service: 'Azure Machine Learning', start: '2025-01-05', cost: '-0.15189756178', chargeCategory: 'Credit' },
  { provider: 'Microsoft', service: 'Azure Machine Learning', start: '2025-01-06', cost: '0.02', chargeCategory: 'Adjustment' },
  { provider: 'Microsoft', service: 'Azure OpenAI', model: 'gpt-4o', start: '2025-01-05', cost: '3.50', currency: 'EUR', inputTokens: 100_000, outputTokens: 40_000 },
];

/**
 * Cost rows are written straight to the canonical tables; every figure is checked against sums worked out by
 * hand from those rows, and expanded through GET /metrics/rows into rows that add up to it.
 */
describe('Value metrics API on PostgreSQL', () => {
  let stack: ApiOnTestDatabase;
  let ada: SignedUpSession;
  let grace: SignedUpSession;
  let linus: SignedUpSession;
  let newcomer: SignedUpSession;
  let hedy: SignedUpSession;

  const Q1 = '?from=2025-01-01&to=2025-04-01';

  beforeAll(async () => {
    stack = await startApiOnTestDatabase();
    const { api } = stack;
    [ada, grace, linus, newcomer, hedy] = await Promise.all(
      ['ada@metrics.example', 'grace@metrics.example', 'linus@metrics.example', 'newcomer@metrics.example', 'hedy@metrics.example'].map((email) =>
        signUpSession(api, email),
      ),
    );
    const db = api.app.get(DataSource);

    const adaData = new CostDataFixture(db, ada.orgId);
    const uploads = await adaData.connection('FOCUS uploads');
    const aws = await adaData.connection('AWS production', 'aws');
    const azure = await adaData.connection('Azure EU', 'azure');
    const openAi = (row: Partial<FixtureRow> & { start: string; cost: string }): FixtureRow => ({ provider: 'OpenAI', service: 'OpenAI API', model: 'gpt-4o', ...row });
    await adaData.source(
      uploads,
      [
        openAi({ start: '2025-01-05', cost: '10.50', billed: '11.00', inputTokens: 1_000_000, outputTokens: 500_000, cachedTokens: 200_000 }),
        openAi({ start: '2025-01-20', cost: '4.25', inputTokens: 400_000, outputTokens: 100_000 }),
        openAi({ start: '2025-02-03', cost: '6.00', inputTokens: 1_000_000, outputTokens: 200_000 }),
        openAi({ start: '2025-02-10', cost: '0.3333', model: 'gpt-4o-mini', inputTokens: 2_000_000, outputTokens: 0 }),
        // Just outside the first quarter on either side (UTC).
        openAi({ start: '2024-12-31T23:30:00Z', cost: '1.00', inputTokens: 1000, outputTokens: 1000 }),
        openAi({ start: '2025-04-01T00:00:00Z', cost: '2.00', inputTokens: 1000, outputTokens: 1000 }),
      ],
      { fileName: 'openai-2025-q1.focus.csv' },
    );
    const bedrock = { provider: 'AWS', service: 'Amazon Bedrock', resourceId: 'arn:aws:bedrock:us-east-1:111:model/a', resourceName: 'Bedrock us-east-1' };
    await adaData.source(aws, [{ ...bedrock, start: '2025-01-15', cost: '20.0001', model: 'anthropic.claude-3-5-sonnet', page: 'page-1' }]);
    await adaData.source(aws, [
      { ...bedrock, start: '2025-02-15', cost: '5.1234', page: 'page-2' },
      { provider: 'AWS', service: 'Amazon SageMaker', resourceId: 'endpoint-x', start: '2025-03-01', cost: '7.77', page: 'page-2' },
      { provider: 'AWS', service: 'Amazon EC2', resourceId: 'i-0abc', start: '2025-01-10', cost: '100.00', isAi: false, page: 'page-2' },
    ]);
    await adaData.source(azure, [
      { provider: 'Microsoft', service: 'Azure OpenAI', model: 'gpt-4o', start: '2025-02-20', cost: '3.50', currency: 'EUR', inputTokens: 100_000, outputTokens: 40_000 },
    ]);

    const graceData = new CostDataFixture(db, grace.orgId);
    await graceData.source(await graceData.connection('FOCUS uploads'), [openAi({ start: '2025-01-05', cost: '50.00', inputTokens: 10, outputTokens: 10 })], {
      fileName: 'grace.csv',
    });

    // Eight days of May: seven at 1.25 and one at 1.30, none counting tokens.
    const linusData = new CostDataFixture(db, linus.orgId);
    await linusData.source(
      await linusData.connection('AWS', 'aws'),
      Array.from({ length: 8 }, (_, day) => ({
        provider: 'AWS',
        service: 'Amazon Bedrock',
        start: `2025-05-0${day + 1}`,
        cost: day === 7 ? '1.30' : '1.25',
        page: 'p1',
      })),
    );

    // A multicloud January: AI and other spend at three providers, credits, an adjustment, tax, and a commitment bought
    // (billed on the day, amortised to nothing on its own row) that covers Bedrock usage (billed nothing, amortised 8.125).
    const hedyData = new CostDataFixture(db, hedy.orgId);
    await hedyData.source(await hedyData.connection('Multicloud FOCUS export'), HEDY_ROWS, { fileName: 'multicloud-2025-01.focus.csv' });
  }, 120_000);

  afterAll(() => stack?.stop());

  // Response bodies are checked field by field.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async function get<T = any>(session: SignedUpSession, path: string): Promise<T> {
    const response = await stack.api.call('GET', `/metrics${path}`, { token: session.token });
    const body = await response.json();
    if (response.status !== 200) throw new Error(`GET /metrics${path} answered ${response.status}: ${JSON.stringify(body)}`);
    return body as T;
  }

  /** Every row a filter selects, page by page (three at a time, so that paging is exercised), and the totals it reports. */
  async function expand(session: SignedUpSession, filter: CostRowsFilter): Promise<{ items: CostRowView[]; totals: CostRowsPage['totals'] }> {
    const items: CostRowView[] = [];
    let cursor: string | undefined;
    let totals: CostRowsPage['totals'] = [];
    do {
      const page = await get<CostRowsPage>(session, `/rows?${costRowsQuery(filter, { cursor, limit: 3 })}`);
      items.push(...page.items);
      totals = page.totals;
      cursor = page.next ?? undefined;
    } while (cursor);
    return { items, totals };
  }

  /** The figure's rows, expanded, add up to the figure, count as many rows, and are all in its currency. */
  async function expectExpandsTo(session: SignedUpSession, figure: { amount: string; rowCount: number; rows: CostRowsFilter }): Promise<CostRowView[]> {
    const { items, totals } = await expand(session, figure.rows);
    const currency = figure.rows.currency!;
    expect({ filter: figure.rows, sum: decimalSum(items.map((row) => row.effectiveCost)), rows: items.length }).toEqual({
      filter: figure.rows,
      sum: normalized(figure.amount),
      rows: figure.rowCount,
    });
    expect(new Set(items.map((row) => row.billingCurrency))).toEqual(new Set([currency]));
    expect(totals).toEqual([{ currency, amount: figure.amount, rowCount: figure.rowCount }]);
    return items;
  }

  const usdOf = <T extends { currency: string }>(figures: T[]): T => figures.find((f) => f.currency === 'USD')!;
  const amounts = (figures: { currency: string; amount: string; rowCount: number }[]) => figures.map((f) => [f.currency, f.amount, f.rowCount]);

  describe('total AI spend', () => {
    it('sums the AI rows of the range per currency and keeps other spend apart', async () => {
      const summary = await get<AiSpendSummary>(ada, `/summary${Q1}`);
      expect(summary.range).toEqual({ from: '2025-01-01', to: '2025-04-01', defaulted: false });
      expect(summary.hasCostData).toBe(true);
      expect(summary.message).toBeNull();
      // 10.50 + 4.25 + 6.00 + 0.3333 + 20.0001 + 5.1234 + 7.77; the euro row is never added to it.
      expect(amounts(summary.aiSpend)).toEqual([
        ['USD', '53.9768', 7],
        ['EUR', '3.5', 1],
      ]);
      expect(amounts(summary.otherSpend)).toEqual([['USD', '100', 1]]);
      expect(summary.coverage).toEqual({ firstDay: '2024-12-31', lastDay: '2025-04-01' });
    });

    it('defaults to the three calendar months up to the latest AI spend', async () => {
      const summary = await get<AiSpendSummary>(ada, '/summary');
      expect(summary.range).toEqual({ from: '2025-02-01', to: '2025-05-01', defaulted: true });
      // 6.00 + 0.3333 + 5.1234 + 7.77 + 2.00
      expect(amounts(summary.aiSpend)).toEqual([
        ['USD', '21.2267', 5],
        ['EUR', '3.5', 1],
      ]);
    });

    it('counts a row on the UTC day its charge period starts', async () => {
      const lastDay = await get<AiSpendSummary>(ada, '/summary?from=2024-12-31&to=2025-01-01');
      expect(amounts(lastDay.aiSpend)).toEqual([['USD', '1', 1]]);
      const firstOfApril = await get<AiSpendSummary>(ada, '/summary?from=2025-04-01&to=2025-04-02');
      expect(amounts(firstOfApril.aiSpend)).toEqual([['USD', '2', 1]]);
    });
  });

  describe('all cloud spend, per provider, on either cost basis', () => {
    const JANUARY = '?from=2025-01-01&to=2025-02-01';
    type Row = FixtureRow;
    const costOf = (basis: 'effective' | 'billed') => (row: Row) => (basis === 'billed' ? (row.billed ?? row.cost) : row.cost);
    /** The hand-made sum of the rows `select` picks, on a basis, and how many there are; null when it picks none. */
    const sumOf = (basis: 'effective' | 'billed', select: (row: Row) => boolean) => {
      const picked = HEDY_ROWS.filter((row) => (row.currency ?? 'USD') === 'USD' && select(row));
      return picked.length ? [Decimal.sum(picked.map(costOf(basis))).toString(), picked.length] : null;
    };
    const isAi = (row: Row) => row.isAi ?? true;
    const category = (name: string) => (row: Row) => (row.chargeCategory ?? 'Usage') === name;
    const both = (...tests: ((row: Row) => boolean)[]) => (row: Row) => tests.every((test) => test(row));
    const figure = (f: { amount: string; rowCount: number } | null) => (f ? [f.amount, f.rowCount] : null);
    const spendFigure = (f: SpendFigure | null) => (f ? { total: figure(f), credits: figure(f.credits), adjustments: figure(f.adjustments) } : null);
    const expected = (basis: 'effective' | 'billed', select: (row: Row) => boolean) =>
      sumOf(basis, select) ? { total: sumOf(basis, select), credits: sumOf(basis, both(select, category('Credit'))), adjustments: sumOf(basis, both(select, category('Adjustment'))) } : null;

    it.each(['effective', 'billed'] as const)('shows all spend, its AI and other parts and each provider\'s, with credits and adjustments, on the %s basis', async (basis) => {
      const summary = await get<AiSpendSummary>(hedy, `/summary${JANUARY}&basis=${basis}`);
      expect(summary.basis).toBe(basis);
      const usd = (figures: SpendFigure[]) => spendFigure(figures.find((f) => f.currency === 'USD') ?? null);
      expect(usd(summary.allSpend)).toEqual(expected(basis, () => true));
      expect(usd(summary.aiSpend)).toEqual(expected(basis, isAi));
      expect(usd(summary.otherSpend)).toEqual(expected(basis, (row) => !isAi(row)));
      const providers = summary.providers.filter((p) => p.currency === 'USD');
      for (const provider of providers) {
        const of = (row: Row) => row.provider === provider.provider;
        expect({ provider: provider.provider, total: spendFigure(provider.total), ai: spendFigure(provider.ai), other: spendFigure(provider.other) }).toEqual({
          provider: provider.provider,
          total: expected(basis, of),
          ai: expected(basis, both(of, isAi)),
          other: expected(basis, both(of, (row) => !isAi(row))),
        });
      }
      // Largest provider first within the currency; the euro row is a currency of its own.
      const totals = providers.map((p) => Decimal.of(p.total.amount));
      expect(totals.every((total, index) => index === 0 || totals[index - 1].gte(total))).toBe(true);
      expect(providers.map((p) => p.provider).sort()).toEqual(['AWS', 'Microsoft', 'OpenAI']);
      expect(summary.providers.filter((p) => p.currency === 'EUR').map((p) => [p.provider, p.total.amount, p.ai?.amount, p.other])).toEqual([['Microsoft', '3.5', '3.5', null]]);
    });

    it('works out the figures a person would by hand', async () => {
      const effective = await get<AiSpendSummary>(hedy, `/summary${JANUARY}`);
      const billed = await get<AiSpendSummary>(hedy, `/summary${JANUARY}&basis=billed`);
      const usd = (figures: SpendFigure[]) => figures.find((f) => f.currency === 'USD')!;
      // 12.40 − 2.50 + 8.125 − 0.15189756178 + 0.02 = 17.89310243822; billed, Bedrock counts 0: 9.76810243822.
      expect([usd(effective.aiSpend).amount, usd(billed.aiSpend).amount]).toEqual(['17.89310243822', '9.76810243822']);
      // 0 + 5.0001 + 0.85; billed, the commitment's 30.00 is in it: 35.8501.
      expect([usd(effective.otherSpend).amount, usd(billed.otherSpend).amount]).toEqual(['5.8501', '35.8501']);
      const microsoft = effective.providers.find((p) => p.provider === 'Microsoft' && p.currency === 'USD')!;
      // A negative total, explained by its credit (and reduced less by its adjustment): −0.15189756178 + 0.02.
      expect([microsoft.total.amount, microsoft.total.credits?.amount, microsoft.total.adjustments?.amount]).toEqual(['-0.13189756178', '-0.15189756178', '0.02']);
      expect(effective.basis).toBe('effective');
    });

    it('expands every summary figure, credits and adjustments included, into rows that add up to it', async () => {
      const summary = await get<AiSpendSummary>(hedy, `/summary${JANUARY}`);
      const spend = [...summary.allSpend, ...summary.aiSpend, ...summary.otherSpend, ...summary.providers.flatMap((p) => [p.total, p.ai, p.other])];
      const figures = spend.flatMap((f) => (f ? [f, f.credits, f.adjustments] : [])).filter((f) => f !== null);
      expect(figures.length).toBeGreaterThan(20);
      for (const f of figures) await expectExpandsTo(hedy, f);
      const credits = usdOf(summary.allSpend).credits!;
      const { items } = await expand(hedy, credits.rows);
      expect(items.map((row) => [row.providerName, row.chargeCategory, row.effectiveCost])).toEqual([
        ['Microsoft', 'Credit', '-0.15189756178'],
        ['OpenAI', 'Credit', '-2.50'],
      ]);
    });

    it('totals a drill-down on the basis it is asked for and says which', async () => {
      const filter: CostRowsFilter = { from: '2025-01-01', to: '2025-02-01', scope: 'all', currency: 'USD', provider: 'AWS' };
      const effective = await get<CostRowsPage>(hedy, `/rows?${costRowsQuery(filter)}`);
      const billed = await get<CostRowsPage>(hedy, `/rows?${costRowsQuery(filter, { basis: 'billed' })}`);
      const aws = HEDY_ROWS.filter((row) => row.provider === 'AWS');
      expect([effective.basis, effective.totals]).toEqual(['effective', [{ currency: 'USD', amount: Decimal.sum(aws.map((r) => r.cost)).toString(), rowCount: 4 }]]);
      expect([billed.basis, billed.totals]).toEqual(['billed', [{ currency: 'USD', amount: Decimal.sum(aws.map((r) => r.billed ?? r.cost)).toString(), rowCount: 4 }]]);
      expect(decimalSum(billed.items.map((row) => row.billedCost))).toBe(billed.totals[0].amount);
    });

    it('sums the basis it is asked for on every endpoint, and names it in the answer', async () => {
      const bedrockBilled = (await get<SpendSeries>(hedy, `/spend${JANUARY}&bucket=month&by=provider&basis=billed`)).currencies.find((c) => c.currency === 'USD')!;
      expect(bedrockBilled.points.map((p) => [p.key, p.amount])).toEqual([
        ['AWS', '0'],
        ['Microsoft', '-0.13189756178'],
        ['OpenAI', '9.9'],
      ]);
      const drivers = await get<CostDrivers>(hedy, `/drivers${JANUARY}&by=service&basis=billed`);
      expect(drivers.currencies[0].drivers.find((d) => d.key === 'Amazon Bedrock')?.amount).toBe('0');
      const perToken = await get<CostPerTokenSeries>(hedy, `/cost-per-token${JANUARY}&basis=billed`);
      expect(perToken.withoutTokenCounts.find((f) => f.model === 'anthropic.claude-3-5-haiku')?.amount).toBe('0');
      const trend = await get<SpendTrend>(hedy, '/trend?asOf=2025-01-31&basis=billed');
      expect(trend.months[5].totals.map((t) => [t.currency, t.amount])).toEqual([
        ['USD', '9.76810243822'],
        ['EUR', '3.5'],
      ]);
      const answers = await Promise.all(
        ['/summary', `/spend${JANUARY}`, `/drivers${JANUARY}`, `/cost-per-token${JANUARY}`, '/trend?asOf=2025-01-31', '/rows?from=2025-01-01&to=2025-02-01'].map((path) =>
          Promise.all([get(hedy, path), get(hedy, `${path}${path.includes('?') ? '&' : '?'}basis=billed`)]),
        ),
      );
      expect(answers.map(([plain, billed]) => [plain.basis, billed.basis])).toEqual(Array(6).fill(['effective', 'billed']));
    });

    it.each(['/summary', '/spend', '/drivers', '/cost-per-token', '/trend', '/rows?from=2025-01-01&to=2025-02-01'])('refuses an unknown basis on %s, naming the field', async (path) => {
      const response = await stack.api.call('GET', `/metrics${path}${path.includes('?') ? '&' : '?'}basis=amortised`, { token: hedy.token });
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await response.json()).toMatchObject({
        status: 400,
        errors: [{ field: 'basis', message: 'basis must be one of the following values: effective, billed' }],
      });
    });
  });

  describe('AI spend over time', () => {
    it('breaks each month down by provider, per currency, largest provider first', async () => {
      const series = await get<SpendSeries>(ada, `/spend${Q1}&bucket=month&by=provider`);
      const usd = series.currencies.find((c) => c.currency === 'USD')!;
      expect([usd.total, usd.rowCount, usd.keys]).toEqual(['53.9768', 7, ['AWS', 'OpenAI']]);
      expect(usd.points.map((p) => [p.bucketStart, p.bucketEnd, p.key, p.amount, p.rowCount])).toEqual([
        ['2025-01-01', '2025-02-01', 'AWS', '20.0001', 1],
        ['2025-01-01', '2025-02-01', 'OpenAI', '14.75', 2],
        ['2025-02-01', '2025-03-01', 'AWS', '5.1234', 1],
        ['2025-02-01', '2025-03-01', 'OpenAI', '6.3333', 2],
        ['2025-03-01', '2025-04-01', 'AWS', '7.77', 1],
      ]);
      const eur = series.currencies.find((c) => c.currency === 'EUR')!;
      expect(eur.points.map((p) => [p.bucketStart, p.key, p.amount])).toEqual([['2025-02-01', 'Microsoft', '3.5']]);
      expect(series.currencies.map((c) => c.currency)).toEqual(['USD', 'EUR']);
    });

    it('starts weeks on Monday and clips the first and last bucket to the range', async () => {
      // 2025-01-02 is a Thursday; its week began on Monday 2024-12-30.
      const series = await get<SpendSeries>(ada, '/spend?from=2025-01-02&to=2025-01-16&bucket=week&by=service');
      expect(series.currencies[0].points.map((p) => [p.bucketStart, p.bucketEnd, p.key, p.amount])).toEqual([
        ['2025-01-02', '2025-01-06', 'OpenAI API', '10.5'],
        ['2025-01-13', '2025-01-16', 'Amazon Bedrock', '20.0001'],
      ]);
    });

    it('puts the rows that name no model under null, by day', async () => {
      const series = await get<SpendSeries>(ada, '/spend?from=2025-02-01&to=2025-03-02&bucket=day&by=model');
      const usd = series.currencies.find((c) => c.currency === 'USD')!;
      expect(usd.keys).toEqual([null, 'gpt-4o', 'gpt-4o-mini']);
      expect(usd.points.map((p) => [p.bucketStart, p.bucketEnd, p.key, p.amount])).toEqual([
        ['2025-02-03', '2025-02-04', 'gpt-4o', '6'],
        ['2025-02-10', '2025-02-11', 'gpt-4o-mini', '0.3333'],
        ['2025-02-15', '2025-02-16', null, '5.1234'],
        ['2025-03-01', '2025-03-02', null, '7.77'],
      ]);
    });
  });

  describe('top cost drivers', () => {
    it('ranks services by AI spend with their share of the currency total', async () => {
      const drivers = await get<CostDrivers>(ada, `/drivers${Q1}&by=service`);
      const usd = drivers.currencies.find((c) => c.currency === 'USD')!;
      expect([usd.total.amount, usd.total.rowCount, usd.moreDrivers]).toEqual(['53.9768', 7, 0]);
      expect(usd.drivers.map((d) => [d.key, d.amount, d.sharePercent, d.rowCount])).toEqual([
        ['Amazon Bedrock', '25.1235', '46.54', 2],
        ['OpenAI API', '21.0833', '39.06', 4],
        ['Amazon SageMaker', '7.77', '14.4', 1],
      ]);
      const eur = drivers.currencies.find((c) => c.currency === 'EUR')!;
      expect(eur.drivers.map((d) => [d.key, d.amount, d.sharePercent])).toEqual([['Azure OpenAI', '3.5', '100']]);
    });

    it('lists the top models up to the limit and says how many more there are', async () => {
      const drivers = await get<CostDrivers>(ada, `/drivers${Q1}&by=model&limit=2`);
      const usd = drivers.currencies.find((c) => c.currency === 'USD')!;
      expect(usd.drivers.map((d) => [d.key, d.amount, d.sharePercent])).toEqual([
        ['gpt-4o', '20.75', '38.44'],
        ['anthropic.claude-3-5-sonnet', '20.0001', '37.05'],
      ]);
      expect(usd.moreDrivers).toBe(2);
    });

    it('names resources by their resource name where they have one', async () => {
      const drivers = await get<CostDrivers>(ada, `/drivers${Q1}&by=resource`);
      const usd = drivers.currencies.find((c) => c.currency === 'USD')!;
      expect(usd.drivers.map((d) => [d.key, d.label, d.amount])).toEqual([
        ['arn:aws:bedrock:us-east-1:111:model/a', 'Bedrock us-east-1', '25.1235'],
        [null, null, '21.0833'],
        ['endpoint-x', 'endpoint-x', '7.77'],
      ]);
    });
  });

  describe('cost per 1K tokens', () => {
    it('divides the spend of rows with token counts by their input + output tokens, model by model, with the change from first to last month', async () => {
      const series = await get<CostPerTokenSeries>(ada, `/cost-per-token${Q1}&bucket=month`);
      expect(series.status).toBe('measured');
      expect(series.method).toContain('input + output tokens');
      expect(
        series.models.map((m) => [m.currency, m.model, m.points.map((p) => [p.bucketStart, p.cost, p.tokens, p.cachedTokens, p.costPer1kTokens, p.rowCount])]),
      ).toEqual([
        [
          'EUR',
          'gpt-4o',
          [['2025-02-01', '3.5', '140000', '0', '0.025', 1]],
        ],
        [
          'USD',
          'gpt-4o',
          [
            // 14.75 × 1000 ÷ 2,000,000 and 6.00 × 1000 ÷ 1,200,000
            ['2025-01-01', '14.75', '2000000', '200000', '0.007375', 2],
            ['2025-02-01', '6', '1200000', '0', '0.005', 1],
          ],
        ],
        // 0.3333 × 1000 ÷ 2,000,000 = 0.00016665, rounded to 6 places
        ['USD', 'gpt-4o-mini', [['2025-02-01', '0.3333', '2000000', '0', '0.000167', 1]]],
      ]);
      expect(series.models[1].change).toEqual({ fromBucket: '2025-01-01', toBucket: '2025-02-01', before: '0.007375', after: '0.005', changePercent: '-32.2' });
      expect(series.models[0].change).toBeNull();
      // The Bedrock rows count no tokens: listed apart, in no cost per token.
      expect(series.withoutTokenCounts.map((f) => [f.currency, f.model, f.amount, f.rowCount])).toEqual([
        ['USD', 'anthropic.claude-3-5-sonnet', '20.0001', 1],
        ['USD', null, '12.8934', 2],
      ]);
    });

    it('says there are no token counts instead of estimating a cost per token', async () => {
      const series = await get<CostPerTokenSeries>(linus, '/cost-per-token?from=2025-05-01&to=2025-06-01');
      expect(series.status).toBe('no_token_counts');
      expect(series.models).toEqual([]);
      expect(series.message).toBe('None of the AI cost rows in this range count tokens, so cost per 1K tokens cannot be computed. It is not estimated.');
      expect(amounts(series.withoutTokenCounts)).toEqual([['USD', '10.05', 8]]);
    });
  });

  describe('spend trend and month-end projection', () => {
    it('totals the last six months per currency with the change on the month before, leaving the running month uncompared', async () => {
      const trend = await get<SpendTrend>(ada, '/trend?asOf=2025-03-10');
      expect(trend.asOf).toBe('2025-03-10');
      expect(trend.months.map((m) => [m.month, m.from, m.to, m.complete, m.totals.map((t) => [t.currency, t.amount, t.changePercent])])).toEqual([
        ['2024-10', '2024-10-01', '2024-11-01', true, []],
        ['2024-11', '2024-11-01', '2024-12-01', true, []],
        ['2024-12', '2024-12-01', '2025-01-01', true, [['USD', '1', null]]],
        ['2025-01', '2025-01-01', '2025-02-01', true, [['USD', '34.7501', '3375.01']]],
        [
          '2025-02',
          '2025-02-01',
          '2025-03-01',
          true,
          [
            ['USD', '11.4567', '-67.03'],
            ['EUR', '3.5', null],
          ],
        ],
        ['2025-03', '2025-03-01', '2025-03-11', false, [['USD', '7.77', null]]],
      ]);
    });

    it('projects month-to-date ÷ days observed × days in the month, labelled as a projection, once seven days have data', async () => {
      const trend = await get<SpendTrend>(linus, '/trend?asOf=2025-05-20');
      expect(trend.projection.method).toMatch(/^A projection, not a measured figure: .*divided by the days that covers, times the days in the month\. .*at least 7 days/);
      expect(trend.projection.daysInMonth).toBe(31);
      const [usd] = trend.projection.currencies;
      // 10.05 through the 8th, the latest day with data: 10.05 ÷ 8 × 31 = 38.94375
      expect([usd.status, usd.monthToDate.amount, usd.daysWithData, usd.daysObserved, usd.projectedMonthEnd]).toEqual(['projected', '10.05', 8, 8, '38.94']);
      expect(usd.message).toBe('Projected from 8 days of 31: 10.05 ÷ 8 × 31.');
    });

    it('does not project with fewer than seven days of data', async () => {
      const trend = await get<SpendTrend>(linus, '/trend?asOf=2025-05-06');
      const [usd] = trend.projection.currencies;
      expect([usd.status, usd.monthToDate.amount, usd.daysWithData, usd.projectedMonthEnd]).toEqual(['not_enough_data', '7.5', 6, null]);
      expect(usd.message).toBe('Not enough data to project: 6 of the 7 days with AI spend a projection needs.');
    });

    it('does not project a month that is over', async () => {
      const trend = await get<SpendTrend>(linus, '/trend?asOf=2025-05-31');
      const [usd] = trend.projection.currencies;
      expect([usd.status, usd.monthToDate.amount, usd.projectedMonthEnd]).toEqual(['month_complete', '10.05', null]);
    });

    it('says there is nothing to project in a month without AI spend', async () => {
      const trend = await get<SpendTrend>(linus, '/trend?asOf=2025-07-15');
      expect(trend.projection.currencies).toEqual([]);
      expect(trend.projection.message).toBe('No AI spend was recorded in July 2025 up to 15 Jul 2025, so there is nothing to project.');
    });
  });

  describe('drill-down', () => {
    it('expands every figure of every metric into rows that add up to it', async () => {
      const figures: { amount: string; rowCount: number; rows: CostRowsFilter }[] = [];
      const summary = await get<AiSpendSummary>(ada, `/summary${Q1}`);
      figures.push(...summary.aiSpend, ...summary.otherSpend);
      for (const query of ['bucket=month&by=provider', 'bucket=week&by=service', 'bucket=day&by=model']) {
        const series = await get<SpendSeries>(ada, `/spend${Q1}&${query}`);
        figures.push(...series.currencies.flatMap((c) => c.points));
      }
      for (const by of ['service', 'model', 'resource']) {
        const drivers = await get<CostDrivers>(ada, `/drivers${Q1}&by=${by}`);
        figures.push(...drivers.currencies.flatMap((c) => [c.total, ...c.drivers]));
      }
      const perToken = await get<CostPerTokenSeries>(ada, `/cost-per-token${Q1}&bucket=month`);
      figures.push(...perToken.withoutTokenCounts);
      const trend = await get<SpendTrend>(ada, '/trend?asOf=2025-03-10');
      figures.push(...trend.months.flatMap((m) => m.totals), ...trend.projection.currencies.map((c) => c.monthToDate));
      expect(figures.length).toBeGreaterThan(40);

      for (const figure of figures) await expectExpandsTo(ada, figure);

      for (const point of perToken.models.flatMap((m) => m.points)) {
        const rows = await expectExpandsTo(ada, { amount: point.cost, rowCount: point.rowCount, rows: point.rows });
        const tokens = rows.map((row) => BigInt(row.inputTokens ?? 0) + BigInt(row.outputTokens ?? 0));
        expect(String(tokens.reduce((a, b) => a + b, 0n))).toBe(point.tokens);
      }
    });

    it('shows where each row came from: the file and its line, or the connection and its API page', async () => {
      const page = await get<CostRowsPage>(ada, `/rows?${costRowsQuery({ from: '2025-01-01', to: '2025-02-01', scope: 'ai', currency: 'USD' })}`);
      expect(page.items.map((row) => [row.chargePeriodStart, row.providerName, row.model, row.effectiveCost, row.provenance.kind, row.provenance.connectionName, row.provenance.fileName, row.provenance.sourcePage, row.provenance.sourceRow])).toEqual([
        ['2025-01-05T00:00:00.000000Z', 'OpenAI', 'gpt-4o', '10.50', 'file', 'FOCUS uploads', 'openai-2025-q1.focus.csv', null, 1],
        ['2025-01-15T00:00:00.000000Z', 'AWS', 'anthropic.claude-3-5-sonnet', '20.0001', 'api', 'AWS production', null, 'page-1', 1],
        ['2025-01-20T00:00:00.000000Z', 'OpenAI', 'gpt-4o', '4.25', 'file', 'FOCUS uploads', 'openai-2025-q1.focus.csv', null, 2],
      ]);
      expect([page.items[0].billedCost, page.items[0].inputTokens, page.items[0].cachedTokens]).toEqual(['11.00', '1000000', '200000']);
      expect(page.next).toBeNull();
    });

    it("narrows rows by charge category and pricing class, as a cloud finding's evidence names them", async () => {
      const january = { from: '2025-01-01', to: '2025-02-01', scope: 'ai', currency: 'USD' } as const;
      const usage = await get<CostRowsPage>(ada, `/rows?${costRowsQuery({ ...january, chargeCategory: 'Usage' })}`);
      expect(usage.items).toHaveLength(3);
      const purchases = await get<CostRowsPage>(ada, `/rows?${costRowsQuery({ ...january, chargeCategory: 'Purchase' })}`);
      expect(purchases.items).toEqual([]);
      // None of these rows carries a FOCUS pricing or commitment column, so none is in a pricing class.
      const committed = await get<CostRowsPage>(ada, `/rows?${costRowsQuery({ ...january, pricing: 'committed' })}`);
      expect(committed.items).toEqual([]);
    });

    it('pages through the rows oldest first without repeating or skipping one', async () => {
      const { items } = await expand(ada, { from: '2024-12-01', to: '2025-05-01', scope: 'ai' });
      expect(items).toHaveLength(10);
      expect(new Set(items.map((row) => row.id)).size).toBe(10);
      const starts = items.map((row) => row.chargePeriodStart);
      expect(starts).toEqual([...starts].sort());
    });
  });

  it("never shows one organisation's cost data to another", async () => {
    const summary = await get<AiSpendSummary>(grace, `/summary${Q1}`);
    expect(amounts(summary.aiSpend)).toEqual([['USD', '50', 1]]);
    const { items } = await expand(grace, { from: '2024-01-01', to: '2026-01-01', scope: 'ai' });
    expect(items.map((row) => row.effectiveCost)).toEqual(['50.00']);
    const drivers = await get<CostDrivers>(grace, `/drivers${Q1}&by=resource`);
    expect(drivers.currencies.flatMap((c) => c.drivers.map((d) => d.amount))).toEqual(['50']);
    // Ada's figure's own filter, asked by Grace, selects only Grace's rows.
    const adaFigure = (await get<AiSpendSummary>(ada, `/summary${Q1}`)).aiSpend[0];
    const page = await get<CostRowsPage>(grace, `/rows?${costRowsQuery(adaFigure.rows)}`);
    expect(page.totals).toEqual([{ currency: 'USD', amount: '50', rowCount: 1 }]);
  });

  it('says plainly when the organisation has no cost data yet', async () => {
    const summary = await get<AiSpendSummary>(newcomer, '/summary');
    expect(summary).toMatchObject({ hasCostData: false, coverage: null, aiSpend: [], otherSpend: [] });
    expect(summary.message).toBe('Your organisation has no cost data yet: connect a cloud or AI provider account, or upload a FOCUS file.');
    const series = await get<SpendSeries>(newcomer, '/spend?bucket=day');
    expect([series.currencies, series.message]).toEqual([[], summary.message]);
    const perToken = await get<CostPerTokenSeries>(newcomer, '/cost-per-token');
    expect([perToken.status, perToken.models, perToken.message]).toEqual(['no_token_counts', [], summary.message]);
    const drivers = await get<CostDrivers>(newcomer, '/drivers');
    expect([drivers.currencies, drivers.message]).toEqual([[], summary.message]);
    const rows = await get<CostRowsPage>(newcomer, '/rows?from=2025-01-01&to=2025-02-01');
    expect([rows.items, rows.totals, rows.next]).toEqual([[], [], null]);
  });

  it('says there is no AI spend in a range without any', async () => {
    const summary = await get<AiSpendSummary>(ada, '/summary?from=2023-01-01&to=2023-02-01');
    expect([summary.hasCostData, summary.aiSpend, summary.message]).toEqual([true, [], 'No AI spend was recorded in the range 1 Jan – 31 Jan 2023.']);
  });

  it.each([
    ['/summary?from=2025-02-30&to=2025-03-01', [{ field: 'from', message: 'from must be a calendar day as YYYY-MM-DD' }]],
    ['/summary?from=2025-02-01', [{ field: 'to', message: expect.stringContaining('to is required when from is given') }]],
    ['/spend?from=2025-03-01&to=2025-03-01', [{ field: 'to', message: expect.stringContaining('to must be a later day than from') }]],
    ['/spend?from=2020-01-01&to=2025-01-01', [{ field: 'to', message: 'the range must span at most 1096 days' }]],
    ['/spend?from=2024-01-01&to=2025-03-01&bucket=day', [{ field: 'bucket', message: expect.stringContaining('a series by day spans at most 366 days') }]],
    ['/spend?bucket=hour', [{ field: 'bucket', message: expect.stringContaining('bucket must be one of the following values') }]],
    ['/drivers?limit=0', [{ field: 'limit', message: 'limit must not be less than 1' }]],
    ['/summary?currency=USD', [{ field: 'currency', message: 'property currency should not exist' }]],
    ['/rows?to=2025-02-01', [{ field: 'from', message: 'from must be a string' }]],
    ['/rows?from=2025-01-01&to=2025-02-01&currency=usd', [{ field: 'currency', message: expect.stringContaining('three-letter') }]],
    ['/rows?from=2025-01-01&to=2025-02-01&pricing=spot', [{ field: 'pricing', message: expect.stringContaining('pricing must be one of the following values') }]],
    ['/rows?from=2025-01-01&to=2025-02-01&cursor=bm90IGEgY3Vyc29y', [{ field: 'cursor', message: 'cursor must be the `next` value of a previous page' }]],
    ['/trend?asOf=2999-01-01', [{ field: 'asOf', message: 'asOf cannot be in the future' }]],
  ])('answers %s with a 400 problem naming the field', async (path, errors) => {
    const response = await stack.api.call('GET', `/metrics${path}`, { token: ada.token });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await response.json()).toMatchObject({ type: 'https://apex.dev/problems/validation', status: 400, errors });
  });

  it('answers only signed-in callers', async () => {
    const response = await stack.api.call('GET', '/metrics/summary');
    expect(response.status).toBe(401);
  });
});
