import { isNull, parseDecimal, parseKeyValue, quoteValue } from '../../focus/focus-values';
import { tokenKindIn } from '../../focus/ai-fields';
import type { NativeConversion } from '../native-format';
import { focusOutputHeader } from '../focus-output-columns';
import { AWS_SERVICE_CATEGORIES } from './aws-service-categories';
import { COST_CATEGORY_COLUMNS, curColumnKey, familyPositions, FamilyPositions, positionsByKey, TAG_COLUMNS } from './cur-columns';
import { addAmounts, curTimestamp, subtractAmounts } from './cur-values';

/**
 * The FOCUS 1.0 records of an AWS Cost and Usage Report, legacy CSV or CUR 2.0 alike, mapped as the FinOps
 * Foundation's converter maps a CUR (focus_converters, conversion_rules_aws-cur). Where Apex maps otherwise, the
 * mapping says so and why.
 */
export const CUR_FOCUS_HEADER = focusOutputHeader(['ResourceName', 'ResourceType', 'CommitmentDiscountName', 'CommitmentDiscountStatus'], [
  'x_ServiceCode',
  'x_UsageType',
  'x_Operation',
  'x_LineItemType',
  'x_CostCategories',
  'x_Model',
  'x_TokenType',
]);

type FocusColumn = (typeof CUR_FOCUS_HEADER)[number];
const SLOT = Object.fromEntries(CUR_FOCUS_HEADER.map((column, slot) => [column, slot])) as Record<FocusColumn, number>;

/** Columns every CUR has and a record cannot be converted without, by their legacy spelling. */
const REQUIRED = [
  'bill/PayerAccountId',
  'bill/BillingPeriodStartDate',
  'bill/BillingPeriodEndDate',
  'lineItem/LineItemType',
  'lineItem/UsageStartDate',
  'lineItem/UsageEndDate',
  'lineItem/CurrencyCode',
  'lineItem/UnblendedCost',
];

const CHARGE_CATEGORY: Readonly<Record<string, string>> = {
  Tax: 'Tax',
  Fee: 'Purchase',
  SavingsPlanUpfrontFee: 'Purchase',
  RIFee: 'Purchase',
  SavingsPlanRecurringFee: 'Purchase',
  Usage: 'Usage',
  SavingsPlanCoveredUsage: 'Usage',
  SavingsPlanNegation: 'Usage',
  DiscountedUsage: 'Usage',
  BundledDiscount: 'Usage',
  Discount: 'Usage',
  PrivateRateDiscount: 'Usage',
  EdpDiscount: 'Usage',
  // Departure: the converter's table predates FOCUS 1.0's Credit category and files credits as Adjustment.
  Credit: 'Credit',
  Refund: 'Adjustment',
};

// Departure: the converter takes ChargeFrequency from bill/BillType alone, which makes every usage line of a
// monthly ("Anniversary") bill Recurring; FOCUS calls usage Usage-Based. The line item type decides where it
// names the frequency; the bill type (the converter's mapping) decides for taxes, credits and refunds.
const FREQUENCY_OF_LINE_ITEM: Readonly<Record<string, string>> = {
  Usage: 'Usage-Based',
  SavingsPlanCoveredUsage: 'Usage-Based',
  SavingsPlanNegation: 'Usage-Based',
  DiscountedUsage: 'Usage-Based',
  BundledDiscount: 'Usage-Based',
  Discount: 'Usage-Based',
  PrivateRateDiscount: 'Usage-Based',
  EdpDiscount: 'Usage-Based',
  RIFee: 'Recurring',
  SavingsPlanRecurringFee: 'Recurring',
  Fee: 'One-Time',
  SavingsPlanUpfrontFee: 'One-Time',
};
const FREQUENCY_OF_BILL: Readonly<Record<string, string>> = { Refund: 'One-Time', Purchase: 'One-Time', Anniversary: 'Recurring' };

// The converter reads product/PurchaseOption, which no CUR has; pricing/term and pricing/purchaseOption are
// where a CUR says how a line was priced, and covered usage is committed whatever its term says.
const PRICING_CATEGORY: Readonly<Record<string, string>> = {
  OnDemand: 'Standard',
  'On-Demand': 'Standard',
  Reserved: 'Committed',
  'Reserved Instances': 'Committed',
  Spot: 'Dynamic',
  'Spot Instances': 'Dynamic',
  'Dedicated Hosts': 'Standard',
};

const BEDROCK_EDITION = /^(.+?)\s*\(Amazon Bedrock Edition\)$/i;

type Values = (legacyName: string) => string;

/** Plans the conversion of a CUR whose header `detect` accepted. */
export function planCurConversion(header: string[]): NativeConversion {
  const positions = positionsByKey(header);
  const nameAt = (index: number) => header[index].trim();
  const positionOf = (legacyName: string) => positions.get(curColumnKey(legacyName));
  const missing = REQUIRED.filter((name) => positionOf(name) === undefined);
  const tags = familyPositions(header, TAG_COLUMNS);
  const costCategories = familyPositions(header, COST_CATEGORY_COLUMNS);
  const productMap = positions.get('product');
  let firstPeriod: { start: string; line: number } | null = null;
  let missingReported = false;

  /** The source's name of a column, for reports: as the header spells it. */
  const sourceName = (legacyName: string) => {
    const index = positionOf(legacyName);
    return index === undefined ? legacyName : nameAt(index);
  };

  return {
    focusHeader: [...CUR_FOCUS_HEADER],
    focusVersion: '1.0',
    convert(fields, line, report) {
      if (missing.length) {
        if (!missingReported) {
          missingReported = true;
          report({ line: null, column: null, message: `The Cost and Usage Report has no ${missing.join(', ')} column: Apex cannot convert its records without them.` });
        }
        return null;
      }
      if (fields.length > header.length) {
        report({ line, column: null, message: `The record has ${fields.length} fields where the header has ${header.length} columns.` });
        return null;
      }
      const value: Values = (legacyName) => {
        const index = positionOf(legacyName);
        const raw = index === undefined ? undefined : fields[index];
        return raw === undefined || isNull(raw) ? '' : raw.trim();
      };
      let productAttributes: Record<string, unknown> | null | undefined;
      /** A product attribute: its own column (`product/region`, `product_region`) or a key of CUR 2.0's product map. */
      const productValue = (attribute: string): string => {
        const own = value(`product/${attribute}`);
        if (own || productMap === undefined) return own;
        if (productAttributes === undefined) productAttributes = parseMap(fields[productMap]) ?? null;
        const key = curColumnKey(attribute);
        for (const name in productAttributes ?? {}) {
          if (curColumnKey(name) === key && productAttributes![name] !== null) return String(productAttributes![name]).trim();
        }
        return '';
      };

      let ok = true;
      const fail = (legacyName: string | null, message: string) => {
        ok = false;
        report({ line, column: legacyName === null ? null : sourceName(legacyName), message });
      };
      const time = (legacyName: string): string => {
        const raw = value(legacyName);
        const iso = curTimestamp(raw);
        if (iso === undefined) fail(legacyName, `${quoteValue(raw)} is not a date and time in UTC as a Cost and Usage Report writes them (like 2024-01-01T00:00:00Z).`);
        return iso ?? '';
      };
      /** An amount as the source writes it; `required` ones may not be empty. */
      const amount = (legacyName: string, required = false): string => {
        const raw = value(legacyName);
        if (raw === '') {
          if (required) fail(legacyName, `${sourceName(legacyName)} is empty: the record has no cost.`);
          return '';
        }
        const decimal = parseDecimal(raw);
        if (decimal === undefined) fail(legacyName, `${quoteValue(raw)} is not an amount: digits with an optional decimal point and sign.`);
        return decimal ?? '';
      };

      const out = new Array<string>(CUR_FOCUS_HEADER.length).fill('');
      const set = (column: FocusColumn, text: string) => (out[SLOT[column]] = text);

      const periodStart = time('bill/BillingPeriodStartDate');
      if (periodStart && firstPeriod === null) firstPeriod = { start: periodStart, line };
      else if (periodStart && firstPeriod && periodStart !== firstPeriod.start) {
        fail(
          'bill/BillingPeriodStartDate',
          `The record is of the billing period starting ${periodStart}, the file's first record (line ${firstPeriod.line}) of the one starting ${firstPeriod.start}: ` +
            'a Cost and Usage Report file covers one billing period; upload each period as its own file.',
        );
      }
      set('BillingPeriodStart', periodStart);
      set('BillingPeriodEnd', time('bill/BillingPeriodEndDate'));
      set('ChargePeriodStart', time('lineItem/UsageStartDate'));
      set('ChargePeriodEnd', time('lineItem/UsageEndDate'));

      const lineItemType = value('lineItem/LineItemType');
      const category = CHARGE_CATEGORY[lineItemType];
      if (!category) fail('lineItem/LineItemType', `${quoteValue(lineItemType)} is not a line item type Apex knows how to file as a FOCUS ChargeCategory.`);
      set('ChargeCategory', category ?? '');
      const frequency = FREQUENCY_OF_LINE_ITEM[lineItemType] ?? FREQUENCY_OF_BILL[value('bill/BillType')];
      if (category && !frequency) fail('bill/BillType', `${quoteValue(value('bill/BillType'))} does not say how often a ${lineItemType} line is charged.`);
      set('ChargeFrequency', frequency ?? '');
      set('ChargeDescription', value('lineItem/LineItemDescription'));

      // BilledCost: NetUnblendedCost where the record has one, else UnblendedCost (as the converter does).
      const unblended = amount('lineItem/UnblendedCost', true);
      const net = amount('lineItem/NetUnblendedCost');
      const billed = net || unblended;
      set('BilledCost', billed);
      set('EffectiveCost', effectiveCost(lineItemType, unblended, value, amount, fail));
      // Departure: the converter multiplies publicOnDemandRate by UsageAmount; the CUR's own publicOnDemandCost is
      // that product as AWS rounded it. Lines without a public price (taxes, fees, credits) list at what they bill.
      set('ListCost', amount('pricing/publicOnDemandCost') || billed);
      set('ListUnitPrice', amount('pricing/publicOnDemandRate'));
      // Departure: the converter has no ContractedCost, which FOCUS 1.0 requires. A CUR's unblended cost is the
      // price after the account's negotiated rates and before commitment discounts, FOCUS's contracted cost.
      set('ContractedCost', unblended);
      set('ContractedUnitPrice', amount('lineItem/UnblendedRate'));
      set('BillingCurrency', value('lineItem/CurrencyCode'));

      set('BillingAccountId', value('bill/PayerAccountId'));
      set('BillingAccountName', value('bill/PayerAccountName'));
      set('SubAccountId', value('lineItem/UsageAccountId'));
      set('SubAccountName', value('lineItem/UsageAccountName'));
      set('ProviderName', 'AWS');
      // Departure: older CURs have no lineItem/LegalEntity or bill/InvoicingEntity, and FOCUS does not allow
      // these empty: such a line is AWS's, published and invoiced.
      set('PublisherName', value('lineItem/LegalEntity') || 'AWS');
      set('InvoiceIssuerName', value('bill/InvoicingEntity') || 'AWS');

      const productCode = value('lineItem/ProductCode');
      const productName = productValue('ProductName');
      // Departure: the converter names the service by its code (AmazonEC2); FOCUS's ServiceName is the name a
      // person reads, which the CUR gives as product/ProductName (as AWS's own FOCUS export does).
      set('ServiceName', productName || productCode);
      if (!productName && !productCode) fail('lineItem/ProductCode', 'The record names no service (lineItem/ProductCode and product/ProductName are empty).');
      set('ServiceCategory', AWS_SERVICE_CATEGORIES[productCode] ?? 'Other');
      set('x_ServiceCode', productCode);
      set('x_UsageType', value('lineItem/UsageType'));
      set('x_Operation', value('lineItem/Operation'));
      set('x_LineItemType', lineItemType);

      set('RegionId', productValue('region') || productValue('regionCode'));
      set('RegionName', productValue('location'));
      set('AvailabilityZone', value('lineItem/AvailabilityZone'));
      set('ResourceId', value('lineItem/ResourceId'));
      set('SkuId', productValue('sku'));
      set('SkuPriceId', value('pricing/RateCode') || value('pricing/RateId'));

      const usageAmount = amount('lineItem/UsageAmount');
      set('PricingQuantity', amount('reservation/TotalReservedUnits') || usageAmount);
      set('PricingUnit', value('pricing/unit'));
      // Departure: FOCUS 1.0 keeps ConsumedQuantity and ConsumedUnit for usage; a fee's or tax's UsageAmount is
      // not a consumption.
      if (category === 'Usage') {
        set('ConsumedQuantity', usageAmount);
        set('ConsumedUnit', usageAmount ? value('pricing/unit') : '');
      }
      set('PricingCategory', pricingCategory(lineItemType, category, value, productValue));

      const savingsPlan = value('savingsPlan/SavingsPlanARN');
      const reservation = value('reservation/ReservationARN');
      set('CommitmentDiscountId', savingsPlan || reservation);
      set('CommitmentDiscountType', savingsPlan ? 'Savings Plan' : reservation ? 'Reserved Instances (RI)' : '');
      set('CommitmentDiscountCategory', savingsPlan ? 'Spend' : reservation ? 'Usage' : '');

      // Departure: the converter has no Tags. FOCUS's Tags are the resource tags, keyed as the CUR names them
      // (`user:team` in the legacy CSV, `user_team` in Athena and CUR 2.0 files).
      set('Tags', keyValues(fields, tags, 'Tags', fail));
      set('x_CostCategories', keyValues(fields, costCategories, 'x_CostCategories', fail));

      // Amazon Bedrock sells a third party's model as "<model> (Amazon Bedrock Edition)", and its usage types say
      // which tokens a line counts (`USE1-Claude3Haiku-input-tokens`); a foundation-model ARN in ResourceId is
      // read by the FOCUS loader itself.
      set('x_Model', BEDROCK_EDITION.exec(productName)?.[1] ?? '');
      const usageType = value('lineItem/UsageType');
      set('x_TokenType', /token/i.test(usageType) ? (tokenKindIn(usageType) ?? '') : '');

      return ok ? out : null;
    },
  };
}

/**
 * EffectiveCost as the converter computes it: covered usage at its commitment's rate, a commitment's fee at its
 * unused part (the used part is in the usage it covered), its negation and upfront fee at 0.
 */
function effectiveCost(
  lineItemType: string,
  unblended: string,
  value: Values,
  amount: (legacyName: string, required?: boolean) => string,
  fail: (legacyName: string | null, message: string) => void,
): string {
  const needed = (legacyName: string) => {
    const found = amount(legacyName);
    if (found === '' && value(legacyName) === '') fail(legacyName, `A ${lineItemType} line needs ${legacyName} for its EffectiveCost, and it is empty.`);
    return found;
  };
  switch (lineItemType) {
    case 'SavingsPlanCoveredUsage':
      return needed('savingsPlan/SavingsPlanEffectiveCost');
    case 'SavingsPlanRecurringFee': {
      const [total, used] = [needed('savingsPlan/TotalCommitmentToDate'), needed('savingsPlan/UsedCommitment')];
      return total && used ? subtractAmounts(total, used) : '';
    }
    case 'SavingsPlanNegation':
    case 'SavingsPlanUpfrontFee':
      return '0';
    case 'DiscountedUsage':
      return needed('reservation/EffectiveCost');
    case 'RIFee': {
      const [upfront, recurring] = [needed('reservation/UnusedAmortizedUpfrontFeeForBillingPeriod'), needed('reservation/UnusedRecurringFee')];
      return upfront && recurring ? addAmounts(upfront, recurring) : '';
    }
    case 'Fee':
      return value('reservation/ReservationARN') ? '0' : unblended;
    default:
      return unblended;
  }
}

function pricingCategory(lineItemType: string, category: string | undefined, value: Values, productValue: (attribute: string) => string): string {
  if (category === 'Tax') return '';
  if (lineItemType === 'SavingsPlanCoveredUsage' || lineItemType === 'DiscountedUsage') return 'Committed';
  return PRICING_CATEGORY[productValue('PurchaseOption')] ?? PRICING_CATEGORY[value('pricing/purchaseOption')] ?? PRICING_CATEGORY[value('pricing/term')] ?? '';
}

function parseMap(raw: string | undefined): Record<string, unknown> | undefined {
  return raw === undefined || isNull(raw) ? undefined : parseKeyValue(raw);
}

/** A family's non-empty values as a JSON object, or '' when it has none. */
function keyValues(fields: string[], family: FamilyPositions, focusColumn: string, fail: (column: string, message: string) => void): string {
  const pairs: Record<string, string> = {};
  let any = false;
  if (family.map !== undefined) {
    const raw = fields[family.map];
    if (raw !== undefined && !isNull(raw)) {
      const map = parseKeyValue(raw);
      if (!map) fail(family.mapName, `${quoteValue(raw)} is not a JSON object of ${focusColumn === 'Tags' ? 'resource tags' : 'cost categories'}.`);
      for (const key in map ?? {}) {
        const found = map![key];
        if (found === null || found === undefined || found === '') continue;
        pairs[key] = typeof found === 'string' ? found : JSON.stringify(found);
        any = true;
      }
    }
  }
  for (const { index, key } of family.flattened) {
    const raw = fields[index];
    if (raw === undefined || isNull(raw)) continue;
    pairs[key] = raw.trim();
    any = true;
  }
  return any ? JSON.stringify(pairs) : '';
}
