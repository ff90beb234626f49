/** Where cost data comes from. `focus_upload` holds the FOCUS files an organisation uploads. */
export const COST_PROVIDERS = ['aws', 'azure', 'gcp', 'openai', 'focus_upload'] as const;
export type CostProvider = (typeof COST_PROVIDERS)[number];

/**
 * One canonical cost row as it is written to `cost_rows`: FOCUS columns (camel case here, snake case in
 * SQL) plus AI fields. Money and quantities are decimal strings in their source precision, never floats;
 * timestamps are ISO 8601 in UTC.
 */
export interface CanonicalCostRow {
  /** 1-based position in the file (data line number) or in the API page. */
  sourceRow: number;
  billingAccountId: string | null;
  billingAccountName: string | null;
  subAccountId: string | null;
  subAccountName: string | null;
  billingPeriodStart: string | null;
  billingPeriodEnd: string | null;
  chargePeriodStart: string;
  chargePeriodEnd: string;
  chargeCategory: string;
  chargeClass: string | null;
  chargeDescription: string | null;
  chargeFrequency: string | null;
  billedCost: string;
  effectiveCost: string;
  listCost: string | null;
  contractedCost: string | null;
  billingCurrency: string;
  providerName: string;
  publisherName: string | null;
  invoiceIssuerName: string | null;
  serviceName: string | null;
  serviceCategory: string | null;
  regionId: string | null;
  regionName: string | null;
  resourceId: string | null;
  resourceName: string | null;
  resourceType: string | null;
  skuId: string | null;
  skuPriceId: string | null;
  pricingQuantity: string | null;
  pricingUnit: string | null;
  consumedQuantity: string | null;
  consumedUnit: string | null;
  /** Standard, Dynamic, Committed or Other (FOCUS allowed values); null when the source does not say. */
  pricingCategory: string | null;
  commitmentDiscountId: string | null;
  /** The provider's name for the kind of commitment (e.g. Reservation, Savings Plan). */
  commitmentDiscountType: string | null;
  /** Spend or Usage. */
  commitmentDiscountCategory: string | null;
  /** Used or Unused. */
  commitmentDiscountStatus: string | null;
  tags: Record<string, string> | null;
  /** Whether the row is AI spend (model APIs, AI platforms); the measured AI spend sums these rows. */
  isAi: boolean;
  model: string | null;
  inputTokens: string | null;
  outputTokens: string | null;
  cachedTokens: string | null;
  requests: string | null;
}

/** The measured AI spend of one period: the sum of `effective_cost` over AI rows, per currency. */
export interface MeasuredAiSpend {
  periodStart: string;
  periodEnd: string;
  currency: string;
  /** Decimal string. */
  amount: string;
  /** How many cost rows the amount sums; 0 means nothing was measured. */
  rowCount: number;
}
