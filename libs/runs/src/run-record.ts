import type { RunStatus, RunView } from '@apex/contracts';
import { runWorkflowId } from '@apex/contracts';

/** A row of `runs` as the queries of this library select it. */
export interface RunRow {
  id: string;
  org_id: string;
  user_id: string;
  status: RunStatus;
  idempotency_key: string | null;
  admitted_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  /** bigint arrives as a string. */
  tokens_used: string;
  /** numeric arrives as a string. */
  cost_saved: string;
  failure: string | null;
}

export const ENDED_STATUSES: readonly RunStatus[] = ['succeeded', 'failed', 'cancelled', 'failed_to_start'];

export const hasEnded = (status: RunStatus) => ENDED_STATUSES.includes(status);

/** "12.500000" → "12.5", "0.000000" → "0": the amount as stored, without padding. */
export function plainDecimal(value: string): string {
  if (!value.includes('.')) return value;
  return value.replace(/0+$/, '').replace(/\.$/, '');
}

export function toRunView(row: RunRow): RunView {
  return {
    id: row.id,
    status: row.status,
    workflowId: runWorkflowId(row.id),
    admittedAt: row.admitted_at.toISOString(),
    startedAt: row.started_at?.toISOString() ?? null,
    finishedAt: row.finished_at?.toISOString() ?? null,
    tokensUsed: Number(row.tokens_used),
    costSaved: plainDecimal(row.cost_saved),
    failure: row.failure,
  };
}
