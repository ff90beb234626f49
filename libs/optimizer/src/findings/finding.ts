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

/**
 * What distinguishes a model finding of its kind, read back from its fingerprint (`kind:currency:provider:model:key`,
 * as `modelFinding` writes it): the model a substitution moves traffic to, say. Null when the fingerprint has no key.
 */
export function findingKeyOf(fingerprint: string, of: { kind: string; currency: string; provider: string | null; model: string | null }): string | null {
  if (of.provider === null || of.model === null) return null;
  const prefix = `${[of.kind, of.currency, of.provider, of.model].join(':')}:`;
  return fingerprint.startsWith(prefix) && fingerprint.length > prefix.length ? fingerprint.slice(prefix.length) : null;
}
