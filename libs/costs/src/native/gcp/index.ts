import type { NativeFormat } from '../native-format';
import { gcpBillingExportFormat } from './gcp-billing-export.format';

export { gcpBillingExportFormat } from './gcp-billing-export.format';
export { GCP_BILLING_EXPORT_COLUMNS } from './gcp-billing-export-columns';
export { gcpServiceCategory } from './gcp-service-categories';

/**
 * Google Cloud's native exports. A newline-delimited JSON export is read with NdjsonRecordReader over
 * GCP_BILLING_EXPORT_COLUMNS and told by `detect(flatColumnsOf(firstLine))`; its records then convert as the CSV's do.
 */
export const GCP_FORMATS: NativeFormat[] = [gcpBillingExportFormat];
