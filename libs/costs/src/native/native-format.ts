/**
 * A provider's own cost export (not FOCUS), read record by record and handed on as FOCUS records: the loader
 * checks and stores those exactly as it would a FOCUS file's, so strictness, totals and provenance stay one path.
 */

/** Something wrong with one record (or, with `line` null, the file); `column` as the source file spells it. */
export interface NativeProblem {
  line: number | null;
  column: string | null;
  message: string;
}

export type NativeProblemReporter = (problem: NativeProblem) => void;

/** How to turn the records of one file into FOCUS records, planned from the file's header. */
export interface NativeConversion {
  /** The FOCUS header the converted records follow (FOCUS 1.0 column names, plus x_ columns). */
  focusHeader: string[];
  /** The FOCUS version of the converted records. */
  focusVersion: '1.0';
  /**
   * One source record (in the header's order) as one FOCUS record in `focusHeader` order, or null for a record
   * that carries no charge (reported through `report` when it is a problem, silently skipped when the format says
   * so, e.g. an AWS CUR's tax-free informational line). Values are handed on as text: amounts are never parsed
   * into floating point here, so that the stored total is the source column's to the last digit.
   */
  convert(fields: string[], line: number, report: NativeProblemReporter): string[] | null;
  /** Checks that need the whole file (e.g. one billing period per CUR); called once after the last record. */
  finish?(report: NativeProblemReporter): void;
}

/** A native export format Apex reads. */
export interface NativeFormat {
  /** Stable id, e.g. `aws-cur-legacy`. */
  id: string;
  /** As a person names it, e.g. "AWS Cost and Usage Report (legacy CSV)". */
  name: string;
  /** Whether a header (column names as the file spells them, BOM removed) is this format's. */
  detect(header: string[]): boolean;
  /** The conversion for a header `detect` accepted. */
  plan(header: string[]): NativeConversion;
}
