import { Decimal } from '@apex/domain';
import { isNull, parseCurrencyCode, parseDecimal, quoteValue } from '../../focus/focus-values';
import { tokenKindIn } from '../../focus/ai-fields';
import type { NativeConversion } from '../native-format';
import { focusOutputHeader } from '../focus-output-columns';
import { AZURE_SERVICE_CATEGORIES } from './azure-service-categories';
import { azureDay, azureTags, endOfDay, monthOf, startOfDay } from './azure-values';

/**
 * The FOCUS 1.0 records of an Azure cost details export (EA or MCA, actual or amortised), mapped as the FinOps
 * Foundation's converter maps one (focus_converters, conversion_rules_azure). Where Apex maps otherwise, the
 * mapping says so and why.
 */
export const AZURE_FOCUS_HEADER = focusOutputHeader(['ResourceType'], [
  'x_ResourceGroup',
  'x_MeterCategory',
  'x_MeterSubCategory',
  'x_MeterName',
  'x_ChargeType',
  'x_PricingModel',
  'x_TokenType',
]);

type FocusColumn = (typeof AZURE_FOCUS_HEADER)[number];
const SLOT = Object.fromEntries(AZURE_FOCUS_HEADER.map((column, slot) => [column, slot])) as Record<FocusColumn, number>;

/** Each source field by the names EA, MCA and the older usage-details exports give it, the preferred first. */
export const AZURE_COLUMNS = {
  cost: ['CostInBillingCurrency', 'Cost', 'PreTaxCost'],
  currency: ['BillingCurrencyCode', 'BillingCurrency', 'Currency'],
  date: ['Date', 'UsageDate', 'UsageDateTime'],
  billingPeriodStart: ['BillingPeriodStartDate'],
  billingPeriodEnd: ['BillingPeriodEndDate'],
  billingAccountId: ['BillingAccountId'],
  billingAccountName: ['BillingAccountName'],
  subscriptionId: ['SubscriptionId', 'SubscriptionGuid'],
  subscriptionName: ['SubscriptionName'],
  chargeType: ['ChargeType'],
  frequency: ['Frequency'],
  pricingModel: ['PricingModel'],
  product: ['ProductName', 'Product'],
  meterCategory: ['MeterCategory'],
  meterSubCategory: ['MeterSubCategory'],
  meterName: ['MeterName'],
  meterId: ['MeterId'],
  quantity: ['Quantity', 'UsageQuantity'],
  unitOfMeasure: ['UnitOfMeasure'],
  unitPrice: ['UnitPrice', 'ResourceRate'],
  paygPrice: ['PayGPrice'],
  paygCost: ['PaygCostInBillingCurrency'],
  location: ['ResourceLocation'],
  meterRegion: ['MeterRegion'],
  availabilityZone: ['AvailabilityZone'],
  consumedService: ['ConsumedService'],
  resourceId: ['ResourceId', 'InstanceId'],
  resourceName: ['ResourceName'],
  resourceGroup: ['ResourceGroup'],
  tags: ['Tags'],
  benefitId: ['benefitId'],
  benefitName: ['benefitName', 'ReservationName'],
  reservationId: ['ReservationId'],
  publisherName: ['PublisherName'],
  publisherType: ['PublisherType'],
} as const;

type Field = keyof typeof AZURE_COLUMNS;
const REQUIRED: Field[] = ['cost', 'currency', 'date'];

const CHARGE_CATEGORY: Readonly<Record<string, string>> = {
  Usage: 'Usage',
  Purchase: 'Purchase',
  Tax: 'Tax',
  UnusedReservation: 'Usage',
  UnusedSavingsPlan: 'Usage',
};

const CHARGE_FREQUENCY: Readonly<Record<string, string>> = { OneTime: 'One-Time', Recurring: 'Recurring', UsageBased: 'Usage-Based' };

// The converter's 'On-Demand' and 'Commitment Discount' are FOCUS 1.0-preview spellings; 1.0 says Standard and
// Committed. The exports write the savings plan model as 'SavingsPlan' as well as 'Savings Plans'.
const PRICING_CATEGORY: Readonly<Record<string, string>> = {
  OnDemand: 'Standard',
  Spot: 'Dynamic',
  Reservation: 'Committed',
  SavingsPlan: 'Committed',
  'Savings Plans': 'Committed',
};

const COMMITTED = new Set(['Reservation', 'SavingsPlan', 'Savings Plans']);

/** Positions of the fields in a header, by the first of their names it has (matched regardless of case). */
export function azureFieldPositions(header: string[]): Partial<Record<Field, { index: number; name: string }>> {
  const byName = new Map<string, number>();
  header.forEach((name, index) => {
    const key = name.trim().toLowerCase();
    if (!byName.has(key)) byName.set(key, index);
  });
  const positions: Partial<Record<Field, { index: number; name: string }>> = {};
  for (const field of Object.keys(AZURE_COLUMNS) as Field[]) {
    for (const name of AZURE_COLUMNS[field]) {
      const index = byName.get(name.toLowerCase());
      if (index !== undefined) {
        positions[field] = { index, name: header[index].trim() };
        break;
      }
    }
  }
  return positions;
}

export function planAzureConversion(header: string[]): NativeConversion {
  const positions = azureFieldPositions(header);
  const missing = REQUIRED.filter((field) => !positions[field]);
  let missingReported = false;
  let firstCurrency: { code: string; line: number } | null = null;

  return {
    focusHeader: [...AZURE_FOCUS_HEADER],
    focusVersion: '1.0',
    convert(fields, line, report) {
      if (missing.length) {
        if (!missingReported) {
          missingReported = true;
          const names = missing.map((field) => AZURE_COLUMNS[field].join(' or ')).join(', ');
          report({ line: null, column: null, message: `The Azure export has no ${names} column: Apex cannot convert its records without them.` });
        }
        return null;
      }
      if (fields.length !== header.length) {
        report({ line, column: null, message: `The record has ${fields.length} fields where the header has ${header.length} columns.` });
        return null;
      }
      const value = (field: Field): string => {
        const position = positions[field];
        const raw = position ? fields[position.index] : '';
        return isNull(raw) ? '' : raw.trim();
      };
      const nameOf = (field: Field) => positions[field]?.name ?? AZURE_COLUMNS[field][0];
      let ok = true;
      const fail = (field: Field | null, message: string) => {
        ok = false;
        report({ line, column: field === null ? null : nameOf(field), message });
      };
      const day = (field: Field): string => {
        const raw = value(field);
        const found = azureDay(raw);
        if (found === undefined) fail(field, `${quoteValue(raw)} is not a date as an Azure export writes them (MM/DD/YYYY or YYYY-MM-DD).`);
        return found ?? '';
      };
      const amount = (field: Field, required = false): string => {
        const raw = value(field);
        if (raw === '') {
          if (required) fail(field, `${nameOf(field)} is empty: the record has no cost.`);
          return '';
        }
        const decimal = parseDecimal(raw);
        if (decimal === undefined) fail(field, `${quoteValue(raw)} is not an amount: digits with an optional decimal point and sign.`);
        return decimal ?? '';
      };
      const out = new Array<string>(AZURE_FOCUS_HEADER.length).fill('');
      const set = (column: FocusColumn, text: string) => (out[SLOT[column]] = text);

      const currency = value('currency');
      if (parseCurrencyCode(currency) === undefined) {
        fail('currency', `${quoteValue(currency)} is not an ISO 4217 currency code (three capital letters, like USD).`);
      } else if (firstCurrency === null) {
        firstCurrency = { code: currency, line };
      } else if (currency !== firstCurrency.code) {
        fail('currency', `${currency} differs from ${firstCurrency.code} (line ${firstCurrency.line}): an export has one billing currency; upload each currency's records as its own file.`);
      }
      set('BillingCurrency', currency);

      // Departure: the converter starts the charge period at the billing period's start and ends it at the
      // record's date; an export's record is one day's charge, from that day's midnight to the next.
      const date = day('date');
      if (date) {
        set('ChargePeriodStart', startOfDay(date));
        set('ChargePeriodEnd', endOfDay(date));
      }
      // Departure: the export's BillingPeriodEndDate is the period's last day; FOCUS's period ends at the
      // midnight after it. Exports without billing periods (the older usage details) bill by calendar month.
      if (positions.billingPeriodStart && positions.billingPeriodEnd) {
        const [start, end] = [day('billingPeriodStart'), day('billingPeriodEnd')];
        if (start && end) {
          set('BillingPeriodStart', startOfDay(start));
          set('BillingPeriodEnd', endOfDay(end));
        }
      } else if (date) {
        const month = monthOf(date);
        set('BillingPeriodStart', month.start);
        set('BillingPeriodEnd', month.end);
      }

      const chargeType = value('chargeType') || 'Usage';
      const category = CHARGE_CATEGORY[chargeType] ?? 'Adjustment';
      set('ChargeCategory', category);
      // Departure: the converter's default, 'Other', is no FOCUS 1.0 ChargeFrequency; a record without a
      // frequency is charged as its category says.
      set('ChargeFrequency', CHARGE_FREQUENCY[value('frequency')] ?? (category === 'Usage' ? 'Usage-Based' : 'One-Time'));
      set('x_ChargeType', value('chargeType'));

      const pricingModel = value('pricingModel');
      const benefitId = value('benefitId') || (COMMITTED.has(pricingModel) ? value('reservationId') : '');
      const unused = chargeType === 'UnusedReservation' || chargeType === 'UnusedSavingsPlan';
      const covered = chargeType === 'Usage' && (COMMITTED.has(pricingModel) || benefitId !== '');

      const cost = amount('cost', true);
      // Departure: the converter bills every record at its cost. An amortised export spreads a commitment's
      // purchase over the usage it covered and adds its unused part; those amounts were billed once, as the
      // purchase, so here they are effective cost only. In an actual-cost export such usage costs 0 and nothing
      // is unused, so both exports bill what was invoiced.
      set('BilledCost', covered || unused ? '0' : cost);
      set('EffectiveCost', cost);

      const quantity = amount('quantity');
      const unitPrice = amount('unitPrice');
      const paygPrice = amount('paygPrice');
      // Departure: the converter has no ListCost or ContractedCost, which FOCUS 1.0 requires. The export's
      // pay-as-you-go price and its unit price (after negotiated discounts), times the quantity, exactly; the
      // cost where the export has no price.
      const times = (price: string) => (price && quantity ? Decimal.of(price).times(quantity).toString() : '');
      set('ListCost', amount('paygCost') || times(paygPrice) || cost);
      set('ListUnitPrice', paygPrice);
      set('ContractedCost', times(unitPrice) || cost);
      set('ContractedUnitPrice', unitPrice);

      // Departure: the older usage-details exports have no billing account; their subscription is billed.
      set('BillingAccountId', value('billingAccountId') || value('subscriptionId'));
      if (!value('billingAccountId') && !value('subscriptionId')) fail('billingAccountId', 'The record names no billing account or subscription.');
      set('BillingAccountName', value('billingAccountName'));
      set('SubAccountId', value('subscriptionId'));
      set('SubAccountName', value('subscriptionName'));
      set('ProviderName', 'Azure');
      set('InvoiceIssuerName', 'Microsoft');
      // Departure: FOCUS does not allow an empty publisher; the exports leave it empty for Microsoft's own services.
      const publisher = value('publisherName');
      if (!publisher && /marketplace/i.test(value('publisherType'))) fail('publisherName', 'A Marketplace record names no publisher.');
      set('PublisherName', publisher || 'Microsoft');

      const consumedService = value('consumedService');
      // Departure: purchases have no ConsumedService; their meter category names what was bought.
      set('ServiceName', consumedService || value('meterCategory') || value('product'));
      if (!consumedService && !value('meterCategory') && !value('product')) fail('consumedService', 'The record names no service.');
      set('ServiceCategory', AZURE_SERVICE_CATEGORIES[consumedService.toLowerCase()] ?? 'Other');
      set('ChargeDescription', value('product'));
      set('x_MeterCategory', value('meterCategory'));
      set('x_MeterSubCategory', value('meterSubCategory'));
      set('x_MeterName', value('meterName'));
      set('x_PricingModel', pricingModel);

      set('RegionId', value('location'));
      set('RegionName', value('meterRegion'));
      set('AvailabilityZone', value('availabilityZone'));
      set('ResourceId', value('resourceId'));
      set('ResourceName', value('resourceName'));
      set('x_ResourceGroup', value('resourceGroup'));
      set('SkuId', value('meterId'));

      // Departure: the converter renames UnitOfMeasure ("10K" → "Units") without scaling Quantity, which would
      // count ten thousand times too few units; the unit is kept as the export writes it. A token meter priced
      // per block (MeterName "… Tokens", UnitOfMeasure "1K") counts tokens in that block.
      const unit = value('unitOfMeasure');
      const meterName = value('meterName');
      const tokenMeter = /\btokens?\b/i.test(meterName);
      const consumedUnit = tokenMeter && /^\d+\s*[KM]?$/i.test(unit) ? `${unit} Tokens` : unit;
      set('PricingQuantity', quantity);
      set('PricingUnit', unit);
      if (category === 'Usage' && quantity) {
        set('ConsumedQuantity', quantity);
        set('ConsumedUnit', consumedUnit);
      }
      set('x_TokenType', tokenMeter ? (tokenKindIn(meterName) ?? '') : '');

      set('PricingCategory', category === 'Tax' ? '' : (PRICING_CATEGORY[pricingModel] ?? (pricingModel ? 'Other' : '')));
      set('CommitmentDiscountId', benefitId);
      set('CommitmentDiscountName', benefitId ? value('benefitName') : '');
      const kind = /\/microsoft\.capacity\//i.test(benefitId) ? 'reservation' : /\/microsoft\.billingbenefits\//i.test(benefitId) ? 'savingsPlan' : null;
      set('CommitmentDiscountType', kind === 'reservation' ? 'Reservation' : kind === 'savingsPlan' ? 'Savings Plan' : '');
      set('CommitmentDiscountCategory', kind === 'reservation' ? 'Usage' : kind === 'savingsPlan' ? 'Spend' : '');
      // Not in the converter's rules: which commitment amounts were used, from the amortised export's records.
      set('CommitmentDiscountStatus', unused ? 'Unused' : covered ? 'Used' : '');

      const rawTags = value('tags');
      if (rawTags) {
        const tags = azureTags(rawTags);
        if (tags === undefined) fail('tags', `${quoteValue(rawTags)} is not a list of "key": "value" pairs.`);
        set('Tags', tags ?? '');
      }
      return ok ? out : null;
    },
  };
}
