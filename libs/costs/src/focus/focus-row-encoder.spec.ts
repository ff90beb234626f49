import { COST_ROW_COPY_COLUMNS } from './canonical-columns';
import { planFocusHeader } from './focus-header';
import { FocusRowEncoder } from './focus-row-encoder';

const MANDATORY = [
  'BilledCost', 'BillingAccountId', 'BillingAccountName', 'BillingCurrency', 'BillingPeriodEnd', 'BillingPeriodStart', 'ChargeCategory',
  'ChargeClass', 'ChargeDescription', 'ChargePeriodEnd', 'ChargePeriodStart', 'ContractedCost', 'EffectiveCost', 'InvoiceIssuerName',
  'ListCost', 'PricingQuantity', 'PricingUnit', 'ProviderName', 'PublisherName', 'ServiceCategory', 'ServiceName',
];

const ROW: Record<string, string> = {
  BilledCost: '12.50', BillingAccountId: 'acct-1', BillingAccountName: 'Acme', BillingCurrency: 'USD', BillingPeriodEnd: '2025-02-01T00:00:00Z',
  BillingPeriodStart: '2025-01-01T00:00:00Z', ChargeCategory: 'Usage', ChargeClass: '', ChargeDescription: 'Compute', ChargePeriodEnd: '2025-01-02T00:00:00Z',
  ChargePeriodStart: '2025-01-01T00:00:00Z', ContractedCost: '12.50', EffectiveCost: '12.00', InvoiceIssuerName: 'Oracle', ListCost: '13.00',
  PricingQuantity: '1', PricingUnit: 'Hour', ProviderName: 'Oracle', PublisherName: 'Oracle', ServiceCategory: 'Compute', ServiceName: 'Compute',
};

function encoderFor(extra: string[] = []) {
  const header = [...MANDATORY, ...extra];
  const { plan, issues } = planFocusHeader(header);
  if (!plan || issues.length) throw new Error(JSON.stringify(issues));
  const problems: string[] = [];
  const warnings: string[] = [];
  const encoder = new FocusRowEncoder(
    plan,
    { orgId: 'o', connectionId: 'c', sourceId: 's' },
    (line, column, message) => problems.push(`${line} ${column}: ${message}`),
    (kind, line, column, message) => warnings.push(`${kind} ${line} ${column}: ${message}`),
  );
  const encode = (values: Record<string, string>, line = 2) => {
    const cells = { ...ROW, ...values };
    return encoder.encode(header.map((name) => cells[name] ?? ''), line);
  };
  /** The COPY fields of an encoded line, by column name. */
  const fieldsOf = (copyLine: string | null) => {
    if (copyLine === null) throw new Error(problems.join('\n'));
    const fields = copyLine.replace(/\n$/, '').split('\t');
    expect(fields).toHaveLength(COST_ROW_COPY_COLUMNS.length);
    return Object.fromEntries(COST_ROW_COPY_COLUMNS.map((column, i) => [column, fields[i]]));
  };
  return { encoder, encode, fieldsOf, problems, warnings };
}

describe('FocusRowEncoder: strict where a figure reads the value, lenient where none does', () => {
  it('refuses a null in a column a figure reads, quoting what the cell holds', () => {
    const { encode, problems, warnings } = encoderFor();
    expect(encode({ BilledCost: 'NULL' }, 2)).toBeNull();
    expect(encode({ ServiceName: '' }, 3)).toBeNull();
    expect(encode({ BillingCurrency: 'null' }, 4)).toBeNull();
    expect(problems).toEqual([
      '2 BilledCost: BilledCost holds "NULL", and FOCUS does not allow it to be null.',
      '3 ServiceName: ServiceName is empty, and FOCUS does not allow it to be null.',
      '4 BillingCurrency: BillingCurrency holds "null", and FOCUS does not allow it to be null.',
    ]);
    expect(warnings).toEqual([]);
  });

  it('loads a null in a column no figure reads (ContractedCost, PublisherName) as null, with a warning quoting the cell', () => {
    const { encode, fieldsOf, problems, warnings, encoder } = encoderFor();
    const row = fieldsOf(encode({ ContractedCost: 'NULL', PublisherName: '' }, 7));
    expect([row.contracted_cost, row.publisher_name, row.billed_cost]).toEqual(['\\N', '\\N', '12.50']);
    expect(problems).toEqual([]);
    expect(warnings).toEqual([
      'null_in_required_column 7 ContractedCost: ContractedCost holds "NULL", and FOCUS does not allow it to be null: the row was loaded with no value there.',
      'null_in_required_column 7 PublisherName: PublisherName is empty, and FOCUS does not allow it to be null: the row was loaded with no value there.',
    ]);
    expect(encoder.summary()).toMatchObject({ rowCount: 1, billedCost: '12.50', effectiveCost: '12.00' });
  });

  it('reads an amount written as a spreadsheet shows it as the number it writes, with a warning; refuses one that is no amount', () => {
    const { encode, fieldsOf, problems, warnings, encoder } = encoderFor();
    expect(fieldsOf(encode({ BilledCost: '$10,000.00 ', EffectiveCost: '$9,500.25' }, 2)).billed_cost).toBe('10000.00');
    expect(encode({ BilledCost: '1,000' }, 3)).toBeNull();
    expect(warnings.map((w) => w.split(':')[0])).toEqual(['spreadsheet_number 2 BilledCost', 'spreadsheet_number 2 EffectiveCost']);
    expect(warnings[0]).toMatch(/"\$10,000\.00 " is written as a spreadsheet shows an amount, not as a FOCUS number: the row was loaded with 10000\.00\.$/);
    expect(problems).toEqual([expect.stringMatching(/^3 BilledCost: "1,000" is not a FOCUS number/)]);
    expect(encoder.summary()).toMatchObject({ billedCost: '10000.00', effectiveCost: '9500.25' });
  });

  it('keeps custom and unknown columns as a JSON object in COPY text, escaped, and leaves them null otherwise', () => {
    const { encode, fieldsOf } = encoderFor(['x_Team', 'Cost Center', 'x_Note']);
    const row = fieldsOf(encode({ x_Team: 'ml', 'Cost Center': '', x_Note: 'a\\b "quoted"\ttab' }));
    // COPY text doubles the backslashes of JSON's escapes; a tab is JSON-escaped, so COPY sees none.
    expect(row.extra_columns).toBe('{"x_Team":"ml","x_Note":"a\\\\\\\\b \\\\"quoted\\\\"\\\\ttab"}');
    const unescaped = row.extra_columns.replace(/\\\\/g, '\\');
    expect(JSON.parse(unescaped)).toEqual({ x_Team: 'ml', x_Note: 'a\\b "quoted"\ttab' });
    expect(fieldsOf(encode({ x_Team: 'NULL', 'Cost Center': ' ', x_Note: '' })).extra_columns).toBe('\\N');
    expect(fieldsOf(encoderFor().encode({})).extra_columns).toBe('\\N');
  });

  it('refuses a row whose field count differs from the header, the extra columns included', () => {
    const { encoder, problems } = encoderFor(['Model']);
    expect(encoder.encode(MANDATORY.map((name) => ROW[name]), 5)).toBeNull();
    expect(problems).toEqual(['5 null: The row has 21 fields where the header has 22 columns: the line may be cut short.']);
  });
});
