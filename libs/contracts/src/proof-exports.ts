import type { CostRowsFilter } from './value-metrics';

/** GET /proofs/:id/evidence-filters: the cost rows a proof used, as drill-down filters, one per model spelling. */
export interface ProofEvidenceFilters {
  /** The baseline's rows; empty before the baseline is captured or when the proof has no boundary. */
  baseline: CostRowsFilter[];
  /** The reporting period's rows measured so far. */
  reporting: CostRowsFilter[];
}

/** Exports of a proof (premium: from Early), under /proofs/:id/. */
export const PROOF_EXPORT_FEATURE = 'basic_analytics' as const;
