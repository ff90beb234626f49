import type { FieldError, ProblemDetails } from './problem';

/**
 * Uploads of FinOps FOCUS cost files (/api/v1/cost-files), and of providers' own cost exports (AWS Cost and Usage
 * Reports, Azure cost details, Google Cloud billing exports as CSV or newline-delimited JSON, Oracle Cloud cost
 * reports), converted to FOCUS on upload; the format is told from the file's header (or first JSON record).
 *
 * POST /api/v1/cost-files?fileName=<name>[&focusVersion=1.2]
 *   body: the CSV itself, raw (not multipart): `Content-Type: text/csv`, or gzip of it as
 *   `Content-Type: application/gzip` or with `Content-Encoding: gzip`.
 *   201 CostFileUploaded · 422 CostFileProblem (nothing was written) · 413 over the size limit.
 *   The file is loaded whole or not at all; it replaces the rows of earlier uploads whose charge period
 *   starts within the period it covers.
 * GET /api/v1/cost-files → CostFileView[] (newest first); GET /api/v1/cost-files/:id → CostFileDetail.
 */

export const FOCUS_VERSIONS = ['1.0', '1.1', '1.2'] as const;
export type FocusVersion = (typeof FOCUS_VERSIONS)[number];

/** Content types the upload accepts; `Content-Encoding: gzip` works with any of them. */
export const COST_FILE_CONTENT_TYPES = ['text/csv', 'application/gzip', 'application/x-gzip'] as const;

/** Query parameters of the upload. */
export interface CostFileUploadQuery {
  /** Shown in the file list and in every error; 1 to 255 characters. */
  fileName: string;
  /** Which FOCUS version the file claims; detected from its columns when left out. */
  focusVersion?: FocusVersion;
}

/** Sums of one billing currency, as decimal strings in the file's own precision. */
export interface CostFileCurrencyTotals {
  currency: string;
  rowCount: number;
  billedCost: string;
  effectiveCost: string;
}

/**
 * The provider export a file was (`id` stable, e.g. `aws-cur-legacy`; `name` as a person reads it), converted to
 * FOCUS on upload; null for a FOCUS file, whose version is `focusVersion`.
 */
export interface CostFileSourceFormat {
  id: string;
  name: string;
}

export interface CostFileUploaded {
  sourceId: string;
  fileName: string;
  /** The FOCUS version of the file, or for a provider's export the version it was converted to. */
  focusVersion: FocusVersion;
  /** The provider export the file was read as; null for a FOCUS file. */
  sourceFormat: CostFileSourceFormat | null;
  rowCount: number;
  /**
   * The charge period the file covers, [periodStart, periodEnd), ISO 8601 UTC: from its first ChargePeriodStart to
   * its last ChargePeriodEnd (each row's end clipped to its billing period, so a year-long purchase billed in
   * January does not claim the whole year).
   */
  periodStart: string;
  periodEnd: string;
  totals: CostFileCurrencyTotals[];
  /** Rows of earlier uploads of this period that the file replaced. */
  replaced: number;
  /**
   * What the file held that FOCUS does not allow but that moves no amount, by kind; empty when nothing. The rows
   * were loaded all the same (see CostFileWarningKind for what was stored instead). Never about a cost, a charge
   * period, the currency or the columns that classify spend: those refuse the file.
   */
  warnings: CostFileWarning[];
}

/**
 * Stable codes of what a file may hold that loads with a warning:
 * - `unknown_column`: a column that is neither FOCUS's nor named with FOCUS's `x_` prefix; kept, like `x_` columns,
 *   among the row's extra columns.
 * - `null_in_required_column`: a null (empty, `null`, `NULL`) where FOCUS allows none, in a column no figure reads
 *   (ContractedCost, BillingAccountId, PublisherName, …); stored as null.
 * - `value_not_allowed`: a value outside FOCUS's allowed ones in a column where it moves no amount (PricingCategory,
 *   CommitmentDiscountCategory, CommitmentDiscountStatus, CapacityReservationStatus); stored as null, or as the
 *   FOCUS value it plainly names (an earlier version's spelling).
 * - `spreadsheet_number`: an amount written the way a spreadsheet shows it (`$10,000.00 `: a currency symbol,
 *   thousands separators with a decimal point); stored as the number it writes exactly (10000.00).
 */
export const COST_FILE_WARNING_KINDS = ['unknown_column', 'null_in_required_column', 'value_not_allowed', 'spreadsheet_number', 'spreadsheet_date'] as const;
export type CostFileWarningKind = (typeof COST_FILE_WARNING_KINDS)[number];

/** One kind of warning of a file: how often it occurred, and where first. */
export interface CostFileWarning {
  kind: CostFileWarningKind;
  count: number;
  /** The first few occurrences (file, line, column, message), in the order met. */
  examples: CostFileError[];
}

/**
 * - `loaded`: its rows are in the cost data.
 * - `replaced`: a later upload of the same period replaced all of its rows.
 * (A file that fails validation is not recorded: the 422 answer is its report.)
 */
export const COST_FILE_STATUSES = ['loading', 'loaded', 'failed', 'replaced'] as const;
export type CostFileStatus = (typeof COST_FILE_STATUSES)[number];

export interface CostFileView {
  id: string;
  fileName: string;
  focusVersion: FocusVersion;
  status: CostFileStatus;
  /** Rows of the file still in the cost data (0 once replaced). */
  rowCount: number;
  periodStart: string;
  periodEnd: string;
  /** Hex SHA-256 of the bytes as uploaded (compressed, if it was sent compressed). */
  sha256: string | null;
  uploadedAt: string;
  uploadedBy: string | null;
  loadedAt: string | null;
  /** The warnings of the upload, as it answered them; empty when it had none. */
  warnings: CostFileWarning[];
}

export interface CostFileDetail extends CostFileView {
  /** The provider export the file was read as; null for a FOCUS file. */
  sourceFormat: CostFileSourceFormat | null;
  /** Totals of the rows still in the cost data. */
  totals: CostFileCurrencyTotals[];
}

/**
 * One reason a file was refused. `line` is the physical line in the (decompressed) file, 1 being the header (for
 * a gzip stream that breaks, the line reading had reached); `column` is the FOCUS column as the header names it;
 * either is null when the problem is not about one.
 * `field` repeats the column (or `file`), for clients that show any problem's `errors` generically.
 */
export interface CostFileError extends FieldError {
  file: string;
  line: number | null;
  column: string | null;
  message: string;
}

/** The 422 answer to a refused file (type `cost-file-invalid`). */
export interface CostFileProblem extends ProblemDetails {
  errors: CostFileError[];
  /** Errors found beyond the ones listed. */
  moreErrors: number;
}
