import { readdirSync, readFileSync } from 'node:fs';
import { Decimal } from '@apex/domain';
import { planFocusHeader } from '../../focus/focus-header';
import { FocusRowEncoder } from '../../focus/focus-row-encoder';
import { CsvRecordSplitter } from '../../loading/csv-records';
import type { NativeFormat, NativeProblem } from '../native-format';
import { AZURE_EA_COST_DETAILS, AZURE_FORMATS, AZURE_MCA_COST_DETAILS, AZURE_USAGE_DETAILS_V1 } from './index';

// Samples: microsoft/finops-toolkit @ 04d370f (MIT): src/powershell/Tests/Unit/assets/EA_ActualCost_Small.csv and
// EA_AmortizedCost_Small.csv; project-koku/koku @ 768be82 (Apache-2.0): koku/masu/test/data/azure/ (cost report v1,
// cost export v2); copied to /work/shared/data/azure/.
const DATA = '/work/shared/data';
const EA_ACTUAL = `${DATA}/azure/finops-toolkit__EA_ActualCost_Small.csv`;
const EA_AMORTIZED = `${DATA}/azure/finops-toolkit__EA_AmortizedCost_Small.csv`;
const KOKU_V1 = `${DATA}/azure/koku__azure_costreport_v1.csv`;
const KOKU_V2 = `${DATA}/azure/koku__azure_costexport_v2.csv`;

function readCsv(text: string) {
  const all: { fields: string[]; line: number }[] = [];
  const splitter = new CsvRecordSplitter((fields, line) => all.push({ fields, line }));
  splitter.write(text);
  splitter.end();
  return { header: all[0].fields, records: all.slice(1) };
}

function convertAndCheck(format: NativeFormat, text: string) {
  const { header, records } = readCsv(text);
  expect(format.detect(header)).toBe(true);
  const conversion = format.plan(header);
  const problems: NativeProblem[] = [];
  const report = (problem: NativeProblem) => problems.push(problem);
  const converted = records.map((record) => ({ source: record, focus: conversion.convert(record.fields, record.line, report) }));
  conversion.finish?.(report);
  const planned = planFocusHeader(conversion.focusHeader, '1.0');
  expect(planned).toMatchObject({ issues: [], warnings: [] });
  const focusProblems: string[] = [];
  const encoder = new FocusRowEncoder(planned.plan!, { orgId: 'o', connectionId: 'c', sourceId: 's' }, (line, column, message) =>
    focusProblems.push(`${line} ${column}: ${message}`),
  );
  for (const { source, focus } of converted) if (focus) encoder.encode(focus, source.line);
  const column = (name: string) => conversion.focusHeader.indexOf(name);
  const sum = (name: string) => Decimal.sum(converted.flatMap(({ focus }) => (focus ? [focus[column(name)]] : []))).toString();
  const source = (record: { fields: string[] }, name: string) => record.fields[header.indexOf(name)];
  const sourceSum = (name: string, keep: (record: { fields: string[] }) => boolean = () => true) =>
    Decimal.sum(records.filter(keep).map((record) => source(record, name))).toString();
  return { header, records, converted, problems, focusProblems, encoder, column, sum, source, sourceSum };
}

describe('Azure EA cost details', () => {
  it('converts the actual-cost sample: BilledCost and EffectiveCost are the Cost column to the last digit', () => {
    const run = convertAndCheck(AZURE_EA_COST_DETAILS, readFileSync(EA_ACTUAL, 'utf8'));
    expect(run.problems).toEqual([]);
    expect(run.focusProblems).toEqual([]);
    expect(run.encoder.rows).toBe(11);
    expect(run.sum('BilledCost')).toBe(run.sourceSum('Cost'));
    expect(run.sum('EffectiveCost')).toBe(run.sourceSum('Cost'));
    const [purchase, storage] = run.converted.map(({ focus }) => focus!);
    expect(purchase[run.column('ChargeCategory')]).toBe('Purchase');
    expect(purchase[run.column('CommitmentDiscountType')]).toBe('Reservation');
    expect(purchase[run.column('BillingPeriodStart')]).toBe('2023-09-01T00:00:00Z');
    expect(purchase[run.column('BillingPeriodEnd')]).toBe('2023-10-01T00:00:00Z');
    expect(purchase[run.column('ChargePeriodStart')]).toBe('2023-09-21T00:00:00Z');
    expect(purchase[run.column('ChargePeriodEnd')]).toBe('2023-09-22T00:00:00Z');
    expect(JSON.parse(storage[run.column('Tags')])).toEqual({ CostCenter: '1234', env: 'prod', org: 'trey', application: 'databricks', 'databricks-environment': 'true' });
    expect(storage[run.column('ServiceCategory')]).toBe('Storage');
    expect(storage[run.column('ConsumedUnit')]).toBe('10K');
  });

  it('converts the amortised sample: covered usage is effective cost only, so BilledCost is the on-demand records\' Cost', () => {
    const run = convertAndCheck(AZURE_EA_COST_DETAILS, readFileSync(EA_AMORTIZED, 'utf8'));
    expect(run.problems).toEqual([]);
    expect(run.focusProblems).toEqual([]);
    expect(run.encoder.rows).toBe(28);
    expect(run.sum('EffectiveCost')).toBe(run.sourceSum('Cost'));
    expect(run.sum('BilledCost')).toBe(run.sourceSum('Cost', (record) => run.source(record, 'PricingModel') === 'OnDemand'));
    // The two covered records: 0.493152 (reservation) and 0.006000000468 (savings plan).
    expect(Decimal.of(run.sum('EffectiveCost')).minus(run.sum('BilledCost')).toString()).toBe('0.499152000468');
    const [reservation, savingsPlan] = run.converted.map(({ focus }) => focus!);
    expect(reservation[run.column('CommitmentDiscountStatus')]).toBe('Used');
    expect(reservation[run.column('CommitmentDiscountCategory')]).toBe('Usage');
    expect(savingsPlan[run.column('CommitmentDiscountType')]).toBe('Savings Plan');
    expect(savingsPlan[run.column('PricingCategory')]).toBe('Committed');
  });

  it('refuses a second billing currency and unreadable dates and amounts, naming line and column', () => {
    const { header, records } = readCsv(readFileSync(EA_ACTUAL, 'utf8'));
    const conversion = AZURE_EA_COST_DETAILS.plan(header);
    const problems: NativeProblem[] = [];
    const report = (problem: NativeProblem) => problems.push(problem);
    expect(conversion.convert(records[0].fields, 2, report)).not.toBeNull();
    const euro = [...records[1].fields];
    euro[header.indexOf('BillingCurrency')] = 'EUR';
    expect(conversion.convert(euro, 3, report)).toBeNull();
    const broken = [...records[2].fields];
    broken[header.indexOf('Cost')] = '$0.01';
    broken[header.indexOf('Date')] = '2023-09-31';
    expect(conversion.convert(broken, 4, report)).toBeNull();
    expect(problems.map(({ line, column }) => [line, column])).toEqual([
      [3, 'BillingCurrency'],
      [4, 'Date'],
      [4, 'Cost'],
    ]);
    expect(problems[0].message).toContain('line 2');
  });
});

describe('Azure MCA and older exports', () => {
  it('converts the koku MCA-style sample (YYYY-MM-DD dates); its made-up currency "MC" is refused on every record', () => {
    const run = convertAndCheck(AZURE_MCA_COST_DETAILS, readFileSync(KOKU_V2, 'utf8'));
    expect(run.problems.map(({ line, column }) => [line, column])).toEqual(run.records.map(({ line }) => [line, 'BillingCurrencyCode']));
    const fixed = readFileSync(KOKU_V2, 'utf8').replace(/,MC,/g, ',EUR,');
    const good = convertAndCheck(AZURE_MCA_COST_DETAILS, fixed);
    expect(good.problems).toEqual([]);
    expect(good.focusProblems).toEqual([]);
    expect(good.sum('BilledCost')).toBe(good.sourceSum('CostInBillingCurrency'));
    expect(good.sum('EffectiveCost')).toBe(good.sourceSum('CostInBillingCurrency'));
  });

  it('converts the koku v1 usage-details sample: billed by calendar month, its subscription the billing account', () => {
    const run = convertAndCheck(AZURE_USAGE_DETAILS_V1, readFileSync(KOKU_V1, 'utf8'));
    expect(run.problems).toEqual([]);
    expect(run.focusProblems).toEqual([]);
    expect(run.sum('BilledCost')).toBe(run.sourceSum('PreTaxCost'));
    const first = run.converted[0].focus!;
    expect(first[run.column('BillingPeriodStart')]).toBe('2019-07-01T00:00:00Z');
    expect(first[run.column('BillingPeriodEnd')]).toBe('2019-08-01T00:00:00Z');
    expect(first[run.column('BillingAccountId')]).toBe('0039de71-ca37-4a17-a104-17665a50e7fc');
  });

  it('counts Azure OpenAI tokens when the meter names tokens and the unit the block', () => {
    const { header, records } = readCsv(readFileSync(EA_ACTUAL, 'utf8'));
    const conversion = AZURE_EA_COST_DETAILS.plan(header);
    const openAi = [...records[1].fields];
    const put = (name: string, value: string) => (openAi[header.indexOf(name)] = value);
    put('ConsumedService', 'Microsoft.CognitiveServices');
    put('MeterCategory', 'Cognitive Services');
    put('MeterName', 'gpt 4o mini 0718 Input global Tokens'); // hand-built: no published Azure OpenAI export row was found
    put('UnitOfMeasure', '1K');
    put('Quantity', '12.5');
    put('Tags', '');
    const focus = conversion.convert(openAi, 3, () => undefined)!;
    const at = (name: string) => focus[conversion.focusHeader.indexOf(name)];
    expect([at('ServiceCategory'), at('ConsumedUnit'), at('x_TokenType')]).toEqual(['AI and Machine Learning', '1K Tokens', 'input']);
    const planned = planFocusHeader(conversion.focusHeader, '1.0');
    const line = new FocusRowEncoder(planned.plan!, { orgId: 'o', connectionId: 'c', sourceId: 's' }, () => undefined).encode(focus, 3)!;
    // is_ai, model, input tokens (12.5 × 1000), output, cached, requests.
    expect(line).toMatch(/\tt\t\\N\t12500\t\\N\t\\N\t\\N[\t\n]/);
  });
});

describe('detecting an Azure export', () => {
  const spec = readdirSync(`${DATA}/focus/spec_examples`)[0];
  const headerOf = (path: string) => readCsv(readFileSync(path, 'utf8')).header;
  const cases: [string, string, string | null][] = [
    ['EA actual', EA_ACTUAL, 'azure-ea-cost-details'],
    ['EA amortised', EA_AMORTIZED, 'azure-ea-cost-details'],
    ['koku v2', KOKU_V2, 'azure-mca-cost-details'],
    ['koku v1', KOKU_V1, 'azure-usage-details-v1'],
    ['FOCUS', `${DATA}/focus/spec_examples/${spec}`, null],
    ['AWS CUR legacy', `${DATA}/aws/koku__test_cur_legacy_csv.csv`, null],
    ['AWS CUR savings plan', `${DATA}/aws/koku__cur_2023-06-01_savingsplan_costcategory.csv`, null],
    ['AWS CUR Athena', `${DATA}/aws/koku__cur_2022-07-01_alt_columns.csv`, null],
    ['GCP 2020', `${DATA}/gcp/koku__gcp_billing_export_2020-11.csv`, null],
    ['GCP 2022', `${DATA}/gcp/koku__gcp_billing_export_2022-08.csv`, null],
  ];
  it.each(cases)('takes the %s header for the right format only', (_, path, id) => {
    expect(AZURE_FORMATS.filter((format) => format.detect(headerOf(path))).map((format) => format.id)).toEqual(id ? [id] : []);
  });
});
