import type { OptimizerAgent, RecommendationView } from '@apex/contracts';

/**
 * What one agent found, before the reporting agent ranks it and files it as a recommendation: the recommendation's
 * own fields, and who found it on what spend. Every amount is a decimal string in `currency`, per month, computed from
 * the rows in `evidence` and price-book `priceBookVersion`.
 */
export interface Finding
  extends Pick<
    RecommendationView,
    'kind' | 'title' | 'steps' | 'docUrl' | 'scope' | 'evidence' | 'priceBookVersion' | 'currency' | 'monthlySavings' | 'scenarios' | 'assumptions' | 'effort' | 'risk' | 'caveat'
  > {
  agent: OptimizerAgent;
  /** Stable across runs for the same opportunity (kind and scope), so that a later run updates, not duplicates. */
  fingerprint: string;
  /** The monthly spend the saving is taken from: what earlier findings in the sequence left of the scope's spend. */
  baseMonthlySpend: string;
}
