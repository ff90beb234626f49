/**
 * The usage books are checked hourly by `usage-reconciliation` (started by
 * the `usage-reconciliation-schedule` Temporal Schedule).
 */
export type DriftKind = 'missing_entries' | 'unbalanced_event' | 'balance_mismatch';

export interface DriftFinding {
  kind: DriftKind;
  eventId: string | null;
  details: Record<string, string | number | null>;
}

export interface ReconciliationReport {
  checkId: string;
  findings: DriftFinding[];
}

export interface UsageReconciliationActivities {
  findEventsWithoutEntries(): Promise<DriftFinding[]>;
  findUnbalancedEvents(): Promise<DriftFinding[]>;
  findBalanceMismatches(): Promise<DriftFinding[]>;
  /** Writes the findings of one check once, however often it is retried. */
  recordDrift(checkId: string, findings: DriftFinding[]): Promise<number>;
}

export const usageReconciliationWorkflowName = 'usageReconciliationWorkflow';
export const usageReconciliationScheduleId = 'usage-reconciliation-schedule';
/** The id of the workflow each scheduled action starts (Temporal appends the scheduled time). */
export const usageReconciliationWorkflowId = 'usage-reconciliation';
