import { Decimal } from '@apex/domain';
import { parseDateTime, quoteValue } from '../../focus/focus-values';
import type { NativeConversion, NativeFormat, NativeProblemReporter } from '../native-format';
import { columnPositions, readSourceRecord, singleCurrency, utcDateTimeText } from '../source-record';
import { ociServiceCategory } from './oci-service-categories';

/**
 * Oracle Cloud Infrastructure cost reports (the CSV files OCI writes to its usage-report bucket), mapped to
 * FOCUS 1.0 by the FinOps Foundation's converter rules (focus_converters, conversion_rules_oci), with the
 * departures noted at each column.
 */

/** Columns every OCI cost report has, and that no other provider's export or a FOCUS file has. */
const CHARACTERISTIC = ['lineItem/referenceNo', 'lineItem/intervalUsageStart', 'lineItem/intervalUsageEnd', 'product/service', 'cost/myCost', 'cost/currencyCode'].map(
  (name) => name.toLowerCase(),
);

const TAG_PREFIX = 'tags/';

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
  'ContractedUnitPrice',
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
  'ServiceCategory',
  'ServiceName',
  'SkuId',
  'SubAccountId',
  'Tags',
  'x_ReferenceNo',
  'x_CompartmentId',
  'x_CompartmentName',
  'x_MyCostOverage',
  'x_OverageFlag',
] as const;

type FocusColumn = (typeof FOCUS_HEADER)[number];

const PROVIDER = 'Oracle';

export const ociCostReportFormat: NativeFormat = {
  id: 'oci-cost-report',
  name: 'Oracle Cloud Infrastructure cost report (CSV)',
  detect: (header) => {
    const names = new Set(header.map((name) => name.trim().toLowerCase()));
    return CHARACTERISTIC.every((name) => names.has(name));
  },
  plan: (header) => planConversion(header),
};

function planConversion(header: string[]): NativeConversion {
  const positions = columnPositions(header);
  const tagColumns = header.flatMap((name, index) => (name.trim().toLowerCase().startsWith(TAG_PREFIX) ? [{ key: name.trim().slice(TAG_PREFIX.length), index }] : []));
  const checkCurrency = singleCurrency('cost/currencyCode', "upload each currency's lines as their own file");

  const convert = (fields: string[], line: number, report: NativeProblemReporter): string[] | null => {
    const record = readSourceRecord(positions, header.length, fields, line, report, 'every line of a cost report has one');
    if (!record) return null;
    const { problem, get, required, amount } = record;
    const time = (column: string): { iso: string; epochMs: number } | null => {
      const value = required(column);
      if (value === '') return null;
      const parsed = parseDateTime(value);
      if (!parsed) problem(column, `${quoteValue(value)} in ${column} is not a date and time.`);
      return parsed ? { iso: utcDateTimeText(parsed), epochMs: parsed.epochMs } : null;
    };

    const cost = required('cost/myCost');
    amount('cost/myCost', cost);
    const code = get('cost/currencyCode');
    // A line without a currency that costs nothing (OCI writes such lines for free-tier usage) carries no
    // charge: it is left out. One that costs something cannot be told apart from another currency's.
    if (code === '' && record.ok && Decimal.of(cost).isZero()) return null;
    if (code === '') problem('cost/currencyCode', 'cost/currencyCode is empty, and the line costs something: the report does not say in which currency.');
    else checkCurrency(code, line, problem);
    const start = time('lineItem/intervalUsageStart');
    const end = time('lineItem/intervalUsageEnd');
    const quantity = amount('usage/billedQuantity');
    const unitPrice = amount('cost/unitPrice');
    const overage = amount('cost/myCostOverage');
    const billingAccount = required('cost/subscriptionId');
    const service = required('product/service');
    if (!record.ok || !start || !end) return null;

    const tags: Record<string, string> = {};
    for (const tag of tagColumns) if (fields[tag.index].trim() !== '') tags[tag.key] = fields[tag.index].trim();

    const row: Record<FocusColumn, string> = {
      BillingAccountId: billingAccount,
      BillingAccountName: '',
      BillingCurrency: code,
      // The rules take the month of intervalUsageStart and the month end of intervalUsageEnd; an hour that ends
      // at midnight on the 1st would then belong to two months. Both ends come from the start's UTC month.
      ...billingMonthOf(start.epochMs),
      // Undefined in the rules, mandatory in FOCUS: a cost report's lines are usage, corrections included.
      ChargeCategory: 'Usage',
      ChargeClass: get('lineItem/isCorrection').toLowerCase() === 'true' ? 'Correction' : '',
      ChargeDescription: get('product/Description'),
      ChargePeriodStart: start.iso,
      ChargePeriodEnd: end.iso,
      // The rules bill cost/myCostOverage, the part of the line charged beyond a commitment, which a line
      // without overage leaves empty and FOCUS does not allow null. BilledCost is the line's cost, cost/myCost,
      // as EffectiveCost is in the rules; the overage is kept as x_MyCostOverage.
      BilledCost: cost,
      EffectiveCost: cost,
      // Undefined in the rules: the report has no list price, and cost/unitPrice is the tenancy's own, so the
      // cost stands in for both (no saving is claimed that the report does not show).
      ListCost: cost,
      ContractedCost: cost,
      ContractedUnitPrice: unitPrice,
      ConsumedQuantity: quantity,
      ConsumedUnit: get('cost/skuUnitDescription'),
      // Undefined in the rules: billedQuantity is counted in the SKU's unit, the one cost/unitPrice prices.
      PricingQuantity: quantity,
      PricingUnit: get('cost/skuUnitDescription'),
      // Undefined in the rules, mandatory in FOCUS.
      InvoiceIssuerName: PROVIDER,
      ProviderName: PROVIDER,
      PublisherName: PROVIDER,
      RegionId: get('product/region'),
      AvailabilityZone: get('product/availabilityDomain'),
      ResourceId: get('product/resourceId'),
      // Undefined in the rules, mandatory in FOCUS: Apex's table (see oci-service-categories).
      ServiceCategory: ociServiceCategory(service),
      ServiceName: service,
      SkuId: get('cost/productSku'),
      SubAccountId: get('lineItem/tenantId'),
      // Undefined in the rules: the tags/* columns, by the name after tags/ (a defined tag as Namespace.Key).
      Tags: Object.keys(tags).length ? JSON.stringify(tags) : '',
      x_ReferenceNo: get('lineItem/referenceNo'),
      x_CompartmentId: get('product/compartmentId'),
      x_CompartmentName: get('product/compartmentName'),
      x_MyCostOverage: overage,
      x_OverageFlag: get('cost/overageFlag'),
    };
    return FOCUS_HEADER.map((column) => row[column]);
  };

  return { focusHeader: [...FOCUS_HEADER], focusVersion: '1.0', convert };
}

function billingMonthOf(epochMs: number): { BillingPeriodStart: string; BillingPeriodEnd: string } {
  const date = new Date(epochMs);
  const monthStart = (offset: number) => new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + offset, 1)).toISOString().replace('.000Z', 'Z');
  return { BillingPeriodStart: monthStart(0), BillingPeriodEnd: monthStart(1) };
}
