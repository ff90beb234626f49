import { FOCUS_VERSIONS } from '@apex/contracts';
import { AWS_CUR_FORMATS } from './aws-cur';
import { AZURE_FORMATS } from './azure';
import { GCP_BILLING_EXPORT_COLUMNS, GCP_FORMATS, gcpBillingExportFormat } from './gcp';
import type { NativeFormat } from './native-format';
import { OCI_FORMATS } from './oci';

/**
 * Every provider export Apex converts to FOCUS, in the order a header is tried against them (the first whose
 * `detect` takes it reads the file). Each format's test shows it takes no other provider's header, nor FOCUS's.
 */
export const NATIVE_FORMATS: readonly NativeFormat[] = [...AWS_CUR_FORMATS, ...AZURE_FORMATS, ...GCP_FORMATS, ...OCI_FORMATS];

/** A format that also comes as newline-delimited JSON, read over a fixed list of flattened columns. */
export interface NdjsonNativeFormat {
  format: NativeFormat;
  columns: readonly string[];
}

export const NDJSON_NATIVE_FORMATS: readonly NdjsonNativeFormat[] = [{ format: gcpBillingExportFormat, columns: GCP_BILLING_EXPORT_COLUMNS }];

/** The format of a CSV header (BOM removed), or null when it is none Apex converts. */
export function detectNativeFormat(header: string[]): NativeFormat | null {
  return NATIVE_FORMATS.find((format) => format.detect(header)) ?? null;
}

/** The format of newline-delimited JSON, told by the flattened columns of its first record. */
export function detectNdjsonNativeFormat(firstRecordColumns: string[]): NdjsonNativeFormat | null {
  return NDJSON_NATIVE_FORMATS.find(({ format }) => format.detect(firstRecordColumns)) ?? null;
}

/** A format by its stable id, for what was stored under it; null for an id no format has (any more). */
export function nativeFormatById(id: string): NativeFormat | null {
  return NATIVE_FORMATS.find((format) => format.id === id) ?? null;
}

/** What Apex reads, as a sentence for a person whose file it could not place. */
export function describeKnownFormats(): string {
  return `Apex reads FOCUS ${FOCUS_VERSIONS.join(', ')} files and these providers' own cost exports: ${NATIVE_FORMATS.map((format) => format.name).join('; ')}.`;
}
