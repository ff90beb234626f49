import type { CanonicalCostRow } from '@apex/contracts';
import { PermanentConnectorError } from '../connector-errors';
import type { CostPeriod } from '../cost-connector';
import { canonicalRow } from '../shared/canonical-row';
import { addDays, dayStartIso } from '../shared/cost-period';
import { isNegativeDecimal, toDecimalString } from '../shared/decimal';
import { isJsonObject, JsonValue } from '../shared/lossless-json';

const COST_COLUMNS = ['cost', 'pretaxcost', 'totalcost', 'costusd', 'pretaxcostusd'];

const CHARGE_TYPES: Record<string, string> = {
  usage: 'Usage',
  unusedreservation: 'Usage',
  unusedsavingsplan: 'Usage',
  purchase: 'Purchase',
  refund: 'Credit',
  tax: 'Tax',
};

/** ChargeType values that are the unused part of a commitment, and the kind of commitment each is. */
const UNUSED_COMMITMENTS: Record<string, string> = {
  unusedreservation: 'Reservation',
  unusedsavingsplan: 'Savings Plan',
};

/** The PricingModel dimension, when the query groups by it, as FOCUS PricingCategory and commitment type. */
const PRICING_MODELS: Record<string, { pricingCategory: string; commitmentDiscountType: string | null }> = {
  ondemand: { pricingCategory: 'Standard', commitmentDiscountType: null },
  reservation: { pricingCategory: 'Committed', commitmentDiscountType: 'Reservation' },
  savingsplan: { pricingCategory: 'Committed', commitmentDiscountType: 'Savings Plan' },
  spot: { pricingCategory: 'Dynamic', commitmentDiscountType: null },
};

type DimensionField =
  | 'serviceName'
  | 'chargeDescription'
  | 'skuId'
  | 'resourceId'
  | 'resourceType'
  | 'regionName'
  | 'subAccountId'
  | 'subAccountName'
  | 'billingAccountId'
  | 'commitmentDiscountId';

/** Grouping columns that have a FOCUS column of their own. */
const DIMENSIONS: Record<string, DimensionField> = {
  servicename: 'serviceName',
  meter: 'chargeDescription',
  meterid: 'skuId',
  resourceid: 'resourceId',
  resourcetype: 'resourceType',
  resourcelocation: 'regionName',
  subscriptionid: 'subAccountId',
  subscriptionname: 'subAccountName',
  billingaccountid: 'billingAccountId',
  reservationid: 'commitmentDiscountId',
  benefitid: 'commitmentDiscountId',
};

export interface AzureQueryContext {
  /** The period asked for: the charge period of rows that carry no date column (granularity None). */
  period: CostPeriod;
  /** The scope queried, without leading slash; a subscription or billing account there fills the account columns. */
  scope: string;
}

/**
 * A Cost Management query result (`properties.columns` + `rows`) as canonical rows. Columns are found by name:
 * the cost (Cost, PreTaxCost or their USD forms), Currency, UsageDate (the integer 20180331: one UTC day) or
 * BillingMonth (one month), ChargeType, and the grouping dimensions that have a FOCUS column; other columns are
 * not kept. UnusedReservation and UnusedSavingsPlan charges are unused commitments (CommitmentDiscountStatus
 * 'Unused'); a PricingModel column, when the query has one, gives the PricingCategory. The query returns one cost type, so billed and effective cost are both that amount. Numbers arrive as
 * their JSON text and are kept digit for digit.
 */
export function mapCostManagementQuery(properties: JsonValue, context: AzureQueryContext): CanonicalCostRow[] {
  if (!isJsonObject(properties) || !Array.isArray(properties['columns']) || !Array.isArray(properties['rows'])) {
    throw malformed('a result without properties.columns and properties.rows');
  }
  const names = properties['columns'].map((column) => (isJsonObject(column) && typeof column['name'] === 'string' ? column['name'].toLowerCase() : ''));
  const costAt = COST_COLUMNS.map((name) => names.indexOf(name)).find((index) => index >= 0);
  if (costAt === undefined) throw malformed(`no cost column (columns: ${names.join(', ')})`);
  const currencyAt = names.indexOf('currency');
  const impliedCurrency = names[costAt].endsWith('usd') ? 'USD' : null;
  if (currencyAt < 0 && !impliedCurrency) throw malformed('a cost without a Currency column');
  const usageDateAt = names.indexOf('usagedate');
  const billingMonthAt = names.indexOf('billingmonth');
  const chargeTypeAt = names.indexOf('chargetype');
  const pricingModelAt = names.indexOf('pricingmodel');
  const scopeAccounts = accountsOfScope(context.scope);

  return properties['rows'].map((cells, index) => {
    if (!Array.isArray(cells) || cells.length !== names.length) throw malformed(`row ${index + 1} with ${Array.isArray(cells) ? cells.length : 0} of ${names.length} cells`);
    const text = (at: number): string | null => (at >= 0 && typeof cells[at] === 'string' && cells[at] !== '' ? (cells[at] as string) : null);
    const amount = text(costAt);
    if (amount === null) throw malformed(`row ${index + 1} without a cost`);
    const billedCost = toDecimalString(amount);
    const [chargePeriodStart, chargePeriodEnd] = chargePeriod(text(usageDateAt), text(billingMonthAt), context.period, index);
    const dimensions: Partial<Record<DimensionField, string>> = {};
    names.forEach((name, at) => {
      const field = DIMENSIONS[name];
      const value = text(at);
      if (field && value !== null) dimensions[field] = value;
    });
    const chargeType = text(chargeTypeAt);
    const unusedCommitment = chargeType ? UNUSED_COMMITMENTS[chargeType.toLowerCase()] : undefined;
    const pricingModel = PRICING_MODELS[text(pricingModelAt)?.toLowerCase() ?? ''];
    const currency = text(currencyAt) ?? impliedCurrency;
    if (currency === null) throw malformed(`row ${index + 1} without a currency`);
    return canonicalRow({
      sourceRow: index + 1,
      ...scopeAccounts,
      ...dimensions,
      chargePeriodStart,
      chargePeriodEnd,
      chargeCategory: chargeType
        ? (CHARGE_TYPES[chargeType.toLowerCase()] ?? 'Adjustment')
        : isNegativeDecimal(billedCost)
          ? 'Credit'
          : 'Usage',
      billedCost,
      effectiveCost: billedCost,
      billingCurrency: currency.toUpperCase(),
      providerName: 'Microsoft',
      invoiceIssuerName: 'Microsoft',
      ...(pricingModel ?? {}),
      ...(unusedCommitment ? { pricingCategory: 'Committed', commitmentDiscountType: unusedCommitment, commitmentDiscountStatus: 'Unused' } : {}),
    });
  });
}

function chargePeriod(usageDate: string | null, billingMonth: string | null, period: CostPeriod, index: number): [string, string] {
  if (usageDate !== null) {
    const match = /^(\d{4})(\d{2})(\d{2})$/.exec(usageDate);
    if (!match) throw malformed(`row ${index + 1} with the UsageDate ${usageDate}`);
    const day = `${match[1]}-${match[2]}-${match[3]}`;
    return [dayStartIso(day), dayStartIso(addDays(day, 1))];
  }
  if (billingMonth !== null) {
    const match = /^(\d{4})-(\d{2})/.exec(billingMonth);
    if (!match) throw malformed(`row ${index + 1} with the BillingMonth ${billingMonth}`);
    const start = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1));
    const end = new Date(Date.UTC(Number(match[1]), Number(match[2]), 1));
    return [start.toISOString(), end.toISOString()];
  }
  return [dayStartIso(period.start), dayStartIso(period.end)];
}

function accountsOfScope(scope: string): Partial<Record<DimensionField, string>> {
  const subscription = /^subscriptions\/([^/]+)/i.exec(scope);
  if (subscription) return { subAccountId: subscription[1] };
  const billingAccount = /^providers\/Microsoft\.Billing\/billingAccounts\/([^/]+)/i.exec(scope);
  return billingAccount ? { billingAccountId: billingAccount[1] } : {};
}

function malformed(what: string): PermanentConnectorError {
  return new PermanentConnectorError('azure', 'response', `Azure Cost Management answered with ${what}.`);
}
