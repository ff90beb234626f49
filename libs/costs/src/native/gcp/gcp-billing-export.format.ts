import { Decimal } from '@apex/domain';
import { parseDateTime, parseDecimal, quoteValue } from '../../focus/focus-values';
import type { NativeConversion, NativeFormat, NativeProblemReporter } from '../native-format';
import { columnPositions, readSourceRecord, singleCurrency, utcDateTimeText } from '../source-record';
import { isListObject, ListValue, parseListLiteral } from './gcp-list-literal';
import { gcpServiceCategory } from './gcp-service-categories';

/**
 * Google Cloud's billing export to BigQuery (standard or detailed usage cost), as a CSV of the flattened table or
 * as newline-delimited JSON read over GCP_BILLING_EXPORT_COLUMNS. Mapped to FOCUS 1.0 by the FinOps Foundation's
 * converter rules (focus_converters, conversion_rules_gcp), with the departures noted at each column.
 */

/** The columns every such export has, and that no other provider's export or a FOCUS file has all of. */
const CHARACTERISTIC = ['billing_account_id', 'service.description', 'sku.id', 'usage_start_time', 'usage_end_time', 'cost', 'currency', 'invoice.month'];

const FOCUS_HEADER = [
  'BillingAccountId',
  'BillingAccountName',
  'BillingCurrency',
  'BillingPeriodStart',
  'BillingPeriodEnd',
  'ChargeCategory',
  'ChargeClass',
  'ChargeDescription',
  'ChargePeriodStart',
  'ChargePeriodEnd',
  'BilledCost',
  'EffectiveCost',
  'ListCost',
  'ContractedCost',
  'ConsumedQuantity',
  'ConsumedUnit',
  'PricingQuantity',
  'PricingUnit',
  'InvoiceIssuerName',
  'ProviderName',
  'PublisherName',
  'RegionId',
  'AvailabilityZone',
  'ResourceId',
  'ResourceName',
  'ServiceCategory',
  'ServiceName',
  'SkuId',
  'SubAccountId',
  'SubAccountName',
  'Tags',
  'x_ServiceId',
  'x_CostType',
] as const;

type FocusColumn = (typeof FOCUS_HEADER)[number];

/**
 * cost_type as ChargeCategory, as the rules map it, except `credit`: the rules make it Adjustment, but FOCUS 1.0
 * has a Credit category for exactly such rows. A row without a cost_type (exports before the column existed) is
 * Usage, as the rules default; a cost_type the export did not have when this was written is refused rather than
 * guessed, because the category decides what a row's amount is.
 */
const CHARGE_CATEGORIES: Readonly<Record<string, string>> = {
  regular: 'Usage',
  tax: 'Tax',
  adjustment: 'Adjustment',
  credit: 'Credit',
  rounding_error: 'Adjustment',
};

const PROVIDER = 'Google Cloud';

export const gcpBillingExportFormat: NativeFormat = {
  id: 'gcp-billing-export',
  name: 'Google Cloud Billing export (BigQuery standard or detailed usage cost, CSV or newline-delimited JSON)',
  detect: (header) => {
    const names = new Set(header.map((name) => name.trim().toLowerCase()));
    return CHARACTERISTIC.every((name) => names.has(name));
  },
  plan: (header) => planConversion(header),
};

function planConversion(header: string[]): NativeConversion {
  const positions = columnPositions(header);
  const checkCurrency = singleCurrency('currency', "export each currency's billing account on its own");

  const convert = (fields: string[], line: number, report: NativeProblemReporter): string[] | null => {
    const record = readSourceRecord(positions, header.length, fields, line, report, 'every record of the billing export has one');
    if (!record) return null;
    const { problem, get, required, amount } = record;
    const time = (column: string): string => {
      const value = required(column);
      if (value === '') return '';
      const utc = utcDateTime(value);
      if (utc === undefined) problem(column, `${quoteValue(value)} in ${column} is not a date and time.`);
      return utc ?? '';
    };

    const cost = required('cost');
    amount('cost', cost);
    const code = required('currency');
    if (code !== '') checkCurrency(code, line, problem);
    const chargeStart = time('usage_start_time');
    const chargeEnd = time('usage_end_time');
    const month = required('invoice.month');
    const billingPeriod = month === '' ? null : invoiceMonthPeriod(month);
    if (month !== '' && billingPeriod === null) problem('invoice.month', `${quoteValue(month)} in invoice.month is not a month written YYYYMM.`);
    const costType = get('cost_type');
    const chargeCategory = costType === '' ? 'Usage' : CHARGE_CATEGORIES[costType.toLowerCase()];
    if (chargeCategory === undefined) problem('cost_type', `${quoteValue(costType)} is not a cost_type Apex knows (${Object.keys(CHARGE_CATEGORIES).join(', ')}).`);
    const credits = creditAmounts(get('credits'), (message) => problem('credits', message));
    const tags = labelsAsTags(get('labels'), (message) => problem('labels', message));
    const service = required('service.description');
    const listCost = amount('cost_at_list');
    const consumed = amount('usage.amount');
    const pricing = amount('usage.amount_in_pricing_units');
    const billingAccount = required('billing_account_id');
    if (!record.ok) return null;

    const row: Record<FocusColumn, string> = {
      BillingAccountId: billingAccount,
      // Not in the export (the rules leave it undefined).
      BillingAccountName: '',
      BillingCurrency: code,
      // The rules take invoice.month for both ends, making a period that ends where it starts; the invoice month
      // runs from midnight US Pacific time on its first day to the first of the next month.
      BillingPeriodStart: billingPeriod?.start ?? '',
      BillingPeriodEnd: billingPeriod?.end ?? '',
      ChargeCategory: chargeCategory,
      ChargeClass: '',
      // The rules leave it undefined; the SKU's description is what Google's invoice shows for the charge.
      ChargeDescription: get('sku.description'),
      ChargePeriodStart: chargeStart,
      ChargePeriodEnd: chargeEnd,
      BilledCost: cost,
      // cost plus its credits (which are negative), as the rules sum them, but without their floor at zero: a
      // negative row (a refund, a rounding correction) keeps its effective cost equal to what it takes off.
      EffectiveCost: credits.length ? Decimal.sum([cost, ...credits]).toString() : cost,
      // The rules take cost_at_list; exports without it (before 2023) know no list price, and the cost itself
      // stands in, so no saving is claimed that the export does not show. ContractedCost, which the rules leave
      // undefined, is the cost at the account's prices, before credits: that is `cost`.
      ListCost: listCost || cost,
      ContractedCost: cost,
      ConsumedQuantity: consumed,
      ConsumedUnit: get('usage.unit'),
      PricingQuantity: pricing,
      PricingUnit: get('usage.pricing_unit'),
      // Undefined in the rules, mandatory in FOCUS: Google issues the invoice of a billing export's account.
      InvoiceIssuerName: PROVIDER,
      ProviderName: PROVIDER,
      PublisherName: get('seller_name') || PROVIDER,
      RegionId: get('location.region') || get('location.location'),
      AvailabilityZone: get('location.zone'),
      ResourceId: get('resource.global_name'),
      ResourceName: get('resource.name'),
      ServiceCategory: gcpServiceCategory(service),
      ServiceName: service,
      // SkuPriceId is left out: the rules take price.tier_start_amount, which is a quantity, not an id.
      SkuId: get('sku.id'),
      // The rules leave the sub-account undefined; a project is Google's sub-account.
      SubAccountId: get('project.id'),
      SubAccountName: get('project.name'),
      Tags: tags,
      x_ServiceId: get('service.id'),
      x_CostType: costType,
    };
    return FOCUS_HEADER.map((column) => row[column]);
  };

  return { focusHeader: [...FOCUS_HEADER], focusVersion: '1.0', convert };
}

/** A timestamp as the export writes it (`2020-11-09 23:00:00+00:00`, `… UTC`, ISO 8601) in FOCUS's UTC form. */
function utcDateTime(raw: string): string | undefined {
  const parsed = parseDateTime(raw);
  return parsed ? utcDateTimeText(parsed) : undefined;
}

const pacific = new Intl.DateTimeFormat('en-US', { timeZone: 'America/Los_Angeles', hourCycle: 'h23', hour: 'numeric' });

/** Midnight US Pacific time on the first of a month, in UTC: 07:00Z in summer time, 08:00Z otherwise. */
function pacificMonthStart(year: number, monthIndex: number): string {
  const sevenUtc = Date.UTC(year, monthIndex, 1, 7);
  const utc = Number(pacific.format(new Date(sevenUtc))) === 0 ? sevenUtc : sevenUtc + 3_600_000;
  return new Date(utc).toISOString().replace('.000Z', 'Z');
}

/** Google's invoice month YYYYMM as its billing period. */
function invoiceMonthPeriod(month: string): { start: string; end: string } | null {
  const match = /^(\d{4})(0[1-9]|1[0-2])$/.exec(month);
  if (!match) return null;
  const year = Number(match[1]);
  const monthIndex = Number(match[2]) - 1;
  return { start: pacificMonthStart(year, monthIndex), end: pacificMonthStart(year, monthIndex + 1) };
}

/** The amounts of a credits list, as text; each must be a number. */
function creditAmounts(text: string, problem: (message: string) => void): string[] {
  if (text === '' || text === '[]') return [];
  const credits = parseListLiteral(text);
  if (!credits) {
    problem(`${quoteValue(text)} in credits is not a list of credits.`);
    return [];
  }
  const amounts: string[] = [];
  for (const credit of credits) {
    const amount = isListObject(credit) ? credit['amount'] : undefined;
    if (typeof amount !== 'string' || parseDecimal(amount) === undefined) {
      problem(`A credit in credits has the amount ${quoteValue(String(amount))}, which is not a number.`);
      continue;
    }
    amounts.push(amount);
  }
  return amounts;
}

/** Labels ([{key, value}]) as FOCUS Tags, a JSON object; empty when there are none. */
function labelsAsTags(text: string, problem: (message: string) => void): string {
  if (text === '' || text === '[]') return '';
  const labels = parseListLiteral(text);
  if (!labels) {
    problem(`${quoteValue(text)} in labels is not a list of labels.`);
    return '';
  }
  const tags: Record<string, string> = {};
  for (const label of labels) {
    const key: ListValue | undefined = isListObject(label) ? label['key'] : undefined;
    if (typeof key !== 'string' || !isListObject(label)) {
      problem(`A label in labels has no key.`);
      continue;
    }
    const value = label['value'];
    tags[key] = typeof value === 'string' ? value : value === null || value === undefined ? '' : JSON.stringify(value);
  }
  return Object.keys(tags).length ? JSON.stringify(tags) : '';
}
