import { readFileSync } from 'node:fs';
import { Decimal } from '@apex/domain';
import { planFocusHeader } from '../../focus/focus-header';
import { FocusRowEncoder } from '../../focus/focus-row-encoder';
import { CsvRecordSplitter } from '../../loading/csv-records';
import type { NativeFormat, NativeProblem } from '../native-format';
import { AWS_CUR_2, AWS_CUR_FORMATS, AWS_CUR_LEGACY, AWS_CUR_LEGACY_ATHENA } from './index';

// Samples: project-koku/koku @ 768be82 (Apache-2.0): koku/masu/test/data/test_cur.csv, koku/masu/test/data/aws/2023-06-01.csv,
// koku/masu/test/data/aws/2022-07-01-alt-columns.csv, copied to /work/shared/data/aws/.
const DATA = '/work/shared/data';
const LEGACY = `${DATA}/aws/koku__test_cur_legacy_csv.csv`;
const SAVINGS_PLAN = `${DATA}/aws/koku__cur_2023-06-01_savingsplan_costcategory.csv`;
const ALT_COLUMNS = `${DATA}/aws/koku__cur_2022-07-01_alt_columns.csv`;

interface SourceRecord {
  fields: string[];
  line: number;
}

export function readCsv(text: string): { header: string[]; records: SourceRecord[] } {
  const all: SourceRecord[] = [];
  const splitter = new CsvRecordSplitter((fields, line) => all.push({ fields, line }));
  splitter.write(text);
  splitter.end();
  return { header: all[0].fields, records: all.slice(1) };
}

/** Converts a file's records and checks each converted one the way the FOCUS loader does. */
export function convertAndCheck(format: NativeFormat, text: string) {
  const { header, records } = readCsv(text);
  const conversion = format.plan(header);
  const problems: NativeProblem[] = [];
  const report = (problem: NativeProblem) => problems.push(problem);
  const converted = records.map((record) => ({ source: record, focus: conversion.convert(record.fields, record.line, report) }));
  conversion.finish?.(report);
 const planned = planFocusHeader(conversion.focusHeader, '1.0');
  expect(planned).toMatchObject({ issues: [], warnings: [] });
  expect(planned.plan?.version).toBe('1.0');
  const focusProblems: string[] = [];
  const encoder = new FocusRowEncoder(planned.plan!, { orgId: 'o', connectionId: 'c', sourceId: 's' }, (line, column, message) =>
    focusProblems.push(`${line} ${column}: ${message}`),
  );
  for (const { source, focus } of converted) if (focus) encoder.encode(focus, source.line);
  const column = (name: string) => conversion.focusHeader.indexOf(name);
  const sum = (name: string) => Decimal.sum(converted.flatMap(({ focus }) => (focus ? [focus[column(name)]] : []))).toString();
  const sourceSum = (name: string, pick: (value: (column: string) => string) => string = (value) => value(name)) =>
    Decimal.sum(records.map((record) => pick((columnName) => record.fields[header.indexOf(columnName)] ?? '') || '0')).toString();
  return { header, records, converted, problems, focusProblems, encoder, column, sum, sourceSum };
}

const headerOf = (path: string) => readCsv(readFileSync(path, 'utf8')).header;

describe('AWS CUR legacy CSV', () => {
  it('converts the koku sample: every record, BilledCost = UnblendedCost to the last digit, and passes the FOCUS 1.0 checks', () => {
    const run = convertAndCheck(AWS_CUR_LEGACY, readFileSync(LEGACY, 'utf8'));
    expect(run.problems).toEqual([]);
    expect(run.focusProblems).toEqual([]);
    expect(run.converted.every(({ focus }) => focus !== null)).toBe(true);
    expect(run.encoder.rows).toBe(19);
    const unblended = run.sourceSum('lineItem/UnblendedCost');
    expect(run.sum('BilledCost')).toBe(unblended);
    expect(Decimal.of(run.encoder.summary()!.billedCost).eq(unblended)).toBe(true);
    expect(run.sum('EffectiveCost')).toBe(unblended);
    const first = run.converted[0].focus!;
    expect(first[run.column('ChargePeriodStart')]).toBe('2018-06-01T00:00:00Z');
    expect(first[run.column('ChargeCategory')]).toBe('Usage');
    expect(first[run.column('ChargeFrequency')]).toBe('Usage-Based');
    expect(first[run.column('ServiceName')]).toBe('Amazon Elastic Compute Cloud');
    expect(first[run.column('ServiceCategory')]).toBe('Compute');
    expect(first[run.column('BilledCost')]).toBe('0.00165303109242778');
  });

  it('converts savings-plan covered usage: BilledCost is the unblended cost, EffectiveCost the plan rate', () => {
    const run = convertAndCheck(AWS_CUR_LEGACY, readFileSync(SAVINGS_PLAN, 'utf8'));
    expect(run.problems).toEqual([]);
    expect(run.focusProblems).toEqual([]);
    expect(run.sum('BilledCost')).toBe(run.sourceSum('lineItem/UnblendedCost'));
    expect(run.sum('BilledCost')).toBe('30');
    expect(run.sum('EffectiveCost')).toBe(run.sourceSum('savingsPlan/SavingsPlanEffectiveCost'));
    expect(run.sum('EffectiveCost')).toBe('0.3');
    const first = run.converted[0].focus!;
    expect(first[run.column('BillingCurrency')]).toBe('NOK');
    expect(first[run.column('PricingCategory')]).toBe('Committed');
    expect(JSON.parse(first[run.column('x_CostCategories')])).toEqual({ cost_env: 'prod', name: 'compute', qe_source: 'aws-single' });
    expect(run.encoder.summary()?.currency).toBe('NOK');
  });

  it('refuses a record of another billing period, naming its line', () => {
    const text = readFileSync(SAVINGS_PLAN, 'utf8').trimEnd().split('\n');
    text[3] = text[3].replace('2023-06-01T00:00:00Z,987654321', '2023-05-01T00:00:00Z,987654321');
    const run = convertAndCheck(AWS_CUR_LEGACY, text.join('\n'));
    expect(run.problems).toEqual([
      expect.objectContaining({ line: 4, column: 'bill/BillingPeriodStartDate', message: expect.stringContaining('line 2') }),
    ]);
    expect(run.converted.map(({ focus }) => focus !== null)).toEqual([true, true, false]);
  });

  it('refuses unreadable amounts and dates in the cost columns, naming line and column', () => {
    const { header, records } = readCsv(readFileSync(SAVINGS_PLAN, 'utf8'));
    const conversion = AWS_CUR_LEGACY.plan(header);
    const problems: NativeProblem[] = [];
    const broken = [...records[0].fields];
    broken[header.indexOf('lineItem/UnblendedCost')] = '10,5';
    broken[header.indexOf('lineItem/UsageStartDate')] = '06/01/2023';
    expect(conversion.convert(broken, 2, (problem) => problems.push(problem))).toBeNull();
    expect(problems.map(({ line, column }) => [line, column])).toEqual([
      [2, 'lineItem/UsageStartDate'],
      [2, 'lineItem/UnblendedCost'],
    ]);
  });
});

describe('AWS CUR, Athena column names', () => {
  it('converts the koku alt-columns sample (snake_case, no product map) and passes the FOCUS 1.0 checks', () => {
    const run = convertAndCheck(AWS_CUR_LEGACY_ATHENA, readFileSync(ALT_COLUMNS, 'utf8'));
    expect(run.problems).toEqual([]);
    expect(run.focusProblems).toEqual([]);
    expect(run.encoder.rows).toBe(2);
    expect(run.sum('BilledCost')).toBe(run.sourceSum('line_item_unblended_cost'));
    const first = run.converted[0].focus!;
    expect(first[run.column('BillingPeriodStart')]).toBe('2022-07-01T00:00:00Z');
    expect(first[run.column('PublisherName')]).toBe('Red Hat, Inc.');
    expect(first[run.column('InvoiceIssuerName')]).toBe('Amazon Web Services, Inc.');
    expect(first[run.column('RegionId')]).toBe('us-east-1');
    expect(JSON.parse(first[run.column('Tags')])).toEqual({ aws_created_by: 'IAMUser:fake:and' });
  });
});

// CUR 2.0: no published data file was found. The header below is the CUR 2.0 column list of the AWS Data Exports
// default query (https://docs.aws.amazon.com/cur/latest/userguide/table-dictionary-cur2.html, as used in
// turbot/tailpipe-plugin-aws and aws-samples export definitions); the records are hand-built from that dictionary.
const CUR2_HEADER =
  'bill_bill_type,bill_billing_entity,bill_billing_period_end_date,bill_billing_period_start_date,bill_invoice_id,bill_invoicing_entity,' +
  'bill_payer_account_id,bill_payer_account_name,cost_category,discount,identity_line_item_id,identity_time_interval,line_item_availability_zone,' +
  'line_item_currency_code,line_item_legal_entity,line_item_line_item_description,line_item_line_item_type,line_item_net_unblended_cost,' +
  'line_item_operation,line_item_product_code,line_item_resource_id,line_item_unblended_cost,line_item_unblended_rate,line_item_usage_account_id,' +
  'line_item_usage_account_name,line_item_usage_amount,line_item_usage_end_date,line_item_usage_start_date,line_item_usage_type,pricing_public_on_demand_cost,' +
  'pricing_public_on_demand_rate,pricing_term,pricing_unit,product,product_region_code,product_sku,resource_tags,savings_plan_savings_plan_a_r_n,' +
  'savings_plan_savings_plan_effective_cost,savings_plan_total_commitment_to_date,savings_plan_used_commitment';
const cur2Record = (values: Record<string, string>) =>
  CUR2_HEADER.split(',')
    .map((column) => values[column] ?? '')
    .map((value) => (/[",]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value))
    .join(',');
const CUR2_COMMON = {
  bill_bill_type: 'Anniversary',
  bill_billing_entity: 'AWS',
  bill_billing_period_start_date: '2024-03-01T00:00:00.000Z',
  bill_billing_period_end_date: '2024-04-01T00:00:00.000Z',
  bill_invoicing_entity: 'Amazon Web Services, Inc.',
  bill_payer_account_id: '111122223333',
  bill_payer_account_name: 'Payer',
  line_item_currency_code: 'USD',
  line_item_legal_entity: 'Amazon Web Services, Inc.',
  line_item_usage_account_id: '444455556666',
  line_item_usage_account_name: 'Research',
  line_item_usage_start_date: '2024-03-05T10:00:00.000Z',
  line_item_usage_end_date: '2024-03-05T11:00:00.000Z',
};
const CUR2_FILE = [
  CUR2_HEADER,
  cur2Record({
    ...CUR2_COMMON,
    line_item_line_item_type: 'Usage',
    line_item_product_code: 'AmazonBedrock',
    line_item_usage_type: 'USE1-Claude3Haiku-input-tokens',
    line_item_operation: 'InvokeModelInference',
    line_item_resource_id: 'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0',
    line_item_usage_amount: '1534.0',
    line_item_unblended_rate: '0.00025',
    line_item_unblended_cost: '0.3835',
    line_item_net_unblended_cost: '0.36432500',
    pricing_public_on_demand_cost: '0.3835',
    pricing_public_on_demand_rate: '0.00025',
    pricing_term: 'OnDemand',
    pricing_unit: '1K tokens',
    product: JSON.stringify({ product_name: 'Claude 3 Haiku (Amazon Bedrock Edition)', region: 'us-east-1', servicecode: 'AmazonBedrock' }),
    product_region_code: 'us-east-1',
    product_sku: 'ABCD1234',
    resource_tags: JSON.stringify({ user_team: 'search' }),
    cost_category: JSON.stringify({ unit: 'platform' }),
  }),
  cur2Record({
    ...CUR2_COMMON,
    line_item_line_item_type: 'SavingsPlanRecurringFee',
    line_item_product_code: 'ComputeSavingsPlans',
    line_item_usage_type: 'ComputeSP:1yrNoUpfront',
    line_item_unblended_cost: '73.0',
    line_item_net_unblended_cost: '73.0',
    savings_plan_savings_plan_a_r_n: 'arn:aws:savingsplans::111122223333:savingsplan/abc',
    savings_plan_total_commitment_to_date: '73.0',
    savings_plan_used_commitment: '70.125',
    product: JSON.stringify({ product_name: 'Savings Plans for AWS Compute usage' }),
  }),
  cur2Record({ ...CUR2_COMMON, line_item_line_item_type: 'Tax', line_item_product_code: 'AmazonBedrock', line_item_unblended_cost: '0.07', line_item_net_unblended_cost: '0.07' }),
].join('\n');

describe('AWS CUR 2.0', () => {
  it('converts a CUR 2.0 file: net unblended cost billed, the product map read, Bedrock model and token kind carried', () => {
    const run = convertAndCheck(AWS_CUR_2, CUR2_FILE);
    expect(run.problems).toEqual([]);
    expect(run.focusProblems).toEqual([]);
    expect(run.sum('BilledCost')).toBe(
      run.sourceSum('BilledCost', (value) => value('line_item_net_unblended_cost') || value('line_item_unblended_cost')),
    );
    expect(run.sum('BilledCost')).toBe('73.434325');
    // Usage at its unblended cost, the plan's fee at its unused part 73.0 − 70.125, the tax at its cost.
    expect(run.sum('EffectiveCost')).toBe(Decimal.of('0.3835').plus('2.875').plus('0.07').toString());
    const [bedrock, fee, tax] = run.converted.map(({ focus }) => focus!);
    expect(bedrock[run.column('ServiceName')]).toBe('Claude 3 Haiku (Amazon Bedrock Edition)');
    expect(bedrock[run.column('ServiceCategory')]).toBe('AI and Machine Learning');
    expect(bedrock[run.column('x_Model')]).toBe('Claude 3 Haiku');
    expect(bedrock[run.column('x_TokenType')]).toBe('input');
    expect(bedrock[run.column('ConsumedUnit')]).toBe('1K tokens');
    expect(JSON.parse(bedrock[run.column('Tags')])).toEqual({ user_team: 'search' });
    expect(bedrock[run.column('SubAccountName')]).toBe('Research');
    expect(fee[run.column('ChargeCategory')]).toBe('Purchase');
    expect(fee[run.column('ChargeFrequency')]).toBe('Recurring');
    expect(fee[run.column('CommitmentDiscountCategory')]).toBe('Spend');
    expect(fee[run.column('ConsumedQuantity')]).toBe('');
    expect(tax[run.column('ChargeFrequency')]).toBe('Recurring');
    expect(tax[run.column('PricingCategory')]).toBe('');
  });
});

describe('detecting a CUR', () => {
  const samples: Record<string, string[]> = {
    legacy: headerOf(LEGACY),
    savingsPlan: headerOf(SAVINGS_PLAN),
    athena: headerOf(ALT_COLUMNS),
    cur2: CUR2_HEADER.split(','),
    focus: headerOf(`${DATA}/focus/spec_examples/${require('node:fs').readdirSync(`${DATA}/focus/spec_examples`)[0]}`),
    azureEaActual: headerOf(`${DATA}/azure/finops-toolkit__EA_ActualCost_Small.csv`),
    azureEaAmortized: headerOf(`${DATA}/azure/finops-toolkit__EA_AmortizedCost_Small.csv`),
    azureV1: headerOf(`${DATA}/azure/koku__azure_costreport_v1.csv`),
    azureV2: headerOf(`${DATA}/azure/koku__azure_costexport_v2.csv`),
    gcp2020: headerOf(`${DATA}/gcp/koku__gcp_billing_export_2020-11.csv`),
    gcp2022: headerOf(`${DATA}/gcp/koku__gcp_billing_export_2022-08.csv`),
  };
  const expected: Record<string, string | null> = {
    legacy: 'aws-cur-legacy',
    savingsPlan: 'aws-cur-legacy',
    athena: 'aws-cur-legacy-athena',
    cur2: 'aws-cur-2',
    focus: null,
    azureEaActual: null,
    azureEaAmortized: null,
    azureV1: null,
    azureV2: null,
    gcp2020: null,
    gcp2022: null,
  };
  it.each(Object.keys(samples))('takes the %s header for the right format only', (sample) => {
    const taken = AWS_CUR_FORMATS.filter((format) => format.detect(samples[sample])).map((format) => format.id);
    expect(taken).toEqual(expected[sample] ? [expected[sample]] : []);
  });
});
