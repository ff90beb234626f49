/**
 * The value metrics API (/api/v1/metrics): what an organisation spends on AI, measured from its cost rows.
 *
 * - AI spend is the sum of a cost column over cost rows classified as AI (`is_ai`). Other rows are "other spend"; both
 *   together are all cloud spend. The column is the cost basis (`basis`): EffectiveCost (amortised, the default) or
 *   BilledCost (as invoiced). Every endpoint takes `basis` and names the one it used in its answer.
 * - Amounts are decimal strings in their currency and are never added across currencies: every figure is per currency.
 * - Days are UTC. A range is [from, to): `to` is the first day NOT included. A cost row belongs to the day its charge
 *   period starts on.
 * - Every figure carries `rows`, the filter of the cost rows it sums: GET /metrics/rows with that filter returns exactly
 *   those rows, with their provenance, and a total equal to the figure.
 */

export const SPEND_BUCKETS = ['day', 'week', 'month'] as const;
/** Buckets of a series; weeks start on Monday (ISO 8601). Buckets are clipped to the range. */
export type SpendBucket = (typeof SPEND_BUCKETS)[number];

export const SPEND_DIMENSIONS = ['provider', 'service', 'model'] as const;
export type SpendDimension = (typeof SPEND_DIMENSIONS)[number];

export const COST_DRIVER_DIMENSIONS = ['service', 'model', 'resource'] as const;
export type CostDriverDimension = (typeof COST_DRIVER_DIMENSIONS)[number];

/** Which cost rows a figure counts: AI spend, the organisation's other (non-AI) spend, or all of its cloud spend. */
export const SPEND_SCOPES = ['ai', 'other', 'all'] as const;
export type SpendScope = (typeof SPEND_SCOPES)[number];

/**
 * `with`: only rows that count tokens (input + output tokens above zero), the basis of cost per 1K tokens;
 * `without`: only rows that count none.
 */
export const TOKEN_FILTERS = ['with', 'without'] as const;
export type TokenFilter = (typeof TOKEN_FILTERS)[number];

/**
 * Which cost column a figure sums. `effective`: FOCUS EffectiveCost, amortised (a commitment's purchase spread over the
 * usage it covers), the default; `billed`: FOCUS BilledCost, what the invoice charges, purchases on the day they are made.
 */
export const COST_BASES = ['effective', 'billed'] as const;
export type CostBasis = (typeof COST_BASES)[number];

/** The FOCUS column a basis sums, by name. */
export const COST_BASIS_COLUMN: Record<CostBasis, string> = { effective: 'EffectiveCost', billed: 'BilledCost' };

/** The longest range any metric takes, in days, and the longest a series by day takes. */
export const METRICS_MAX_RANGE_DAYS = 1096;
export const METRICS_MAX_DAY_BUCKETS = 366;
/** The month-end projection needs at least this many distinct days with AI spend in the month. */
export const PROJECTION_MIN_DAYS_OF_DATA = 7;
/** How many months the spend trend shows, the month of `asOf` included. */
export const TREND_MONTHS = 6;

/** Query of every range-based metric: both days (YYYY-MM-DD) or neither (then the range is chosen as `MetricsRange` says). */
export interface MetricsRangeQuery {
  from?: string;
  to?: string;
  /** The cost column to sum; `effective` when absent. */
  basis?: CostBasis;
}

export interface MetricsRange {
  /** First day in the range (YYYY-MM-DD). */
  from: string;
  /** First day after the range (YYYY-MM-DD). */
  to: string;
  /**
   * True when the caller gave no range: then it is the three calendar months ending with the month of the
   * organisation's latest AI cost row (or the current month when it has none).
   */
  defaulted: boolean;
}

/**
 * The cost rows behind a figure. Absent fields select any value; a dimension given as null selects rows where
 * that column is empty (sent as an empty query parameter, e.g. `model=`).
 */
export interface CostRowsFilter {
  from: string;
  to: string;
  scope: SpendScope;
  currency?: string;
  provider?: string;
  service?: string | null;
  model?: string | null;
  /** The resource id. */
  resource?: string | null;
  tokens?: TokenFilter;
  /** FOCUS ChargeCategory, exactly (Usage, Purchase, Tax, Credit, Adjustment). */
  chargeCategory?: string;
  /** How usage rows were priced, from their FOCUS pricing and commitment columns (see `PRICING_CLASSES`). */
  pricing?: PricingClass;
}

/** FOCUS ChargeCategory's allowed values. */
export const CHARGE_CATEGORIES = ['Usage', 'Purchase', 'Tax', 'Credit', 'Adjustment'] as const;

/**
 * How a Usage row was priced, from its FOCUS PricingCategory, CommitmentDiscountId and CommitmentDiscountStatus:
 * - `unused_commitment`: CommitmentDiscountStatus 'Unused', the part of a commitment that nothing used;
 * - `committed`: otherwise PricingCategory 'Committed' or a CommitmentDiscountId, usage a commitment paid for;
 * - `on_demand`: otherwise PricingCategory 'Standard', usage at the account's agreed rate.
 * Rows of other charge categories, and Usage rows that say none of these, are in no class.
 */
export const PRICING_CLASSES = ['on_demand', 'committed', 'unused_commitment'] as const;
export type PricingClass = (typeof PRICING_CLASSES)[number];

/** An amount in one currency and the rows it sums. */
export interface CurrencyFigure {
  currency: string;
  /** Decimal string. */
  amount: string;
  rowCount: number;
  rows: CostRowsFilter;
}

/**
 * A sum of cost rows that may be reduced by credits or adjustments (FOCUS ChargeCategory Credit and Adjustment): those
 * rows' own sums, each with its drill-down, so that a negative or reduced total can be explained. Null when there are none.
 */
export interface SpendFigure extends CurrencyFigure {
  credits: CurrencyFigure | null;
  adjustments: CurrencyFigure | null;
}

/** One provider's spend in one currency: all of it, and its AI and other parts (null when it has no rows of that part). */
export interface ProviderSpend {
  provider: string;
  currency: string;
  total: SpendFigure;
  ai: SpendFigure | null;
  other: SpendFigure | null;
}

/** GET /metrics/summary: all cloud spend over the range, AI spend as its own part, and the same per provider. */
export interface AiSpendSummary {
  range: MetricsRange;
  basis: CostBasis;
  /** Whether the organisation has any cost rows at all (any date, any kind): false means nothing is connected or uploaded yet. */
  hasCostData: boolean;
  /** First and last day with AI cost rows, over all time; null when there are none. */
  coverage: { firstDay: string; lastDay: string } | null;
  /** All cloud spend in the range (AI and other), one entry per currency, largest first. */
  allSpend: SpendFigure[];
  /** AI spend in the range, one entry per currency; empty when there is none. */
  aiSpend: SpendFigure[];
  /** Cost rows in the range that are not AI spend (compute, storage…), per currency; not part of any AI figure. */
  otherSpend: SpendFigure[];
  /** Per provider and currency: currencies in the order of `allSpend`, then the largest provider first. */
  providers: ProviderSpend[];
  /** Set when there is nothing to show, saying why (no cost data at all, or no AI spend in the range). */
  message: string | null;
}

/** GET /metrics/spend?bucket=&by=: AI spend per bucket and per provider, service or model. */
export interface SpendSeries {
  range: MetricsRange;
  basis: CostBasis;
  bucket: SpendBucket;
  by: SpendDimension;
  currencies: CurrencySpendSeries[];
  message: string | null;
}

export interface CurrencySpendSeries {
  currency: string;
  /** Decimal string: the sum of every point. */
  total: string;
  rowCount: number;
  /** The keys of this currency's points, largest total first. */
  keys: (string | null)[];
  /** One point per bucket and key with rows; buckets and keys without rows are left out. Oldest bucket first. */
  points: SpendPoint[];
}

export interface SpendPoint {
  bucketStart: string;
  /** First day after the bucket. */
  bucketEnd: string;
  /** The provider, service or model; null when the rows do not name one. */
  key: string | null;
  amount: string;
  rowCount: number;
  rows: CostRowsFilter;
}

/** GET /metrics/cost-per-token?bucket=: the cost of 1,000 tokens by model over time, from rows with token counts only. */
export interface CostPerTokenSeries {
  range: MetricsRange;
  basis: CostBasis;
  bucket: SpendBucket;
  /** `no_token_counts`: no AI cost row in the range carries token counts, so nothing is computed (never estimated). */
  status: 'measured' | 'no_token_counts';
  /** How the figure is computed, in a sentence. */
  method: string;
  message: string | null;
  models: ModelCostPerToken[];
  /** AI spend in the range from rows without token counts, per currency and model: not part of any cost per token. */
  withoutTokenCounts: (CurrencyFigure & { model: string | null })[];
}

export interface ModelCostPerToken {
  currency: string;
  model: string | null;
  points: CostPerTokenPoint[];
  /** First bucket against last bucket: the before/after basis; null with fewer than two buckets or a zero first cost. */
  change: CostPerTokenChange | null;
}

export interface CostPerTokenPoint {
  bucketStart: string;
  bucketEnd: string;
  /** Decimal string: the AI spend of the rows. */
  cost: string;
  /** Input + output tokens (cached tokens are part of the input tokens, as providers report them). Decimal string. */
  tokens: string;
  inputTokens: string;
  outputTokens: string;
  cachedTokens: string;
  /** cost × 1000 ÷ tokens, rounded to 6 decimal places. */
  costPer1kTokens: string;
  rowCount: number;
  rows: CostRowsFilter;
}

export interface CostPerTokenChange {
  fromBucket: string;
  toBucket: string;
  before: string;
  after: string;
  /** (after − before) ÷ before × 100, rounded to 2 decimal places. */
  changePercent: string;
}

/** GET /metrics/drivers?by=&limit=: the largest AI cost drivers over the range, per currency. */
export interface CostDrivers {
  range: MetricsRange;
  basis: CostBasis;
  by: CostDriverDimension;
  currencies: CurrencyCostDrivers[];
  message: string | null;
}

export interface CurrencyCostDrivers {
  currency: string;
  /** All AI spend in the range in this currency: what the shares are of. */
  total: CurrencyFigure;
  drivers: CostDriver[];
  /** Further drivers beyond the limit, not listed. */
  moreDrivers: number;
}

export interface CostDriver {
  /** The service, model or resource id; null when the rows do not name one. */
  key: string | null;
  /** What to show: the resource's name where it has one, else the key. */
  label: string | null;
  amount: string;
  /** amount ÷ total × 100, rounded to 2 decimal places; null when the total is zero. */
  sharePercent: string | null;
  rowCount: number;
  rows: CostRowsFilter;
}

/** GET /metrics/trend?asOf=: monthly AI spend and the month-end projection for the month of `asOf`. */
export interface SpendTrend {
  basis: CostBasis;
  /** The day the trend and projection are made on (YYYY-MM-DD); data after it is ignored. */
  asOf: string;
  /** TREND_MONTHS months, oldest first, the last one being the month of `asOf` up to and including `asOf`. */
  months: MonthSpend[];
  projection: MonthEndProjection;
}

export interface MonthSpend {
  /** YYYY-MM. */
  month: string;
  from: string;
  to: string;
  /** False for the month of `asOf` unless `asOf` is its last day and that day is over. */
  complete: boolean;
  totals: (CurrencyFigure & { changePercent: string | null })[];
}

export interface MonthEndProjection {
  month: string;
  /** A plain statement of how the projection is computed. */
  method: string;
  minDaysOfData: number;
  daysInMonth: number;
  /** Set when no currency has a projection, saying why. */
  message: string | null;
  currencies: CurrencyProjection[];
}

export interface CurrencyProjection {
  currency: string;
  /**
   * `projected`: enough days of data; `not_enough_data`: fewer than `minDaysOfData` days with AI spend this month;
   * `month_complete`: `asOf` is the month's last day and it is over, so the measured total is final and nothing is projected.
   */
  status: 'projected' | 'not_enough_data' | 'month_complete';
  /** Measured AI spend from the 1st through `asOf`. */
  monthToDate: CurrencyFigure;
  /** Distinct days with AI spend in the month so far. */
  daysWithData: number;
  /** Days from the 1st through the latest day with data: what month-to-date is divided by. */
  daysObserved: number;
  /** A projection, not a measured figure: month-to-date ÷ daysObserved × daysInMonth, rounded to 2 decimal places; null unless `projected`. */
  projectedMonthEnd: string | null;
  message: string;
}

/** GET /metrics/rows: the cost rows behind a figure, oldest first, with provenance. */
export interface CostRowsPage {
  filter: CostRowsFilter;
  /** The cost column `totals` sum. */
  basis: CostBasis;
  /** The sum of every row the filter selects (all pages), per currency: equal to the figure the filter came from. */
  totals: { currency: string; amount: string; rowCount: number }[];
  items: CostRowView[];
  /** Pass as `cursor` for the next page; null on the last page. */
  next: string | null;
}

export const COST_ROWS_PAGE_MAX = 500;

export interface CostRowView {
  id: string;
  chargePeriodStart: string;
  chargePeriodEnd: string;
  chargeCategory: string;
  chargeDescription: string | null;
  providerName: string;
  serviceName: string | null;
  model: string | null;
  resourceId: string | null;
  resourceName: string | null;
  regionId: string | null;
  skuId: string | null;
  billingCurrency: string;
  billedCost: string;
  effectiveCost: string;
  consumedQuantity: string | null;
  consumedUnit: string | null;
  inputTokens: string | null;
  outputTokens: string | null;
  cachedTokens: string | null;
  requests: string | null;
  isAi: boolean;
  provenance: CostRowProvenance;
}

/** Where a cost row came from: a file (its name and the row's line in it) or a connection's API (the page and the row on it). */
export interface CostRowProvenance {
  kind: 'file' | 'api';
  connectionId: string;
  connectionName: string;
  sourceId: string;
  fileName: string | null;
  sourcePage: string | null;
  sourceRow: number;
}

/** The query string of GET /metrics/rows for a filter: null dimensions are sent empty. */
export function costRowsQuery(filter: CostRowsFilter, page: { cursor?: string; limit?: number; basis?: CostBasis } = {}): string {
  const params: [string, string][] = [
    ['from', filter.from],
    ['to', filter.to],
    ['scope', filter.scope],
  ];
  for (const name of ['currency', 'provider', 'service', 'model', 'resource', 'tokens', 'chargeCategory', 'pricing'] as const) {
    const value = filter[name];
    if (value !== undefined) params.push([name, value ?? '']);
  }
  if (page.cursor) params.push(['cursor', page.cursor]);
  if (page.limit) params.push(['limit', String(page.limit)]);
  if (page.basis) params.push(['basis', page.basis]);
  return params.map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('&');
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A `YYYY-MM-DD` day as people write it: "2025-01-05" → "5 Jan 2025". */
export function dayInWords(day: string): string {
  return `${Number(day.slice(8, 10))} ${MONTHS[Number(day.slice(5, 7)) - 1]} ${day.slice(0, 4)}`;
}

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "2025-01" → "January 2025". */
export function monthInWords(month: string): string {
  return `${MONTH_NAMES[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`;
}

/**
 * A range [from, to) as people write it, its last day included: "1 Jan – 31 Jan 2025", "28 Dec 2024 – 3 Jan 2025",
 * "5 Jan 2025" for a single day. The year is written once when both ends share it.
 */
export function rangeInWords(from: string, to: string): string {
  const last = new Date(Date.parse(`${to}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  if (last <= from) return dayInWords(from);
  const [first, end] = [dayInWords(from), dayInWords(last)];
  return from.slice(0, 4) === last.slice(0, 4) ? `${first.slice(0, -5)} – ${end}` : `${first} – ${end}`;
}
