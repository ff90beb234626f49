import type { NativeFormat } from '../native-format';
import { planCurConversion } from './cur-conversion';

const names = (header: string[]) => new Set(header.map((name) => name.trim().toLowerCase()));
const hasAll = (present: Set<string>, columns: string[]) => columns.every((column) => present.has(column.toLowerCase()));

/** The columns that make a header a legacy CUR CSV's: its `category/Name` spelling of the cost and its period. */
const LEGACY_SIGNATURE = ['lineItem/LineItemType', 'lineItem/UnblendedCost', 'bill/BillingPeriodStartDate'];
/** The same in the snake_case spelling of CUR 2.0 and of a legacy CUR read through Athena. */
const SNAKE_SIGNATURE = ['line_item_line_item_type', 'line_item_unblended_cost', 'bill_billing_period_start_date'];
/** CUR 2.0 writes product attributes, tags and cost categories as JSON map columns; a flattened legacy CUR does not. */
const CUR2_MAP_COLUMNS = ['product', 'resource_tags', 'cost_category'];

export const AWS_CUR_LEGACY: NativeFormat = {
  id: 'aws-cur-legacy',
  name: 'AWS Cost and Usage Report (legacy CSV)',
  detect: (header) => hasAll(names(header), LEGACY_SIGNATURE),
  plan: planCurConversion,
};

export const AWS_CUR_2: NativeFormat = {
  id: 'aws-cur-2',
  name: 'AWS Cost and Usage Report 2.0 (Data Exports)',
  detect: (header) => {
    const present = names(header);
    return hasAll(present, SNAKE_SIGNATURE) && CUR2_MAP_COLUMNS.some((column) => present.has(column));
  },
  plan: planCurConversion,
};

export const AWS_CUR_LEGACY_ATHENA: NativeFormat = {
  id: 'aws-cur-legacy-athena',
  name: 'AWS Cost and Usage Report (legacy, Athena column names)',
  detect: (header) => {
    const present = names(header);
    return hasAll(present, SNAKE_SIGNATURE) && !CUR2_MAP_COLUMNS.some((column) => present.has(column));
  },
  plan: planCurConversion,
};

export const AWS_CUR_FORMATS: NativeFormat[] = [AWS_CUR_LEGACY, AWS_CUR_2, AWS_CUR_LEGACY_ATHENA];
