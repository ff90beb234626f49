import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FocusHeaderPlan, planFocusHeader } from './focus-header';

const FIXTURES = join(__dirname, '../../fixtures/focus');
const headerOf = (path: string) => readFileSync(join(FIXTURES, path), 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/)[0].split(',');

const MANDATORY = [
  'BilledCost', 'BillingAccountId', 'BillingAccountName', 'BillingCurrency', 'BillingPeriodEnd', 'BillingPeriodStart', 'ChargeCategory',
  'ChargeClass', 'ChargeDescription', 'ChargePeriodEnd', 'ChargePeriodStart', 'ContractedCost', 'EffectiveCost', 'InvoiceIssuerName',
  'ListCost', 'PricingQuantity', 'PricingUnit', 'ProviderName', 'PublisherName', 'ServiceCategory', 'ServiceName',
];

function plan(header: string[], version?: string): FocusHeaderPlan {
  const result = planFocusHeader(header, version);
  if (!result.plan || result.issues.length) throw new Error(JSON.stringify(result.issues));
  return result.plan;
}

const issues = (header: string[], version?: string) => planFocusHeader(header, version).issues;

describe('planFocusHeader: version, mandatory columns and column names', () => {
  it('detects the oldest version whose columns cover the header', () => {
    expect(plan(MANDATORY)).toMatchObject({ version: '1.0', detected: true });
    expect(plan([...MANDATORY, 'SkuPriceDetails', 'x_Model']).version).toBe('1.1');
    expect(plan([...MANDATORY, 'CapacityReservationId', 'InvoiceId']).version).toBe('1.2');
    expect(plan(headerOf('samples/focus-1.2-ai-spend.csv')).version).toBe('1.2');
    expect(plan(headerOf('samples/focus-1.0-openai-usage.csv')).version).toBe('1.0');
  });

  it('reads a file as the version its uploader names, if its columns allow it', () => {
    expect(plan(MANDATORY, '1.2')).toMatchObject({ version: '1.2', detected: false });
    expect(issues([...MANDATORY, 'SkuMeter', 'InvoiceId'], '1.0')).toEqual([
      { column: 'SkuMeter', message: 'SkuMeter was introduced in FOCUS 1.1; a FOCUS 1.0 file cannot have it. Is the file FOCUS 1.2?' },
      { column: 'InvoiceId', message: 'InvoiceId was introduced in FOCUS 1.2; a FOCUS 1.0 file cannot have it. Is the file FOCUS 1.2?' },
    ]);
  });

  it('refuses a version it does not read, named or recognised by its columns', () => {
    expect(issues(MANDATORY, '1.3')).toEqual([
      { column: null, message: 'FOCUS version "1.3" is not supported: send focusVersion 1.0, 1.1, 1.2, or leave it out to have it detected from the columns.' },
    ]);
    expect(issues([...MANDATORY, 'ServiceProviderName'])).toEqual([
      { column: 'ServiceProviderName', message: 'ServiceProviderName is a column of FOCUS 1.3, a version Apex does not read: export the data as FOCUS 1.0, 1.1, 1.2.' },
    ]);
    expect(issues(['ChargeType', 'AmortizedCost', ...MANDATORY.filter((c) => c !== 'ChargeCategory' && c !== 'EffectiveCost')]).map((i) => i.column)).toEqual([
      'ChargeType',
      'AmortizedCost',
      'ChargeCategory',
      'EffectiveCost',
    ]);
  });

  it('names every missing mandatory column', () => {
    expect(issues(MANDATORY.filter((c) => c !== 'BillingCurrency' && c !== 'ServiceName'))).toEqual([
      { column: 'BillingCurrency', message: 'The mandatory FOCUS 1.0 column BillingCurrency is missing from the header.' },
      { column: 'ServiceName', message: 'The mandatory FOCUS 1.0 column ServiceName is missing from the header.' },
    ]);
  });

  it("says that a file with (almost) none of FOCUS's columns is no FOCUS file: an AWS Cost and Usage Report", () => {
    const cur = issues(headerOf('not-focus/koku__cur_2022-07-01_alt_columns.csv'));
    expect(cur).toHaveLength(1);
    expect(cur[0].column).toBeNull();
    expect(cur[0].message).toMatch(/^This is not a FOCUS file: its header has 0 of the 21 columns every FOCUS file has \(missing BilledCost, .*ServiceName\)\./);
  });

  it("names the mandatory columns a spec example leaves out: the commitment-discount scenarios are excerpts", () => {
    const excerpt = issues(headerOf('spec_examples/commitment_discount_scenarios__commitment_discount_usage_scenario_1.csv'));
    expect(excerpt.map((issue) => issue.column)).toEqual([
      'BillingAccountId', 'BillingAccountName', 'BillingCurrency', 'ChargeClass', 'ChargeDescription', 'ContractedCost', 'InvoiceIssuerName',
      'ListCost', 'PricingQuantity', 'PricingUnit', 'ProviderName', 'PublisherName', 'ServiceCategory', 'ServiceName',
    ]);
  });

  it('refuses duplicates and nameless columns; matches names regardless of case', () => {
    expect(issues([...MANDATORY, 'billedcost', '', 'x_Team', 'X_team'])).toEqual([
      { column: 'billedcost', message: 'The column BilledCost appears more than once in the header.' },
      { column: null, message: 'Column 23 of the header has no name.' },
      { column: 'X_team', message: 'The column X_team appears more than once in the header.' },
    ]);
    const lowerCase = plan([...MANDATORY.map((c) => c.toLowerCase()), ' SkuPriceid ']);
    expect(lowerCase.positionOf.get('SkuPriceId')).toBe(21);
    expect(lowerCase.columns[21]).toMatchObject({ name: 'SkuPriceid', spec: { id: 'SkuPriceId' } });
  });

  it('keeps columns FOCUS does not name, x_ or not, as extra columns, and warns about those without the x_ prefix', () => {
    const reading = planFocusHeader([...MANDATORY, 'Model', 'x_Team', ' CostCenter ']);
    expect(reading.issues).toEqual([]);
    expect(reading.warnings).toEqual([
      { kind: 'unknown_column', column: 'Model', message: 'Model is not a FOCUS 1.0, 1.1, 1.2 column and lacks the x_ prefix FOCUS gives other columns: its values were kept as an extra column.' },
      { kind: 'unknown_column', column: 'CostCenter', message: expect.stringMatching(/^CostCenter is not a FOCUS/) },
    ]);
    expect(reading.plan?.extraColumns).toEqual([
      { index: 21, name: 'Model', spec: null },
      { index: 22, name: 'x_Team', spec: null },
      { index: 23, name: 'CostCenter', spec: null },
    ]);
    expect(reading.plan?.width).toBe(24);
    expect(plan(MANDATORY).extraColumns).toEqual([]);
  });

  it('still plans the columns it can beside a header problem, so that the rows are checked too', () => {
    const reading = planFocusHeader([...MANDATORY.filter((c) => c !== 'ListCost'), 'ChargeType', 'Model'], '2.0');
    expect(reading.issues.map((issue) => issue.column)).toEqual([null, 'ChargeType', 'ListCost']);
    expect(reading.warnings.map((warning) => warning.column)).toEqual(['Model']);
    expect(reading.plan).toMatchObject({ version: '1.0', detected: true, width: 22 });
    expect(reading.plan?.positionOf.get('BilledCost')).toBe(0);
    expect(reading.plan?.positionOf.has('ListCost')).toBe(false);
    expect(reading.plan?.columns.map((column) => column.name)).not.toContain('ChargeType');
  });

  it('plans nothing for a header that is no FOCUS header', () => {
    expect(planFocusHeader(headerOf('not-focus/koku__cur_2022-07-01_alt_columns.csv')).plan).toBeNull();
  });
});
