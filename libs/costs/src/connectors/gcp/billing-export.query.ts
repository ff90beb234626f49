import type { GcpConnectionSettings } from '../connection-settings';

/** Columns of the standard usage cost export that the mapper reads; the detailed export adds `resource`. */
const STANDARD_COLUMNS = [
  'billing_account_id',
  'service',
  'sku',
  'usage_start_time',
  'usage_end_time',
  'project',
  'labels',
  'location',
  'cost',
  'currency',
  'usage',
  'credits',
  'invoice',
  'cost_type',
];

/**
 * The SQL that reads one period of the export: every row whose usage (or FOCUS charge period) starts in it, each
 * as one JSON string, so that nested fields, labels and credits arrive whole and numbers keep their digits.
 * The table name is checked by the settings schema (project.dataset.table, no backticks).
 */
export function billingExportSql(settings: Pick<GcpConnectionSettings, 'table' | 'format'>): string {
  const table = `\`${settings.table}\``;
  if (settings.format === 'focus') {
    return `SELECT TO_JSON_STRING(t) AS row FROM ${table} AS t WHERE t.ChargePeriodStart >= @period_start AND t.ChargePeriodStart < @period_end`;
  }
  const columns = settings.format === 'detailed' ? [...STANDARD_COLUMNS, 'resource'] : STANDARD_COLUMNS;
  return (
    `SELECT TO_JSON_STRING(STRUCT(${columns.map((column) => `t.${column}`).join(', ')})) AS row FROM ${table} AS t ` +
    'WHERE t.usage_start_time >= @period_start AND t.usage_start_time < @period_end'
  );
}
