import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { AppConfig } from '@apex/config';
import { createMigratedDataSource } from '@apex/testing';
import { CostFileRejected } from '../loading/file-problems';
import { FocusFileLoader } from '../loading/focus-file-loader';
import { decimalSum, FOCUS_FIXTURES, readFixture, recordsOf, sameAmount } from '../loading/testing/focus-test-files';
import { mandatoryColumnsOf } from './spec/focus-columns-index';

/**
 * The worked examples of the FOCUS specification (specification/data/**; FinOps Foundation, CC BY 4.0, see
 * fixtures/focus/README.md) illustrate its cost arithmetic, not its data formats: the commitment-discount ones carry
 * only the columns they discuss, and the SaaS ones come from a spreadsheet ("$10,000.00 ", 5/1/25). What moves no
 * amount loads with a warning of its kind: the spreadsheet's amounts, which say their number exactly, and nulls
 * where no figure reads the column. What would move money is refused, all of it in one answer: a date like 5/1/25
 * (1 May or 5 January: the charge period, and which earlier rows the file replaces, would be a guess), a missing
 * currency, provider, service or cost column, a service category outside FOCUS's. Made conformant (only formats
 * and the columns they leave out, never an amount), each loads and its totals are the published ones.
 */
const EXAMPLES = readdirSync(join(FOCUS_FIXTURES, 'spec_examples')).filter((name) => name.endsWith('.csv')).sort();

/** What a spreadsheet shows as "$10,000.00 " is 10000.00. */
const spreadsheetAmount = (value: string) => value.replace(/[$,\s]/g, '');

/** M/D/YY as the examples write dates, or ISO 8601 with an hour past 23 (one example has T30:00:00Z), as ISO 8601 UTC. */
function isoDate(value: string): string {
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{2})$/.exec(value.trim());
  if (us) return `20${us[3]}-${us[1].padStart(2, '0')}-${us[2].padStart(2, '0')}T00:00:00Z`;
  const iso = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/.exec(value.trim());
  if (iso && Number(iso[4]) > 23) {
    const [, y, m, d, h, mi, s] = iso.map(Number);
    return new Date(Date.UTC(y, m - 1, d, h, mi, s)).toISOString().replace('.000Z', 'Z');
  }
  return value;
}

const DATE_COLUMNS = new Set(['BillingPeriodStart', 'BillingPeriodEnd', 'ChargePeriodStart', 'ChargePeriodEnd']);
const AMOUNT_COLUMNS = /Cost$|Price$|Quantity$/;

/** Values for the mandatory columns an example leaves out (cost columns take the row's BilledCost). */
const FILLERS: Record<string, (row: Record<string, string>) => string> = {
  BillingAccountId: () => 'spec-example-account',
  BillingAccountName: () => 'FOCUS spec example',
  BillingCurrency: () => 'USD',
  ChargeClass: () => '',
  ChargeDescription: () => 'FOCUS spec worked example',
  ContractedCost: (row) => row['BilledCost'],
  ListCost: (row) => row['BilledCost'],
  InvoiceIssuerName: () => 'Example Provider',
  ProviderName: () => 'Example Provider',
  PublisherName: () => 'Example Provider',
  ServiceCategory: () => 'Other',
  ServiceName: () => 'Example Service',
  PricingQuantity: () => '',
  PricingUnit: () => '',
};

/** Empty values where FOCUS allows none, and one ServiceCategory outside FOCUS's list. */
const REPAIRS: Record<string, (value: string) => string> = {
  ServiceCategory: (value) => (value === 'Database' ? 'Databases' : value || 'Other'),
  ServiceName: (value) => value || 'Example Service',
  ServiceSubcategory: (value) => value || 'Other',
};

/** The first ChargePeriodStart of the example, as the upload answer writes it (this test reads 4/1/25 month first itself). */
function isoPeriodStart(published: string): string {
  const [header, ...rows] = recordsOf(published);
  const index = header.findIndex((name) => name.trim() === 'ChargePeriodStart');
  return rows.map((row) => new Date(isoDate(row[index])).toISOString()).sort()[0];
}

function conformant(published: string): string {
  const [header, ...rows] = recordsOf(published).map((record) => record.map((cell) => cell.trim()));
  const missing = mandatoryColumnsOf('1.2')
    .map((column) => column.id)
    .filter((id) => !header.some((name) => name.toLowerCase() === id.toLowerCase()));
  const lines = rows.map((cells) => {
    const row = Object.fromEntries(header.map((name, i) => [name, cells[i] ?? '']));
    for (const name of header) {
      if (DATE_COLUMNS.has(name)) row[name] = isoDate(row[name]);
      else if (AMOUNT_COLUMNS.test(name)) row[name] = spreadsheetAmount(row[name]);
      if (REPAIRS[name]) row[name] = REPAIRS[name](row[name]);
    }
    return [...header.map((name) => row[name]), ...missing.map((id) => FILLERS[id](row))];
  });
  const csvCell = (cell: string) => (/[",\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);
  return [[...header, ...missing], ...lines].map((cells) => cells.map(csvCell).join(',')).join('\n') + '\n';
}

/** The published total of a cost column, read the way the example's spreadsheet shows it. */
function publishedTotal(published: string, column: string): string {
  const [header, ...rows] = recordsOf(published);
  const index = header.findIndex((name) => name.trim() === column);
  return decimalSum(rows.map((row) => spreadsheetAmount(row[index])));
}

describe("The FOCUS specification's worked examples", () => {
  let db: { dataSource: DataSource; close(): Promise<void> };
  let loader: FocusFileLoader;

  async function newOrg(): Promise<{ orgId: string; userId: string }> {
    const [org] = await db.dataSource.query("INSERT INTO organizations (name, tier) VALUES ('Spec Examples', 'enterprise') RETURNING id");
    const [user] = await db.dataSource.query("INSERT INTO users (org_id, email, name, password_hash, role) VALUES ($1, $2, 'U', 'x', 'owner') RETURNING id", [
      org.id,
      `${randomUUID()}@example.com`,
    ]);
    return { orgId: org.id, userId: user.id };
  }

  const load = async (fileName: string, text: string) => loader.load({ ...(await newOrg()), fileName, gzip: false, body: Readable.from([Buffer.from(text)]) });

  beforeAll(async () => {
    db = await createMigratedDataSource();
    loader = new FocusFileLoader(
      db.dataSource,
      AppConfig.fromEnv({ DATABASE_URL: 'postgres://unused@127.0.0.1:1/unused', TEMPORAL_ADDRESS: '127.0.0.1:7233', SMTP_URL: 'smtp://127.0.0.1:1025', JWT_SECRET: 'x'.repeat(40) }),
    );
  });
  afterAll(() => db?.close());

  it('are all here: 26 files', () => {
    expect(EXAMPLES).toHaveLength(26);
  });

  describe('as published, are refused with every deviation that would move money named in one answer', () => {
    const missingFromCommitmentExamples = ['BillingAccountId', 'BillingAccountName', 'BillingCurrency', 'ChargeClass', 'ChargeDescription', 'ContractedCost', 'InvoiceIssuerName', 'PricingUnit', 'ProviderName', 'PublisherName', 'ServiceCategory', 'ServiceName'];
    const columnsAtFault: Record<string, string[]> = {
      commitment_discount_flexibility: missingFromCommitmentExamples,
      // Two purchase scenarios also end a charge period at hour 30 (below).
      commitment_discount_scenarios__commitment_discount_purchase_scenario_1: [...missingFromCommitmentExamples, 'ListCost', 'PricingQuantity'],
      commitment_discount_scenarios__commitment_discount_purchase_scenario: [...missingFromCommitmentExamples, 'ChargePeriodEnd', 'ListCost', 'PricingQuantity'],
      commitment_discount_scenarios: [...missingFromCommitmentExamples, 'ListCost', 'PricingQuantity'],
      saas_examples__spend_agreements__saas_spend_agreements_a: ['ServiceCategory'],
      saas_examples__spend_agreements__saas_spend_agreements_b: ['ServiceCategory', 'ServiceName'],
      saas_examples__virtual_currency: ['ServiceCategory'],
    };
    const refused = EXAMPLES.filter((name) => !name.startsWith('saas_examples__simple'));

    it.each(refused)('%s', async (name) => {
      const error = await load(name, readFixture(`spec_examples/${name}`)).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(CostFileRejected);
      const { errors, moreErrors } = error as CostFileRejected;
      expect(moreErrors).toBe(0);
      expect(errors.every((e) => e.file === name)).toBe(true);
      const family = Object.keys(columnsAtFault).find((prefix) => name.startsWith(prefix)) ?? 'none';
      expect([...new Set(errors.map((e) => e.column))].sort()).toEqual([...columnsAtFault[family]].sort());
      for (const { line, column, message } of errors) {
        if (line === 1) expect(message).toMatch(new RegExp(`^The mandatory FOCUS 1\\.[12] column ${column} is missing from the header\\.$`));
        else if (DATE_COLUMNS.has(column ?? '') && message.includes('T30')) expect(message).toMatch(/^"2023-02-01T30:00:00Z" is not an ISO 8601 date\/time in UTC/);
        else if (column === 'ServiceCategory' && /is not a FOCUS/.test(message)) expect(message).toMatch(/^"Database" is not a FOCUS ServiceCategory/);
        else expect(message).toMatch(/^Service(Name|Category) is empty, and FOCUS does not allow it to be null\.$/);
      }
    });

    it("load as published where they deviate only in formats that move no amount: the simple SaaS agreements, with each deviation's kind and the published totals", async () => {
      const simple = EXAMPLES.filter((name) => name.startsWith('saas_examples__simple'));
      expect(simple).toHaveLength(5);
      for (const name of simple) {
        const published = readFixture(`spec_examples/${name}`);
        const loaded = await load(name, published);
        const rows = recordsOf(published).length - 1;
        expect(loaded.rowCount).toBe(rows);
        // Per row: six amounts in spreadsheet form (BilledCost, ContractedCost, ContractedUnitPrice, EffectiveCost,
        // ListCost, ListUnitPrice), four dates written month first (the billing period, 4/1/25 – 5/1/25, says so) and
        // an empty ServiceSubcategory.
        expect(loaded.warnings.map((w) => [w.kind, w.count])).toEqual([
          ['spreadsheet_number', 6 * rows],
          ['spreadsheet_date', 4 * rows],
          ['null_in_required_column', rows],
        ]);
        expect(loaded.periodStart).toBe(isoPeriodStart(published));
        const nulls = loaded.warnings[2].examples.map((e) => [e.line, e.column]);
        expect(nulls).toEqual(Array.from({ length: rows }, (_, i) => [i + 2, 'ServiceSubcategory']));
        expect(sameAmount(loaded.totals[0].billedCost, publishedTotal(published, 'BilledCost'))).toBe(true);
        expect(sameAmount(loaded.totals[0].effectiveCost, publishedTotal(published, 'EffectiveCost'))).toBe(true);
        const [stored] = await db.dataSource.query('SELECT sum(billed_cost)::text AS billed FROM cost_rows WHERE source_id = $1', [loaded.sourceId]);
        expect(sameAmount(stored.billed, publishedTotal(published, 'BilledCost'))).toBe(true);
      }
    });

    it('including an hour of 30 in a commitment purchase scenario, once its columns are complete', async () => {
      const name = 'commitment_discount_scenarios__commitment_discount_purchase_scenario_2.csv';
      const published = readFixture(`spec_examples/${name}`);
      const completed = conformant(published.replace(/T30:00:00Z/g, 'T05:00:00Z')).replace(/2023-02-01T05:00:00Z/g, '2023-02-01T30:00:00Z');
      const error = (await load(name, completed).catch((caught: unknown) => caught)) as CostFileRejected;
      expect(error.errors.map(({ line, column, message }) => ({ line, column, message }))).toEqual([
        { line: 4, column: 'ChargePeriodEnd', message: '"2023-02-01T30:00:00Z" is not an ISO 8601 date/time in UTC, as FOCUS requires (like 2024-01-31T00:00:00Z).' },
      ]);
    });
  });

  describe('made conformant, load with the totals the example publishes', () => {
    it.each(EXAMPLES)('%s', async (name) => {
      const published = readFixture(`spec_examples/${name}`);
      const loaded = await load(name, conformant(published));
      const rows = recordsOf(published).length - 1;
      expect(loaded.rowCount).toBe(rows);
      expect(loaded.totals).toHaveLength(1);
      expect(loaded.totals[0]).toMatchObject({ currency: 'USD', rowCount: rows });
      expect(sameAmount(loaded.totals[0].billedCost, publishedTotal(published, 'BilledCost'))).toBe(true);
      expect(sameAmount(loaded.totals[0].effectiveCost, publishedTotal(published, 'EffectiveCost'))).toBe(true);
      const [stored] = await db.dataSource.query(
        'SELECT count(*)::int AS n, sum(billed_cost)::text AS billed, sum(effective_cost)::text AS effective FROM cost_rows WHERE source_id = $1',
        [loaded.sourceId],
      );
      expect(stored.n).toBe(rows);
      expect(sameAmount(stored.billed, publishedTotal(published, 'BilledCost'))).toBe(true);
      expect(sameAmount(stored.effective, publishedTotal(published, 'EffectiveCost'))).toBe(true);
    });

    it('keep each row\'s pricing and commitment columns as the example writes them', async () => {
      const name = 'commitment_discount_flexibility__zero_percent_utilization_without_commitment_discount_flexibility.csv';
      const published = readFixture(`spec_examples/${name}`);
      const loaded = await load(name, conformant(published));
      const stored = await db.dataSource.query(
        `SELECT charge_category, pricing_category, commitment_discount_id, commitment_discount_type, commitment_discount_category, commitment_discount_status,
                list_cost::text, effective_cost::text, consumed_quantity::text, resource_id
           FROM cost_rows WHERE source_id = $1 ORDER BY source_row`,
        [loaded.sourceId],
      );
      // The purchase, its unused hour, and an on-demand hour of another VM (the example's three rows).
      expect(stored).toEqual([
        {
          charge_category: 'Purchase', pricing_category: 'Standard', commitment_discount_id: '<my-commitment-discount-id>', commitment_discount_type: null,
          commitment_discount_category: 'Usage', commitment_discount_status: null, list_cost: '3.00', effective_cost: '0.00', consumed_quantity: null,
          resource_id: '<my-commitment-discount-id>',
        },
        {
          charge_category: 'Usage', pricing_category: 'Committed', commitment_discount_id: '<my-commitment-discount-id>', commitment_discount_type: null,
          commitment_discount_category: 'Usage', commitment_discount_status: 'Unused', list_cost: '3.00', effective_cost: '1.50', consumed_quantity: '1.00',
          resource_id: '<my-large-vm-id>',
        },
        {
          charge_category: 'Usage', pricing_category: 'Standard', commitment_discount_id: null, commitment_discount_type: null,
          commitment_discount_category: null, commitment_discount_status: null, list_cost: '2.00', effective_cost: '2.00', consumed_quantity: '1.00',
          resource_id: '<my-medium-vm-id>',
        },
      ]);
      expect(loaded.warnings).toEqual([]);
    });

    it('amortise a commitment purchase: BilledCost 10,000 up front, EffectiveCost 0 on the purchase row', async () => {
      const loaded = await load('a1.csv', conformant(readFixture('spec_examples/saas_examples__simple_agreements__simple_saas_agreements_a1.csv')));
      expect(loaded).toMatchObject({ periodStart: '2025-04-01T00:00:00.000Z', periodEnd: '2025-05-01T00:00:00.000Z', rowCount: 1 });
      expect(sameAmount(loaded.totals[0].billedCost, '10000')).toBe(true);
    });
  });
});
