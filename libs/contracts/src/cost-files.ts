import type { FieldError, ProblemDetails } from './problem';

/**
 * Uploads of FinOps FOCUS cost files (/api/v1/cost-files).
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

export interface CostFileUploaded {
  sourceId: string;
  fileName: string;
  focusVersion: FocusVersion;
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
   * Present only when the file had values that FOCUS does not allow in a column where a wrong value moves no amount
   * (PricingCategory, CommitmentDiscountCategory, CommitmentDiscountStatus, CapacityReservationStatus): the rows
   * were loaded, each such value stored as null, or as the FOCUS value it plainly names (an earlier version's
   * spelling), and listed here like an error.
   */
  warnings?: CostFileError[];
  /** Warnings found beyond the ones listed; present with `warnings`. */
  moreWarnings?: number;
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
}

export interface CostFileDetail extends CostFileView {
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
