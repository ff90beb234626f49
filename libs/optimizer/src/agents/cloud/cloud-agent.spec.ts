import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { AppConfig } from '@apex/config';
import { OPTIMIZER_AGENTS, OptimizationAgentName, RunReport } from '@apex/contracts';
import { FocusFileLoader } from '@apex/costs';
import { Decimal } from '@apex/domain';
import { EntitlementsService } from '@apex/entitlements';
import { BUNDLED_PRICE_FILES, PriceBook } from '@apex/pricing';
import { RunsService } from '@apex/runs';
import { createMigratedDataSource } from '@apex/testing';
import { collectEvidence } from '../../findings/evidence';
import { NarrativeWriter } from '../../narrative';
import { OptimizerActivitiesService } from '../../optimizer-activities';
import { ReportingAgent } from '../../reporting/reporting-agent';
import { sqlRunnerOf } from '../../sql-runner';
import { RecommendationsStore } from '../../stores/recommendations.store';
import { RunReportsStore } from '../../stores/run-reports.store';
import { RunWorkspaceStore } from '../../stores/run-workspace.store';

/*
 * The golden data set: three of the FOCUS specification's commitment examples (libs/costs/fixtures/focus/spec_examples, CC BY 4.0), made
 * conformant the way libs/costs' spec-example test does it (the mandatory columns they leave out filled, no amount
 * changed), each example's charge hour repeated once a day on 2023-01-01 … 2023-01-30, loaded through the real FOCUS
 * file loader. Every row is Virtual Machines (Compute) of "Example Provider", in USD:
 *   A  100 % utilisation without flexibility: a purchase (EffectiveCost 0) and an hour used under commitment C1
 *      (ListCost 3.00, EffectiveCost 1.50), every day;
 *   B  0 % utilisation without flexibility, its ids suffixed "-2" so that its commitment is not A's: a purchase, the
 *      commitment's unused hour (ListCost 3.00, EffectiveCost 1.50) every day, and an on-demand hour of a medium VM
 *      (ListCost = EffectiveCost = 2.00) on weekdays only;
 *   C  100 % with flexibility over one resource, ids suffixed "-3": only its on-demand row (ListCost = EffectiveCost
 *      = 2.25), every day.
 * Written for this test, not from the examples: one disk in Block Storage (Storage), 0.10 a day on demand, that
 * reports a ConsumedQuantity of 1 on days 1–10 and of 0 on days 11–30.
 * January 2023 starts on a Sunday: days 1–30 hold 9 weekend days (1, 7, 8, 14, 15, 21, 22, 28, 29) and 21 weekdays.
 */
/** The FOCUS specification's examples, as libs/costs keeps them with their source and licence. */
const FIXTURES = join(__dirname, '../../../../costs/fixtures/focus/spec_examples');
const EXAMPLE_A = 'commitment_discount_flexibility__one_hundred_percent_utilization_without_commitment_discount_flexibility.csv';
const EXAMPLE_B = 'commitment_discount_flexibility__zero_percent_utilization_without_commitment_discount_flexibility.csv';
const EXAMPLE_C = 'commitment_discount_flexibility__one_hundred_percent_utilization_with_commitment_discount_flexibility_with_1_resource.csv';

type Row = Record<string, string>;

/** The example's rows by header name (the examples hold no quoted fields; blank lines are skipped). */
function exampleRows(name: string): Row[] {
  const [header, ...lines] = readFileSync(join(FIXTURES, name), 'utf8')
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .map((line) => line.split(','));
  return lines.map((cells) => Object.fromEntries(header.map((column, i) => [column, cells[i]])));
}

const HEADER = [
  'BillingAccountId', 'BillingAccountName', 'BillingCurrency', 'BillingPeriodStart', 'BillingPeriodEnd', 'ChargePeriodStart', 'ChargePeriodEnd',
  'ChargeCategory', 'ChargeClass', 'ChargeDescription', 'ChargeFrequency', 'PricingCategory', 'ResourceId', 'PricingQuantity', 'PricingUnit',
  'ListUnitPrice', 'ListCost', 'ContractedCost', 'BilledCost', 'EffectiveCost', 'ConsumedQuantity', 'ConsumedUnit', 'InvoiceIssuerName',
  'ProviderName', 'PublisherName', 'ServiceCategory', 'ServiceName', 'SkuId', 'SkuPriceId', 'CommitmentDiscountId', 'CommitmentDiscountCategory',
  'CommitmentDiscountQuantity', 'CommitmentDiscountStatus', 'CommitmentDiscountUnit', 'x_CommitmentDiscountUnitPrice',
];

const dayOf = (d: number) => `2023-01-${String(d).padStart(2, '0')}`;
const isWeekday = (d: number) => ![0, 6].includes(new Date(Date.UTC(2023, 0, d)).getUTCDay());

/** An example row on day `d`, with the mandatory columns it leaves out (cost columns take its BilledCost) and its ids suffixed. */
function onDay(row: Row, d: number, suffix: string): string[] {
  const id = (value: string) => (suffix && value.startsWith('<') ? value.replace(/>$/, `${suffix}>`) : value);
  const full: Row = {
    BillingAccountId: 'spec-example-account',
    BillingAccountName: 'FOCUS spec example',
    BillingCurrency: 'USD',
    ChargeClass: '',
    ChargeDescription: 'FOCUS spec worked example',
    ContractedCost: row['BilledCost'],
    PricingUnit: '',
    InvoiceIssuerName: 'Example Provider',
    ProviderName: 'Example Provider',
    PublisherName: 'Example Provider',
    ServiceCategory: 'Compute',
    ServiceName: 'Virtual Machines',
    ...row,
    SkuPriceId: row['SkuPriceid'],
    ResourceId: id(row['ResourceId']),
    CommitmentDiscountId: id(row['CommitmentDiscountId']),
    ChargePeriodStart: `${dayOf(d)}T00:00:00Z`,
    ChargePeriodEnd: `${dayOf(d)}T01:00:00Z`,
  };
  return HEADER.map((column) => full[column] ?? '');
}

/** The disk written for this test: 0.10 a day on demand, consuming on days 1–10 and nothing after. */
function diskOnDay(d: number): string[] {
  const disk: Row = {
    BillingAccountId: 'spec-example-account', BillingAccountName: 'FOCUS spec example', BillingCurrency: 'USD',
    BillingPeriodStart: '2023-01-01T00:00:00Z', BillingPeriodEnd: '2023-02-01T00:00:00Z',
    ChargePeriodStart: `${dayOf(d)}T00:00:00Z`, ChargePeriodEnd: `${dayOf(d + 1)}T00:00:00Z`,
    ChargeCategory: 'Usage', ChargeDescription: 'Standard disk per day', ChargeFrequency: 'Usage-Based', PricingCategory: 'Standard',
    ResourceId: '<my-unattached-disk-id>', PricingQuantity: '1', PricingUnit: 'Disk-Days', ListUnitPrice: '0.10',
    ListCost: '0.10', ContractedCost: '0.10', BilledCost: '0.10', EffectiveCost: '0.10',
    ConsumedQuantity: d <= 10 ? '1' : '0', ConsumedUnit: 'Operations',
    InvoiceIssuerName: 'Example Provider', ProviderName: 'Example Provider', PublisherName: 'Example Provider',
    ServiceCategory: 'Storage', ServiceName: 'Block Storage', SkuId: 'DISK_STANDARD', SkuPriceId: 'DISK_STANDARD_DAY',
  };
  return HEADER.map((column) => disk[column] ?? 'null');
}

const DAYS = Array.from({ length: 30 }, (_, i) => i + 1);
const [A, B, C] = [exampleRows(EXAMPLE_A), exampleRows(EXAMPLE_B), exampleRows(EXAMPLE_C)];
const csv = (rows: string[][]) => [HEADER, ...rows].map((cells) => cells.join(',')).join('\n') + '\n';

/** The golden set described above. */
const GOLDEN = csv(
  DAYS.flatMap((d) => [
    ...A.map((row) => onDay(row, d, '')),
    onDay(B[0], d, '-2'),
    onDay(B[1], d, '-2'),
    ...(isWeekday(d) ? [onDay(B[2], d, '-2')] : []),
    onDay(C[2], d, '-3'),
    diskOnDay(d),
  ]),
);
/** Example A alone, every day: usage fully under commitment, nothing on demand and nothing unused. */
const FULLY_COMMITTED = csv(DAYS.flatMap((d) => A.map((row) => onDay(row, d, ''))));
/** Example B alone, every day: an unused commitment and on-demand usage, but no hour used under a commitment. */
const UNUSED_ONLY = csv(DAYS.flatMap((d) => B.map((row) => onDay(row, d, ''))));

const D = (value: string | number) => Decimal.of(value);

describe('the cloud agent over the FOCUS commitment examples (real PostgreSQL, the real FOCUS loader)', () => {
  let db: Awaited<ReturnType<typeof createMigratedDataSource>>;
  let optimizer: OptimizerActivitiesService;
  let reports: RunReportsStore;
  let loader: FocusFileLoader;

  beforeAll(async () => {
    db = await createMigratedDataSource();
    const ds = db.dataSource;
    const priceBook = new PriceBook(ds);
    await priceBook.importVersion({ litellm: readFileSync(BUNDLED_PRICE_FILES.litellm), genaiPrices: readFileSync(BUNDLED_PRICE_FILES.genaiPrices) }, null, true);
    const recommendations = new RecommendationsStore(ds);
    reports = new RunReportsStore(ds, recommendations);
    const reporting = new ReportingAgent(ds, new EntitlementsService(ds), recommendations, reports, new NarrativeWriter({ llm: null } as unknown as AppConfig));
    optimizer = new OptimizerActivitiesService(ds, new RunsService(ds), priceBook, new RunWorkspaceStore(ds), reporting);
    loader = new FocusFileLoader(ds, { costs: { fileMaxBytes: 10_000_000 } } as unknown as AppConfig);
  });
  afterAll(() => db?.close());

  /** A new organisation on `tier` with `file` loaded, one run of every agent over it, and the run's report. */
  async function runOver(file: string, tier: 'free' | 'early' | 'mid'): Promise<{ orgId: string; report: RunReport; warnings: unknown }> {
    const ds = db.dataSource;
    const [org] = await ds.query('INSERT INTO organizations (name, tier) VALUES ($1, $2) RETURNING id', [`Cloud ${tier}`, tier]);
    const [user] = await ds.query("INSERT INTO users (org_id, email, name, password_hash, role) VALUES ($1, $2, 'Ada', 'x', 'owner') RETURNING id", [org.id, `${org.id}@example.com`]);
    const loaded = await loader.load({ orgId: org.id, userId: user.id, fileName: 'commitments.csv', gzip: false, body: Readable.from([Buffer.from(file)]) });
    const [run] = await ds.query("INSERT INTO runs (org_id, user_id, status, admitted_at, started_at) VALUES ($1, $2, 'running', now(), now()) RETURNING id", [org.id, user.id]);
    expect(await optimizer.runDataAgent(run.id)).toEqual({ hasData: true });
    for (const agent of OPTIMIZER_AGENTS.filter((a): a is OptimizationAgentName => a !== 'data' && a !== 'reporting')) await optimizer.runOptimizationAgent(run.id, agent);
    await optimizer.runReportingAgent(run.id);
    return { orgId: org.id, report: (await reports.find(org.id, run.id))!, warnings: loaded.warnings };
  }

  const recent = (report: RunReport) => report.profiles.find((p) => p.windowDays === 30 && p.currency === 'USD')!;
  const kindOf = (report: RunReport, kind: string) => report.findings.filter((f) => f.kind === kind);

  describe('the golden set on Mid', () => {
    let golden: { orgId: string; report: RunReport; warnings: unknown };
    beforeAll(async () => {
      golden = await runOver(GOLDEN, 'mid');
    });

    it('loads every row of the examples with no warning', () => {
      expect(golden.warnings).toEqual([]);
    });

    it('profiles commitment coverage and the Effective Savings Rate by service', () => {
      const profile = recent(golden.report);
      // Covered: C1's hour, 1.50 × 30 days = 45. On demand in Compute (the category commitments cover): C's 2.25 × 30
      // + B's medium VM 2.00 × 21 weekdays = 67.5 + 42 = 109.5. Eligible 45 + 109.5 = 154.5; the disk (Storage) is not.
      const covered = D('1.50').times(30);
      const onDemand = D('2.25').times(30).plus(D('2.00').times(21));
      const eligible = covered.plus(onDemand);
      expect(profile.commitmentCoverage).toEqual({
        eligibleSpend: eligible.toString(),
        coveredSpend: covered.toString(),
        coveragePercent: covered.times(100).dividedBy(eligible, 2).toString(), // 4500 ÷ 154.5 = 29.126… → 29.13
      });
      expect(profile.commitmentCoverage!.coveragePercent).toBe('29.13');
      // Virtual Machines: list = committed 3.00 × 30 + on demand 109.5 (the unused hour's 3.00 list counts 0) = 199.5;
      // effective = 45 + 109.5 + unused 1.50 × 30 = 199.5: the unused commitment takes back exactly what C1 saved, 0 %.
      // Block Storage: 0.10 × 30 = 3 list and paid, 0 %.
      const vmList = D('3.00').times(30).plus(onDemand);
      const vmEffective = covered.plus(onDemand).plus(D('1.50').times(30));
      expect(profile.effectiveSavingsRate).toEqual([
        { provider: 'Example Provider', service: 'Virtual Machines', listCost: vmList.toString(), effectiveCost: vmEffective.toString(), ratePercent: '0' },
        { provider: 'Example Provider', service: 'Block Storage', listCost: '3', effectiveCost: '3', ratePercent: '0' },
      ]);
    });

    it('finds the unused commitment, the on-demand spend to commit and the idle disk, each from the rows', async () => {
      const report = golden.report;
      expect(report.findings.map((f) => f.kind).sort()).toEqual(['commitment_coverage', 'idle_resource', 'unused_commitment']);

      // Unused: B's hour, 1.50 × 30 = 45 over 30 days = 45 a month. On-demand Virtual Machines over the same days,
      // 109.5, could fill all of it: expected min(45, 109.5) = 45; high 45; low 0. First in its sequence: as is.
      const [unused] = kindOf(report, 'unused_commitment');
      expect(unused.monthlySavings).toEqual({ low: '0', expected: '45', high: '45' });
      expect(unused.scope).toEqual({ provider: 'Example Provider', service: 'Virtual Machines', model: null, resource: null });
      expect(unused.steps[0]).toContain('<my-commitment-discount-id-2>: $45.00 a month unused');
      // Its evidence: the 30 unused rows and the 30 + 21 on-demand rows, 45 + 109.5.
      expect(unused.evidence).toMatchObject({ rowCount: 81, amount: '154.5' });

      // Coverage. d = (ListCost − EffectiveCost) ÷ ListCost of C1's used rows = (90 − 45) ÷ 90 = 0.5; the on-demand
      // rows cost list (k = 109.5 ÷ 109.5 = 1), so a committed on-demand dollar costs r = 0.5. A day's on-demand
      // spend: 2.25 on the 9 weekend days, 2.25 + 2.00 = 4.25 on the 21 weekdays; S(L) = Σ min(L, Dᵢ) − 30 × L × r.
      const r = D('0.5');
      const days = DAYS.map((d) => (isWeekday(d) ? D('4.25') : D('2.25')));
      const saving = (level: Decimal) => Decimal.sum(days.map((day) => Decimal.min(level, day))).minus(level.times(30).times(r));
      const low = saving(D('2.25')); //      30 × 2.25 − 30 × 2.25 × 0.5 = 67.5 − 33.75 = 33.75
      const expected = saving(D('4.25')); // 109.5 − 30 × 4.25 × 0.5 = 109.5 − 63.75 = 45.75
      const high = onDemand().times(Decimal.ONE.minus(r)); // 109.5 × 0.5 = 54.75
      expect([low, expected, high].map(String)).toEqual(['33.75', '45.75', '54.75']);
      // Both rest on the service's spend, its Usage rows: 1.50 × 30 (C1) + 1.50 × 30 (unused) + 109.5 = 199.5 a month.
      // Applied after the unused commitment, coverage gets what that leaves, 199.5 − 45 = 154.5 of 199.5.
      const spend = D('199.5');
      const left = spend.minus(45).dividedBy(spend, 12);
      const [coverage] = kindOf(report, 'commitment_coverage');
      expect(coverage.monthlySavings).toEqual({
        low: low.times(left).round(2).toString(), //           26.14
        expected: expected.times(left).round(2).toString(), // 35.43
        high: high.times(left).round(2).toString(), //         42.40
      });
      expect(coverage.monthlySavings).toEqual({ low: '26.14', expected: '35.43', high: '42.4' });
      expect(coverage.title).toBe('70.9 % of the commitment-eligible spend of Virtual Machines runs on demand'); // 109.5 ÷ 154.5
      expect(coverage.assumptions[0]).toContain('= 50 % over 30 committed rows ($90.00 list, $45.00 paid)');
      expect(coverage.evidence).toMatchObject({ rowCount: 81, amount: '154.5' }); // 51 on-demand rows and C1's 30
      expect(coverage.docUrl).toBe('https://www.finops.org/framework/capabilities/rate-optimization/');

      // Idle: the disk cost 0.10 on each of days 11–30 with ConsumedQuantity 0: 20 days, 2.00, = 3.00 a month. Its
      // service's spend is its own 3.00 a month, and it is the only finding there.
      const [idle] = kindOf(report, 'idle_resource');
      expect(idle.monthlySavings).toEqual({ low: '3', expected: '3', high: '3' });
      expect(idle.scope).toEqual({ provider: 'Example Provider', service: 'Block Storage', model: null, resource: '<my-unattached-disk-id>' });
      expect(idle.evidence).toMatchObject({ rowCount: 20, amount: '2', filters: [expect.objectContaining({ from: '2023-01-11', to: '2023-01-31', resource: '<my-unattached-disk-id>' })] });

      // Every evidence recomputes from the rows to the same digest.
      for (const finding of report.findings) {
        expect((await collectEvidence(sqlRunnerOf(db.dataSource), golden.orgId, finding.evidence.filters)).sha256).toBe(finding.evidence.sha256);
        expect(finding.priceBookVersion).toBe(1);
      }
      expect(report.potentialMonthlySavings).toEqual([{ currency: 'USD', amount: D('45').plus('35.43').plus('3').toString() }]);
      expect(report.locked).toEqual([]);

      function onDemand() {
        return D('2.25').times(30).plus(D('2.00').times(21));
      }
    });

    it('never counts more than the spend the findings rest on', () => {
      const bySpend = new Map<string, Decimal[]>();
      for (const f of golden.report.findings) bySpend.set(f.scope.service!, [...(bySpend.get(f.scope.service!) ?? []), D(f.monthlySavings.high)]);
      // Virtual Machines: 45 + 42.40 = 87.40 ≤ 199.5 a month; Block Storage: 3 ≤ 3.
      expect(Decimal.sum(bySpend.get('Virtual Machines')!).lte('199.5')).toBe(true);
      expect(Decimal.sum(bySpend.get('Block Storage')!).lte('3')).toBe(true);
    });
  });

  it('counts the same findings as locked on Early: 3 more, up to their high figures, on Mid', async () => {
    const { report } = await runOver(GOLDEN, 'early');
    expect(report.findings.filter((f) => ['commitment_coverage', 'unused_commitment', 'idle_resource'].includes(f.kind))).toEqual([]);
    // High, each after the ones before it on its spend: unused 45, coverage 42.40, the disk 3.
    expect(report.locked).toEqual([
      expect.objectContaining({ tier: 'mid', feature: 'all_agents', findingCount: 3, upTo: [{ currency: 'USD', monthlySavings: D('45').plus('42.40').plus('3').toString() }] }),
    ]);
    expect(report.summary).toContain('3 more findings, up to $90.40 a month, on Mid.');
  });

  it('finds nothing to commit when every hour already runs under a commitment', async () => {
    const { report } = await runOver(FULLY_COMMITTED, 'mid');
    expect(report.findings).toEqual([]);
    const profile = recent(report);
    // Covered 1.50 × 30 = 45 of eligible 45 (nothing on demand): 100 %. ESR (90 − 45) ÷ 90 = 50 %.
    expect(profile.commitmentCoverage).toEqual({ eligibleSpend: '45', coveredSpend: '45', coveragePercent: '100' });
    expect(profile.effectiveSavingsRate).toEqual([{ provider: 'Example Provider', service: 'Virtual Machines', listCost: '90', effectiveCost: '45', ratePercent: '50' }]);
  });

  it('assumes no discount: on-demand spend beside a commitment that shows none used gets no coverage finding', async () => {
    const { report } = await runOver(UNUSED_ONLY, 'mid');
    // B every day: its unused hour (1.50 a day) and its medium VM on demand (2.00 a day). No hour was used under a
    // commitment, so no row shows what a commitment would save on it: only the unused commitment is a finding.
    // U = 1.50 × 30 = 45, D = 2.00 × 30 = 60: expected min(45, 60) = 45.
    expect(report.findings.map((f) => [f.kind, f.monthlySavings])).toEqual([['unused_commitment', { low: '0', expected: '45', high: '45' }]]);
    // No hour under a commitment: covered 0, eligible 60 (the medium VM, in a category the commitment covers), 0 %.
    expect(recent(report).commitmentCoverage).toEqual({ eligibleSpend: '60', coveredSpend: '0', coveragePercent: '0' });
  });
});
