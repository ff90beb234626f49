import type { GetCostAndUsageResponse, GroupDefinition, MetricValue } from '@aws-sdk/client-cost-explorer';
import type { CanonicalCostRow } from '@apex/contracts';
import { PermanentConnectorError } from '../connector-errors';
import { canonicalRow } from '../shared/canonical-row';
import { dayStartIso } from '../shared/cost-period';
import { isNegativeDecimal, toDecimalString } from '../shared/decimal';

/** What FOCUS's BilledCost and EffectiveCost are read from, in order of preference. */
const BILLED_METRICS = ['UnblendedCost', 'NetUnblendedCost', 'BlendedCost'];
const EFFECTIVE_METRICS = ['AmortizedCost', 'NetAmortizedCost'];

const RECORD_TYPE_CATEGORIES: Record<string, string> = {
  Usage: 'Usage',
  DiscountedUsage: 'Usage',
  SavingsPlanCoveredUsage: 'Usage',
  SavingsPlanNegation: 'Usage',
  Tax: 'Tax',
  Credit: 'Credit',
  Refund: 'Credit',
  RIFee: 'Purchase',
  SavingsPlanRecurringFee: 'Purchase',
  SavingsPlanUpfrontFee: 'Purchase',
  Fee: 'Purchase',
};

interface GroupFields {
  serviceName: string | null;
  chargeDescription: string | null;
  subAccountId: string | null;
  regionId: string | null;
  recordType: string | null;
  tags: Record<string, string> | null;
}

/**
 * Cost Explorer GetCostAndUsage results as canonical rows: one row per time period and group (or per period from
 * its Total when the query has no GroupBy). Group keys are read through the GroupDefinitions: SERVICE → ServiceName,
 * USAGE_TYPE → ChargeDescription, LINKED_ACCOUNT → SubAccountId, REGION → RegionId, RECORD_TYPE → ChargeCategory,
 * TAG → Tags. UnblendedCost is the billed cost, AmortizedCost the effective cost (the billed cost when it was not
 * asked for), UsageQuantity the consumed quantity. Amounts are Cost Explorer's decimal strings, unchanged in value.
 */
export function mapCostAndUsage(response: GetCostAndUsageResponse, fallbackGroups: readonly GroupDefinition[] = []): CanonicalCostRow[] {
  const definitions = response.GroupDefinitions?.length ? response.GroupDefinitions : fallbackGroups;
  const rows: CanonicalCostRow[] = [];
  for (const result of response.ResultsByTime ?? []) {
    const start = result.TimePeriod?.Start;
    const end = result.TimePeriod?.End;
    if (!start || !end) throw malformed('a result without its TimePeriod');
    const entries = result.Groups?.length
      ? result.Groups.map((group) => ({ fields: readKeys(definitions, group.Keys ?? []), metrics: group.Metrics ?? {} }))
      : result.Total && Object.keys(result.Total).length
        ? [{ fields: readKeys([], []), metrics: result.Total }]
        : [];
    for (const { fields, metrics } of entries) {
      rows.push(toRow(rows.length + 1, start, end, fields, metrics));
    }
  }
  return rows;
}

function toRow(
  sourceRow: number,
  start: string,
  end: string,
  fields: GroupFields,
  metrics: Record<string, MetricValue>,
): CanonicalCostRow {
  const billed = firstMetric(metrics, BILLED_METRICS) ?? firstMetric(metrics, EFFECTIVE_METRICS);
  if (!billed) throw malformed(`a group without a cost metric (${Object.keys(metrics).join(', ') || 'none'})`);
  const effective = firstMetric(metrics, EFFECTIVE_METRICS) ?? billed;
  const billedCost = toDecimalString(billed.amount);
  const usage = metrics['UsageQuantity'];
  return canonicalRow({
    sourceRow,
    chargePeriodStart: dayStartIso(start),
    chargePeriodEnd: dayStartIso(end),
    chargeCategory: chargeCategory(fields, billedCost),
    billedCost,
    effectiveCost: toDecimalString(effective.amount),
    billingCurrency: billed.unit,
    providerName: 'AWS',
    invoiceIssuerName: 'AWS',
    serviceName: fields.serviceName,
    chargeDescription: fields.chargeDescription,
    subAccountId: fields.subAccountId,
    regionId: fields.regionId,
    consumedQuantity: usage?.Amount ? toDecimalString(usage.Amount) : null,
    consumedUnit: usage?.Unit && usage.Unit !== 'N/A' ? usage.Unit : null,
    tags: fields.tags,
  });
}

function firstMetric(metrics: Record<string, MetricValue>, names: readonly string[]): { amount: string; unit: string } | undefined {
  for (const name of names) {
    const { Amount: amount, Unit: unit } = metrics[name] ?? {};
    if (amount !== undefined && unit) return { amount, unit };
  }
  return undefined;
}

function readKeys(definitions: readonly GroupDefinition[], keys: readonly string[]): GroupFields {
  const fields: GroupFields = {
    serviceName: null,
    chargeDescription: null,
    subAccountId: null,
    regionId: null,
    recordType: null,
    tags: null,
  };
  definitions.forEach((definition, index) => {
    const value = keys[index];
    if (value === undefined || value === '' || value === 'NoRegion') return;
    if (definition.Type === 'TAG') {
      const tagValue = value.slice(value.indexOf('$') + 1);
      if (tagValue) fields.tags = { ...fields.tags, [definition.Key ?? '']: tagValue };
      return;
    }
    if (definition.Type !== 'DIMENSION') return;
    if (definition.Key === 'SERVICE') fields.serviceName = value;
    else if (definition.Key === 'USAGE_TYPE') fields.chargeDescription = value;
    else if (definition.Key === 'LINKED_ACCOUNT') fields.subAccountId = value;
    else if (definition.Key === 'REGION') fields.regionId = value;
    else if (definition.Key === 'RECORD_TYPE') fields.recordType = value;
  });
  return fields;
}

function chargeCategory(fields: GroupFields, billedCost: string): string {
  if (fields.recordType) return RECORD_TYPE_CATEGORIES[fields.recordType] ?? 'Adjustment';
  if (fields.serviceName === 'Tax') return 'Tax';
  return isNegativeDecimal(billedCost) ? 'Credit' : 'Usage';
}

function malformed(what: string): PermanentConnectorError {
  return new PermanentConnectorError('aws', 'response', `AWS Cost Explorer answered with ${what}.`);
}
