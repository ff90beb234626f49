import type { ProofBaseline, ProofReport, ProofState, ProofStatus, ProofVerdict, ProofView } from '@apex/contracts';
import { Decimal } from '@apex/domain';

/** A `proofs` row as the stores select it: dates as YYYY-MM-DD text, amounts as text. */
export interface ProofRow {
  id: string;
  org_id: string;
  recommendation_id: string;
  status: ProofStatus;
  implemented_on: string;
  implemented_by: string | null;
  reporting_days: number;
  reporting_ends_on: string;
  currency: string;
  baseline: ProofBaseline | null;
  interim: ProofState['interim'];
  verdict: ProofVerdict | null;
  savings: string | null;
  report: ProofReport | null;
  sha256: string | null;
  signature: string | null;
  key_id: string | null;
  failure: string | null;
  created_at: Date;
  finished_at: Date | null;
}

export const PROOF_COLUMNS = `p.id, p.org_id, p.recommendation_id, p.status, p.implemented_on::text AS implemented_on, p.implemented_by, p.reporting_days,
  p.reporting_ends_on::text AS reporting_ends_on, p.currency, p.baseline, p.interim, p.verdict, p.savings::text AS savings, p.report, p.sha256,
  p.signature, p.key_id, p.failure, p.created_at, p.finished_at`;

export function toProofView(row: ProofRow): ProofView {
  return {
    id: row.id,
    recommendationId: row.recommendation_id,
    status: row.status,
    implementedOn: row.implemented_on,
    reportingDays: row.reporting_days,
    reportingEndsOn: row.reporting_ends_on,
    verdict: row.verdict,
    currency: row.currency.trim(),
    savings: row.savings === null ? null : Decimal.of(row.savings).toString(),
    interim: row.interim,
    signed: row.report && row.sha256 && row.signature && row.key_id ? { report: row.report, sha256: row.sha256, signature: row.signature, keyId: row.key_id } : null,
    createdAt: row.created_at.toISOString(),
    finishedAt: row.finished_at?.toISOString() ?? null,
  };
}
