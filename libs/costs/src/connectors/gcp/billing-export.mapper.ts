import type { CanonicalCostRow } from '@apex/contracts';
import { PermanentConnectorError } from '../connector-errors';
import { canonicalRow } from '../shared/canonical-row';
import { sumDecimals, toDecimalString } from '../shared/decimal';
import { focusAllowedValue } from '../shared/pricing-columns';
import { isJsonObject, JsonValue } from '../shared/lossless-json';

type JsonObject = { [key: string]: JsonValue };

/** The billing export's cost_type, as FOCUS charge categories. */
const CHARGE_CATEGORIES: Record<string, string> = {
  regular: 'Usage',
  tax: 'Tax',
  credit: 'Credit',
  adjustment: 'Adjustment',
  rounding_error: 'Adjustment',
};

/**
 * One row of the Cloud Billing standard (or detailed) usage cost export, as the nested JSON BigQuery gives for it,
 * as a canonical row. BilledCost is `cost`; EffectiveCost is `cost` plus its credits (credits are negative), so
 * free-tier, promotion and committed-use credits lower the effective cost and never the billed one. The invoice
 * month is a calendar month in US Pacific time, as Google bills it. Labels become Tags.
 */
export function mapBillingExportRow(row: JsonValue, sourceRow: number): CanonicalCostRow {
  if (!isJsonObject(row)) throw malformed(sourceRow, 'is not an object');
  const cost = text(row, 'cost');
  const currency = text(row, 'currency');
  const start = text(row, 'usage_start_time');
  const end = text(row, 'usage_end_time');
  if (cost === null || currency === null || start === null || end === null) {
    throw malformed(sourceRow, 'lacks cost, currency, usage_start_time or usage_end_time');
  }
  const billedCost = toDecimalString(cost);
  const credits = Array.isArray(row['credits']) ? row['credits'] : [];
  const creditAmounts = credits.map((credit) => (isJsonObject(credit) ? text(credit, 'amount') : null)).filter((amount): amount is string => amount !== null);
  const invoiceMonth = text(row, 'invoice', 'month');
  const costType = text(row, 'cost_type');

  return canonicalRow({
    sourceRow,
    billingAccountId: text(row, 'billing_account_id'),
    subAccountId: text(row, 'project', 'id'),
    subAccountName: text(row, 'project', 'name'),
    ...(invoiceMonth ? billingPeriod(invoiceMonth, sourceRow) : {}),
    chargePeriodStart: toIsoTimestamp(start, sourceRow),
    chargePeriodEnd: toIsoTimestamp(end, sourceRow),
    chargeCategory: costType ? (CHARGE_CATEGORIES[costType] ?? 'Adjustment') : 'Usage',
    chargeDescription: text(row, 'sku', 'description'),
    billedCost,
    effectiveCost: creditAmounts.length ? sumDecimals([billedCost, ...creditAmounts]) : billedCost,
    listCost: decimalOrNull(text(row, 'cost_at_list')),
    billingCurrency: currency.toUpperCase(),
    providerName: 'Google Cloud',
    publisherName: text(row, 'seller_name') ?? 'Google Cloud',
    invoiceIssuerName: 'Google Cloud',
    serviceName: text(row, 'service', 'description'),
    regionId: text(row, 'location', 'region') ?? text(row, 'location', 'location'),
    resourceId: text(row, 'resource', 'global_name'),
    resourceName: text(row, 'resource', 'name'),
    skuId: text(row, 'sku', 'id'),
    pricingQuantity: decimalOrNull(text(row, 'usage', 'amount_in_pricing_units')),
    pricingUnit: text(row, 'usage', 'pricing_unit'),
    consumedQuantity: decimalOrNull(text(row, 'usage', 'amount')),
    consumedUnit: text(row, 'usage', 'unit'),
    tags: keyValueTags(row['labels']),
  });
}

const FOCUS_TEXT_COLUMNS = {
  BillingAccountId: 'billingAccountId',
  BillingAccountName: 'billingAccountName',
  SubAccountId: 'subAccountId',
  SubAccountName: 'subAccountName',
  ChargeClass: 'chargeClass',
  ChargeDescription: 'chargeDescription',
  ChargeFrequency: 'chargeFrequency',
  PublisherName: 'publisherName',
  InvoiceIssuerName: 'invoiceIssuerName',
  ServiceName: 'serviceName',
  ServiceCategory: 'serviceCategory',
  RegionId: 'regionId',
  RegionName: 'regionName',
  ResourceId: 'resourceId',
  ResourceName: 'resourceName',
  ResourceType: 'resourceType',
  SkuId: 'skuId',
  SkuPriceId: 'skuPriceId',
  PricingUnit: 'pricingUnit',
  ConsumedUnit: 'consumedUnit',
  CommitmentDiscountId: 'commitmentDiscountId',
  CommitmentDiscountType: 'commitmentDiscountType',
} as const;

/** One row of a FOCUS export view (FOCUS column names) as a canonical row. */
export function mapFocusViewRow(row: JsonValue, sourceRow: number): CanonicalCostRow {
  if (!isJsonObject(row)) throw malformed(sourceRow, 'is not an object');
  const required = (column: string): string => {
    const value = text(row, column);
    if (value === null) throw malformed(sourceRow, `has no ${column}`);
    return value;
  };
  const optionalTime = (column: string) => {
    const value = text(row, column);
    return value === null ? null : toIsoTimestamp(value, sourceRow);
  };
  const textColumns = Object.fromEntries(
    Object.entries(FOCUS_TEXT_COLUMNS).map(([column, field]) => [field, text(row, column)]),
  ) as Record<(typeof FOCUS_TEXT_COLUMNS)[keyof typeof FOCUS_TEXT_COLUMNS], string | null>;
  return canonicalRow({
    sourceRow,
    ...textColumns,
    billingPeriodStart: optionalTime('BillingPeriodStart'),
    billingPeriodEnd: optionalTime('BillingPeriodEnd'),
    chargePeriodStart: toIsoTimestamp(required('ChargePeriodStart'), sourceRow),
    chargePeriodEnd: toIsoTimestamp(required('ChargePeriodEnd'), sourceRow),
    chargeCategory: required('ChargeCategory'),
    billedCost: toDecimalString(required('BilledCost')),
    effectiveCost: toDecimalString(required('EffectiveCost')),
    listCost: decimalOrNull(text(row, 'ListCost')),
    contractedCost: decimalOrNull(text(row, 'ContractedCost')),
    billingCurrency: required('BillingCurrency').toUpperCase(),
    providerName: required('ProviderName'),
    pricingQuantity: decimalOrNull(text(row, 'PricingQuantity')),
    consumedQuantity: decimalOrNull(text(row, 'ConsumedQuantity')),
    pricingCategory: focusAllowedValue('PricingCategory', text(row, 'PricingCategory')),
    commitmentDiscountCategory: focusAllowedValue('CommitmentDiscountCategory', text(row, 'CommitmentDiscountCategory')),
    commitmentDiscountStatus: focusAllowedValue('CommitmentDiscountStatus', text(row, 'CommitmentDiscountStatus')),
    tags: keyValueTags(row['Tags']),
  });
}

function text(row: JsonObject, ...path: string[]): string | null {
  let value: JsonValue | undefined = row;
  for (const key of path) value = isJsonObject(value) ? value[key] : undefined;
  if (typeof value === 'string') return value === '' ? null : value;
  return typeof value === 'boolean' ? String(value) : null;
}

function decimalOrNull(value: string | null): string | null {
  return value === null ? null : toDecimalString(value);
}

/** Labels and tags arrive as [{key, value}] (the export) or as an object (FOCUS Tags); both become an object. */
function keyValueTags(value: JsonValue | undefined): Record<string, string> | null {
  let entries: [string, string][] = [];
  if (Array.isArray(value)) {
    entries = value.flatMap((entry) =>
      isJsonObject(entry) && typeof entry['key'] === 'string' ? [[entry['key'], typeof entry['value'] === 'string' ? entry['value'] : '']] : [],
    ) as [string, string][];
  } else if (isJsonObject(value)) {
    entries = Object.entries(value).map(([key, tag]) => [key, typeof tag === 'string' ? tag : tag === null ? '' : JSON.stringify(tag)]);
  }
  return entries.length ? Object.fromEntries(entries) : null;
}

function toIsoTimestamp(value: string, sourceRow: number): string {
  const normalised = value.trim().replace(' ', 'T').replace(/ UTC$/, 'Z');
  const withZone = /(Z|[+-]\d{2}:?\d{2})$/.test(normalised) ? normalised : `${normalised}Z`;
  const ms = Date.parse(withZone);
  if (Number.isNaN(ms)) throw malformed(sourceRow, `has the timestamp ${value}`);
  return new Date(ms).toISOString();
}

/** Google's invoice month YYYYMM: from midnight US Pacific time on the 1st to the next 1st. */
function billingPeriod(month: string, sourceRow: number): Pick<CanonicalCostRow, 'billingPeriodStart' | 'billingPeriodEnd'> {
  const match = /^(\d{4})(\d{2})$/.exec(month);
  if (!match) throw malformed(sourceRow, `has the invoice month ${month}`);
  const year = Number(match[1]);
  const monthIndex = Number(match[2]) - 1;
  return { billingPeriodStart: pacificMidnight(year, monthIndex), billingPeriodEnd: pacificMidnight(year, monthIndex + 1) };
}

const pacific = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/Los_Angeles',
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
});

function pacificMidnight(year: number, monthIndex: number): string {
  const utcMidnight = Date.UTC(year, monthIndex, 1);
  const probe = utcMidnight + 8 * 3_600_000;
  const parts = Object.fromEntries(pacific.formatToParts(new Date(probe)).map((part) => [part.type, Number(part.value)]));
  const localAsUtc = Date.UTC(parts['year'], parts['month'] - 1, parts['day'], parts['hour'], parts['minute']);
  return new Date(utcMidnight + (probe - localAsUtc)).toISOString();
}

function malformed(sourceRow: number, what: string): PermanentConnectorError {
  return new PermanentConnectorError('gcp', 'response', `The billing export row ${sourceRow} ${what}.`);
}
