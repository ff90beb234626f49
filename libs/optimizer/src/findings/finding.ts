import type {
  Effort,
  MonthlySavings,
  OptimizerAgent,
  RecommendationEvidence,
  RecommendationKind,
  RecommendationScope,
  Risk,
  SavingsScenario,
} from '@apex/contracts';

/**
 * What one agent found, before the reporting agent ranks it and files it as a recommendation. Every amount is a
 * decimal string in `currency`, per month, computed from the rows in `evidence` and price-book `priceBookVersion`.
 */
export interface Finding {
  agent: OptimizerAgent;
  kind: RecommendationKind;
  /** Stable across runs for the same opportunity (kind and scope), so that a later run updates, not duplicates. */
  fingerprint: string;
  title: string;
  steps: string[];
  docUrl: string;
  scope: RecommendationScope;
  evidence: RecommendationEvidence;
  priceBookVersion: number;
  currency: string;
  /** The monthly spend the saving is taken from: what earlier findings in the sequence left of the scope's spend. */
  baseMonthlySpend: string;
  monthlySavings: MonthlySavings;
  scenarios: SavingsScenario[];
  assumptions: string[];
  effort: Effort;
  risk: Risk;
  caveat: string | null;
}
