/*
 * What Apex sees in an organisation's cost rows that looks like a recommendation being implemented. A detection is a
 * suggestion for the user to confirm (POST /recommendations/:id/implemented with its first day); nothing is marked
 * implemented without that confirmation.
 */

/** Which change the rows show: traffic moved to where the change sends it, the cached share jumped, batch rows appeared. */
export const DETECTED_CHANGE_KINDS = ['traffic_moved', 'cached_share_jumped', 'batch_rows_appeared'] as const;
export type DetectedChangeKind = (typeof DETECTED_CHANGE_KINDS)[number];

/** A share over a run of days: numerator ÷ denominator, as a percent with two decimals. */
export interface ShareOverDays {
  /** First and last day compared (YYYY-MM-DD, both included). */
  from: string;
  to: string;
  /** Days in that span with rows. */
  days: number;
  numerator: string;
  denominator: string;
  sharePercent: string;
}

export interface DetectedChange {
  kind: DetectedChangeKind;
  /** The first day the change shows in the rows: the date the user confirms as `implementedOn`. */
  firstDay: string;
  /** What the share measures, in words ("gpt-4o-mini's share of the tokens of gpt-4o and gpt-4o-mini"). */
  measure: string;
  before: ShareOverDays;
  after: ShareOverDays;
  /** The rise in percentage points the detector needs (see the threshold in libs/proofs/src/detection). */
  thresholdPoints: string;
}

export type ImplementationDetectionStatus =
  /** The rows show the change from `change.firstDay`. */
  | 'detected'
  /** The rows since the recommendation was filed show no such change. */
  | 'not_detected'
  /** This kind of recommendation leaves no mark Apex reads in cost rows (or concerns no model). */
  | 'not_detectable'
  /** The recommendation is dismissed or already implemented: there is nothing to detect. */
  | 'not_pending';

/** GET /recommendations/:id/implementation */
export interface ImplementationDetection {
  recommendationId: string;
  status: ImplementationDetectionStatus;
  change: DetectedChange | null;
  /** Plain words for the user. */
  explanation: string;
}
