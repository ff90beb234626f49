/** The FOCUS columns cost_rows keeps, each in the column named after it in snake case. */
export const STORED_FOCUS_COLUMNS = [
  'BillingAccountId',
  'BillingAccountName',
  'SubAccountId',
  'SubAccountName',
  'BillingPeriodStart',
  'BillingPeriodEnd',
  'ChargePeriodStart',
  'ChargePeriodEnd',
  'ChargeCategory',
  'ChargeClass',
  'ChargeDescription',
  'ChargeFrequency',
  'BilledCost',
  'EffectiveCost',
  'ListCost',
  'ContractedCost',
  'BillingCurrency',
  'ProviderName',
  'PublisherName',
  'InvoiceIssuerName',
  'ServiceName',
  'ServiceCategory',
  'RegionId',
  'RegionName',
  'ResourceId',
  'ResourceName',
  'ResourceType',
  'SkuId',
  'SkuPriceId',
  'PricingQuantity',
  'PricingUnit',
  'ConsumedQuantity',
  'ConsumedUnit',
  'PricingCategory',
  'CommitmentDiscountId',
  'CommitmentDiscountType',
  'CommitmentDiscountCategory',
  'CommitmentDiscountStatus',
  'Tags',
] as const;

export type StoredFocusColumn = (typeof STORED_FOCUS_COLUMNS)[number];

/** BillingAccountId → billing_account_id. */
export const snakeCase = (focusId: string) => focusId.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();

export const AI_COLUMNS = ['is_ai', 'model', 'input_tokens', 'output_tokens', 'cached_tokens', 'requests'] as const;

/** A row's custom (x_) and unknown columns, as a JSON object; null when the file has none. */
export const EXTRA_COLUMNS_COLUMN = 'extra_columns';

/** Provenance first, then the FOCUS columns, then the AI fields and the extra columns: the column list of the loader's COPY. */
export const COST_ROW_COPY_COLUMNS = [
  'org_id',
  'connection_id',
  'source_id',
  'source_page',
  'source_row',
  ...STORED_FOCUS_COLUMNS.map(snakeCase),
  ...AI_COLUMNS,
  EXTRA_COLUMNS_COLUMN,
] as const;
