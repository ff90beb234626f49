/*
 * The evidence CSV: one line per cost row a proof used, RFC 4180 quoting, and every cell a spreadsheet would run as
 * a formula neutralised. OWASP, "CSV Injection" (https://owasp.org/www-community/attacks/CSV_Injection): a cell
 * beginning with =, +, -, @, a tab or a carriage return is read as a formula; prefixing it with a single quote
 * makes the spreadsheet show it as text. Amounts are neutralised too (a negative credit shows as '-1.5), since a
 * cell cannot be known safe by its column alone.
 */

/** One cost row as the export reads it: every value as text, or null. */
export interface EvidenceRow {
  period: 'baseline' | 'reporting';
  id: string;
  charge_period_start: string;
  charge_period_end: string;
  charge_category: string;
  provider_name: string;
  service_name: string | null;
  model: string | null;
  resource_id: string | null;
  billing_currency: string;
  billed_cost: string;
  effective_cost: string;
  input_tokens: string | null;
  cached_tokens: string | null;
  output_tokens: string | null;
  requests: string | null;
  source: string;
}

export const EVIDENCE_COLUMNS: Array<[keyof EvidenceRow, string]> = [
  ['period', 'Period'],
  ['id', 'CostRowId'],
  ['charge_period_start', 'ChargePeriodStart'],
  ['charge_period_end', 'ChargePeriodEnd'],
  ['charge_category', 'ChargeCategory'],
  ['provider_name', 'ProviderName'],
  ['service_name', 'ServiceName'],
  ['model', 'Model'],
  ['resource_id', 'ResourceId'],
  ['billing_currency', 'BillingCurrency'],
  ['billed_cost', 'BilledCost'],
  ['effective_cost', 'EffectiveCost'],
  ['input_tokens', 'InputTokens'],
  ['cached_tokens', 'CachedInputTokens'],
  ['output_tokens', 'OutputTokens'],
  ['requests', 'Requests'],
  ['source', 'Source'],
];

const FORMULA_START = /^[=+\-@\t\r]/;

/** A cell as text a spreadsheet shows and never runs, quoted where CSV needs it. */
export function csvCell(value: string | null): string {
  if (value === null) return '';
  const neutral = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(neutral) ? `"${neutral.replace(/"/g, '""')}"` : neutral;
}

export const csvLine = (cells: Array<string | null>): string => `${cells.map(csvCell).join(',')}\r\n`;

export const EVIDENCE_HEADER = csvLine(EVIDENCE_COLUMNS.map(([, title]) => title));

export const evidenceLine = (row: EvidenceRow): string => csvLine(EVIDENCE_COLUMNS.map(([key]) => row[key]));
