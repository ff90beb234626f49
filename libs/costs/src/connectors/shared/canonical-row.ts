import type { CanonicalCostRow } from '@apex/contracts';
import { isAiSpend } from '@apex/domain';

type RequiredFields =
  | 'sourceRow'
  | 'chargePeriodStart'
  | 'chargePeriodEnd'
  | 'chargeCategory'
  | 'billedCost'
  | 'effectiveCost'
  | 'billingCurrency'
  | 'providerName';

/** A canonical row from the fields a provider gives; the rest is null and `isAi` follows the shared rule. */
export function canonicalRow(
  fields: Pick<CanonicalCostRow, RequiredFields> & Partial<Omit<CanonicalCostRow, RequiredFields>>,
): CanonicalCostRow {
  const row: CanonicalCostRow = {
    billingAccountId: null,
    billingAccountName: null,
    subAccountId: null,
    subAccountName: null,
    billingPeriodStart: null,
    billingPeriodEnd: null,
    chargeClass: null,
    chargeDescription: null,
    chargeFrequency: null,
    listCost: null,
    contractedCost: null,
    publisherName: null,
    invoiceIssuerName: null,
    serviceName: null,
    serviceCategory: null,
    regionId: null,
    regionName: null,
    resourceId: null,
    resourceName: null,
    resourceType: null,
    skuId: null,
    skuPriceId: null,
    pricingQuantity: null,
    pricingUnit: null,
    consumedQuantity: null,
    consumedUnit: null,
    pricingCategory: null,
    commitmentDiscountId: null,
    commitmentDiscountType: null,
    commitmentDiscountCategory: null,
    commitmentDiscountStatus: null,
    tags: null,
    model: null,
    inputTokens: null,
    outputTokens: null,
    cachedTokens: null,
    requests: null,
    isAi: false,
    ...fields,
  };
  if (fields.isAi === undefined) row.isAi = isAiSpend(row);
  return row;
}
