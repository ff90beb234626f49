import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { AppConfig } from '@apex/config';
import { createMigratedDataSource } from '@apex/testing';
import { FocusFileLoader } from '../loading/focus-file-loader';
import { CostFacts, ROLLUP_FACTS, ROW_FACTS } from './cost-facts';
import { CostPerTokenMetrics } from './cost-per-token.service';
import { CostRowsDrillDown } from './cost-rows-drill-down.service';
import { MetricsRanges } from './metrics-ranges.service';
import { SpendMetrics } from './spend-metrics.service';
import { SpendTrendMetrics } from './spend-trend.service';

/*
 * Every figure the value page shows, read once from the rows and once from the rollups, must be the same to the
 * last digit. The data is loaded through the real loader (so the rollups are kept by the database as in the product),
 * then partly replaced by a later file and partly deleted with a connection, and another organisation sits beside it.
 */

const HEADER = [
  'BillingAccountId', 'BillingAccountName', 'BillingCurrency', 'BillingPeriodStart', 'BillingPeriodEnd', 'ChargePeriodStart', 'ChargePeriodEnd',
  'ChargeCategory', 'ChargeClass', 'ChargeDescription', 'BilledCost', 'EffectiveCost', 'ListCost', 'ContractedCost',
  'PricingQuantity', 'PricingUnit', 'ProviderName', 'PublisherName', 'InvoiceIssuerName', 'ServiceCategory', 'ServiceName',
  'ConsumedQuantity', 'ConsumedUnit', 'ResourceId', 'PricingCategory', 'x_Model', 'x_InputTokens', 'x_OutputTokens', 'x_CachedTokens', 'x_Requests',
];

const OFFERS = [
  { provider: 'OpenAI', service: 'OpenAI API', category: 'AI and Machine Learning', models: ['gpt-4o', 'gpt-4o-mini', ''] },
  { provider: 'Microsoft', service: 'Azure OpenAI', category: 'AI and Machine Learning', models: ['gpt-4.1', ''] },
  { provider: 'AWS', service: 'Amazon EC2', category: 'Compute', models: [''] },
  { provider: 'AWS', service: 'Amazon S3', category: 'Storage', models: [''] },
];
const CHARGES = ['Usage', 'Usage', 'Usage', 'Usage', 'Credit', 'Purchase', 'Adjustment'];

const csvCell = (value: string) => (/[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
const pad = (n: number) => String(n).padStart(2, '0');

/** A deterministic FOCUS file of `rows` rows in one currency from `first` day on, some hourly, some daily. */
function focusFile(currency: string, first: Date, days: number, rows: number, seed: number): string {
  let state = seed >>> 0;
  // mulberry32: small, deterministic, and without the correlated low bits of a plain LCG.
  const next = (n: number) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
  const lines = [HEADER.join(',')];
  for (let i = 0; i < rows; i++) {
    const offer = OFFERS[next(OFFERS.length)];
    const model = offer.models[next(offer.models.length)];
    const day = new Date(first.getTime() + next(days) * 86_400_000);
    const hourly = next(3) === 0;
    const start = new Date(day.getTime() + (hourly ? next(24) * 3_600_000 : 0));
    const end = new Date(start.getTime() + (hourly ? 3_600_000 : 86_400_000));
    const month = `${day.getUTCFullYear()}-${pad(day.getUTCMonth() + 1)}`;
    const nextMonth = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth() + 1, 1));
    const charge = CHARGES[next(CHARGES.length)];
    const cents = next(100_000) - (charge === 'Credit' ? 100_000 : 0);
    const amount = `${cents < 0 ? '-' : ''}${Math.floor(Math.abs(cents) / 10_000)}.${String(Math.abs(cents) % 10_000).padStart(4, '0')}${next(7)}`;
    // A purchase is billed when made and amortised to nothing on its own row; other rows bill what they cost.
    const billed = charge === 'Purchase' ? amount : next(4) === 0 ? `${amount}1` : amount;
    const effective = charge === 'Purchase' ? '0' : amount;
    const tokens = model && next(4) !== 0;
    lines.push(
      [
        'acct-1', 'Rollup Co', currency, `${month}-01T00:00:00Z`, nextMonth.toISOString().replace('.000', ''), start.toISOString().replace('.000', ''),
        end.toISOString().replace('.000', ''), charge, '', next(5) === 0 ? 'Batch API usage' : 'usage', billed, effective,
        amount, amount, '1', 'Unit', offer.provider, offer.provider, offer.provider, offer.category,
        offer.service, '1', 'Unit', `res-${next(6)}`, charge === 'Usage' ? (next(2) ? 'Standard' : 'Committed') : '',
        model, tokens ? String(next(1_000_000)) : '', tokens ? String(next(100_000)) : '', tokens ? String(next(50_000)) : '', tokens ? String(next(500)) : '',
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

describe('cost rollups: every value-page figure equals the same figure summed from the rows (real PostgreSQL)', () => {
  let db: { dataSource: DataSource; close(): Promise<void> };
  let orgId: string;

  const services = (facts: CostFacts) => {
    const ranges = new MetricsRanges(db.dataSource, facts);
    return {
      ranges,
      spend: new SpendMetrics(db.dataSource, ranges, facts),
      perToken: new CostPerTokenMetrics(db.dataSource, ranges, facts),
      trend: new SpendTrendMetrics(db.dataSource, facts),
      rows: new CostRowsDrillDown(db.dataSource, facts),
    };
  };

  async function newOrg(): Promise<{ orgId: string; userId: string }> {
    const [row] = await db.dataSource.query("INSERT INTO organizations (name, tier) VALUES ('Rollup Co', 'enterprise') RETURNING id");
    const [user] = await db.dataSource.query("INSERT INTO users (org_id, email, name, password_hash, role) VALUES ($1, $2, 'U', 'x', 'owner') RETURNING id", [
      row.id,
      `${randomUUID()}@example.com`,
    ]);
    return { orgId: row.id, userId: user.id };
  }

  beforeAll(async () => {
    db = await createMigratedDataSource();
    const loader = new FocusFileLoader(db.dataSource, { costs: { fileMaxBytes: 50_000_000 } } as AppConfig);
    const load = (owner: { orgId: string; userId: string }, fileName: string, text: string) =>
      loader.load({ ...owner, fileName, gzip: false, body: Readable.from([Buffer.from(text)]) });

    const owner = await newOrg();
    orgId = owner.orgId;
    await load(owner, 'usd-q1.csv', focusFile('USD', new Date('2025-01-01T00:00:00Z'), 90, 1500, 7));
    await load(owner, 'eur-feb.csv', focusFile('EUR', new Date('2025-02-01T00:00:00Z'), 28, 400, 11));
    // A later file of March replaces the earlier rows whose charge starts in its period.
    await load(owner, 'usd-march.csv', focusFile('USD', new Date('2025-03-01T00:00:00Z'), 31, 500, 13));
    const neighbour = await newOrg();
    await load(neighbour, 'neighbour.csv', focusFile('USD', new Date('2025-01-01T00:00:00Z'), 90, 300, 17));
    // A second connection's rows, then the connection deleted: its rows go, and with them their share of the rollups.
    const [{ id: extra }] = await db.dataSource.query(
      "INSERT INTO cost_connections (org_id, provider, name, status) VALUES ($1, 'focus_upload', 'Extra', 'active') RETURNING id",
      [orgId],
    );
    const [{ id: source }] = await db.dataSource.query(
      "INSERT INTO cost_sources (org_id, connection_id, kind, period_start, period_end, status) VALUES ($1, $2, 'api', '2025-01-01', '2025-04-01', 'loaded') RETURNING id",
      [orgId, extra],
    );
    await db.dataSource.query(
      `INSERT INTO cost_rows (org_id, connection_id, source_id, source_row, charge_period_start, charge_period_end, charge_category, billed_cost,
         effective_cost, billing_currency, provider_name, service_name, is_ai, model)
       SELECT $1, $2, $3, g, '2025-01-10'::timestamptz + g * interval '1 hour', '2025-01-10'::timestamptz + (g + 1) * interval '1 hour', 'Usage', 1.5, 1.5, 'USD',
              'OpenAI', 'OpenAI API', true, 'gpt-4o'
         FROM generate_series(1, 50) g`,
      [orgId, extra, source],
    );
    await db.dataSource.query('DELETE FROM cost_connections WHERE id = $1', [extra]);
  }, 120_000);

  afterAll(() => db?.close());

  it('holds exactly the sums of the rows, group by group', async () => {
    const fresh = `SELECT org_id, (charge_period_start AT TIME ZONE 'UTC')::date AS day, billing_currency::text AS currency, is_ai, provider_name,
                          NULLIF(service_name, '') AS service, NULLIF(model, '') AS model, charge_category,
                          count(*)::bigint AS row_count, sum(billed_cost) AS billed, sum(effective_cost) AS effective, sum(list_cost) AS list,
                          coalesce(sum(input_tokens), 0) AS input, coalesce(sum(output_tokens), 0) AS output
                     FROM cost_rows GROUP BY 1, 2, 3, 4, 5, 6, 7, 8`;
    const kept = `SELECT org_id, day, billing_currency, is_ai, provider_name, service_name, model, charge_category,
                         sum(row_count)::bigint, sum(billed_cost), sum(effective_cost), sum(list_cost), sum(input_tokens), sum(output_tokens)
                    FROM cost_daily_rollups GROUP BY 1, 2, 3, 4, 5, 6, 7, 8`;
    const [{ rows }] = await db.dataSource.query(`SELECT count(*)::int AS rows FROM cost_rows WHERE org_id = $1`, [orgId]);
    expect(rows).toBeGreaterThan(1000);
    expect(await db.dataSource.query(`(${fresh}) EXCEPT (${kept})`)).toEqual([]);
    expect(await db.dataSource.query(`(${kept}) EXCEPT (${fresh})`)).toEqual([]);
    expect(await db.dataSource.query('SELECT count(*)::int AS n FROM cost_daily_rollups WHERE row_count = 0')).toEqual([{ n: 0 }]);
  });

  const ranges = [{}, { from: '2025-01-01', to: '2025-04-01' }, { from: '2025-02-10', to: '2025-03-05' }];
  /** Every range once on each cost basis, and once without naming one. */
  const bases = [undefined, 'effective', 'billed'] as const;
  const rangesByBasis = ranges.flatMap((range) => bases.map((basis) => (basis ? { ...range, basis } : range)));

  it('answers the summary, its per-provider breakdown, its credits and adjustments, and the coverage alike, on either basis', async () => {
    const [rows, rollups] = [services(ROW_FACTS), services(ROLLUP_FACTS)];
    expect(await rollups.ranges.aiCoverage(orgId)).toEqual(await rows.ranges.aiCoverage(orgId));
    for (const query of rangesByBasis) expect(await rollups.spend.summary(orgId, query)).toEqual(await rows.spend.summary(orgId, query));
    const [effective, billed] = [
      await rollups.spend.summary(orgId, { ...ranges[1], basis: 'effective' }),
      await rollups.spend.summary(orgId, { ...ranges[1], basis: 'billed' }),
    ];
    // The data holds what the comparison must cover: several providers, both parts, credits and adjustments, and bases that differ.
    expect([effective.basis, billed.basis]).toEqual(['effective', 'billed']);
    expect(new Set(effective.providers.map((p) => p.provider))).toEqual(new Set(['OpenAI', 'Microsoft', 'AWS']));
    expect(effective.providers.some((p) => p.ai && p.other === null) && effective.providers.some((p) => p.other && p.ai === null)).toBe(true);
    expect(effective.allSpend.every((f) => f.credits && f.adjustments)).toBe(true);
    expect(billed.allSpend.map((f) => f.amount)).not.toEqual(effective.allSpend.map((f) => f.amount));
  });

  it('answers spend over time by provider, service and model, by day, week and month, alike', async () => {
    const [rows, rollups] = [services(ROW_FACTS), services(ROLLUP_FACTS)];
    for (const range of ranges) {
      for (const bucket of ['day', 'week', 'month'] as const) {
        for (const by of ['provider', 'service', 'model'] as const) {
          const query = { ...range, bucket, by, basis: by === 'service' ? ('billed' as const) : undefined };
          expect(await rollups.spend.spend(orgId, query)).toEqual(await rows.spend.spend(orgId, query));
        }
      }
    }
  });

  it('answers the cost drivers alike, on either basis', async () => {
    const [rows, rollups] = [services(ROW_FACTS), services(ROLLUP_FACTS)];
    for (const range of ranges) {
      for (const by of ['service', 'model', 'resource'] as const) {
        for (const basis of bases) {
          const query = { ...range, by, limit: 3, basis };
          expect(await rollups.spend.drivers(orgId, query)).toEqual(await rows.spend.drivers(orgId, query));
        }
      }
    }
  });

  it('answers cost per 1K tokens alike, on either basis', async () => {
    const [rows, rollups] = [services(ROW_FACTS), services(ROLLUP_FACTS)];
    for (const range of ranges) {
      for (const bucket of ['day', 'week', 'month'] as const) {
        for (const basis of bases) {
          expect(await rollups.perToken.series(orgId, { ...range, bucket, basis })).toEqual(await rows.perToken.series(orgId, { ...range, bucket, basis }));
        }
      }
    }
  });

  it('answers the monthly trend and the projection alike, on either basis', async () => {
    const [rows, rollups] = [services(ROW_FACTS), services(ROLLUP_FACTS)];
    const now = new Date('2025-03-20T12:00:00Z');
    for (const asOf of ['2025-01-31', '2025-02-14', '2025-03-19']) {
      for (const basis of bases) expect(await rollups.trend.trend(orgId, { asOf, basis }, now)).toEqual(await rows.trend.trend(orgId, { asOf, basis }, now));
    }
  });

  it('totals a drill-down alike, whether the rollups or the rows answer it', async () => {
    const [rows, rollups] = [services(ROW_FACTS), services(ROLLUP_FACTS)];
    const filters = [
      { from: '2025-01-01', to: '2025-04-01', scope: 'ai' as const },
      { from: '2025-01-01', to: '2025-04-01', scope: 'other' as const, chargeCategory: 'Credit' },
      { from: '2025-02-01', to: '2025-03-01', scope: 'ai' as const, currency: 'EUR', model: null, tokens: 'without' as const },
      { from: '2025-01-01', to: '2025-04-01', scope: 'other' as const, chargeCategory: 'Purchase', provider: 'AWS', service: 'Amazon S3' },
      { from: '2025-01-01', to: '2025-04-01', scope: 'all' as const },
      { from: '2025-01-01', to: '2025-04-01', scope: 'all' as const, provider: 'AWS', chargeCategory: 'Adjustment' },
    ];
    const currencies: number[] = [];
    for (const filter of filters) {
      for (const basis of bases) {
        const [fromRows, fromRollups] = [await rows.rows.page(orgId, filter, { limit: 5, basis }), await rollups.rows.page(orgId, filter, { limit: 5, basis })];
        expect(fromRollups.totals).toEqual(fromRows.totals);
        expect(fromRollups.basis).toBe(basis ?? 'effective');
        currencies.push(fromRollups.totals.length);
      }
    }
    expect(currencies.every((n) => n > 0)).toBe(true);
  });

  it('totals every summary figure, on either basis, as its own drill-down totals it', async () => {
    const rollups = services(ROLLUP_FACTS);
    for (const basis of ['effective', 'billed'] as const) {
      const summary = await rollups.spend.summary(orgId, { ...ranges[1], basis });
      const parts = [...summary.allSpend, ...summary.aiSpend, ...summary.otherSpend, ...summary.providers.flatMap((p) => [p.total, p.ai, p.other])];
      const figures = parts.flatMap((figure) => (figure ? [figure, figure.credits, figure.adjustments] : [])).filter((f) => f !== null);
      expect(figures.length).toBeGreaterThan(40);
      for (const figure of figures) {
        const page = await rollups.rows.page(orgId, figure.rows, { limit: 1, basis });
        expect(page.totals).toEqual([{ currency: figure.currency, amount: figure.amount, rowCount: figure.rowCount }]);
      }
    }
  });

  // Last: it empties the tables the figures above read.
  it('empties the rollups when cost_rows is truncated, which fires no DELETE trigger', async () => {
    await db.dataSource.query('TRUNCATE cost_rows');
    expect(await db.dataSource.query('SELECT (SELECT count(*) FROM cost_daily_rollups)::int AS daily, (SELECT count(*) FROM cost_hourly_ai_rollups)::int AS hourly')).toEqual([
      { daily: 0, hourly: 0 },
    ]);
  });
});
