import type { ModelPrice, ProofBoundary, RecommendationKind, RecommendationScope } from '@apex/contracts';
import { findingKeyOf } from '@apex/optimizer';
import { snapshotBase } from '@apex/pricing';

/*
 * The measurement boundary (IPMVP Option B): the cost rows whose before and after are compared. It is the
 * recommendation's scope (its provider and model, and its service and resource when it names them), widened to where
 * the change sends the scope's traffic, and its volumes are counted as the scope would have used them without the
 * change, so that the change shows as a saving and nothing else does:
 *   model_substitution  + the substitute model: the traffic moved is still the scope's traffic;
 *   deprecated_model    + the other snapshots of the model: the successor is one of them;
 *   prompt_caching      cached input tokens count as uncached input: without the change they would not be cached.
 * Batch and service-tier changes need no widening: every row of the model is priced at the baseline's standard
 * rates, so rows billed at a cheaper tier show as the saving.
 */

/** What a proof measures: the recommendation, as its store keeps it. */
export interface ProofSubject {
  kind: RecommendationKind;
  scope: RecommendationScope;
  currency: string;
  fingerprint: string;
}

/** The boundary of a subject, or why it has none that a proof can measure. */
export function boundaryOf(subject: ProofSubject, entries: readonly ModelPrice[]): ProofBoundary | { shortfall: string } {
  const { provider, model, service, resource } = subject.scope;
  if (provider === null || model === null) {
    return { shortfall: 'This recommendation concerns no model, and a proof measures the AI traffic of one model against its baseline.' };
  }
  const models = [model];
  if (subject.kind === 'model_substitution') {
    const substitute = findingKeyOf(subject.fingerprint, { kind: subject.kind, currency: subject.currency, provider, model });
    if (substitute) models.push(substitute);
  }
  if (subject.kind === 'deprecated_model') {
    const base = snapshotBase(model);
    for (const entry of entries) {
      if (entry.provider === provider && !models.includes(entry.model) && snapshotBase(entry.model) === base) models.push(entry.model);
    }
  }
  return { currency: subject.currency, provider, model, models, service, resource, cachedAsUncached: subject.kind === 'prompt_caching' };
}
