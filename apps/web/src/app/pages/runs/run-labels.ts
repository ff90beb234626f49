import type { Effort, OptimizerAgent, RecommendationKind, RecommendationScope, RecommendationStatus, RunStatus, RunView } from '@apex/contracts';

/** What each agent of a run does, as the progress list names it; see agentLabel for one not listed. */
export const AGENT_LABELS: Partial<Record<OptimizerAgent, string>> & Record<string, string> = {
  data: 'Profile your spend',
  model_substitution: 'Model substitution',
  prompt_caching: 'Prompt caching',
  batch: 'Batch processing',
  service_tier: 'Service tier',
  deprecated_model: 'Deprecated models',
  cloud: 'Cloud spend',
  reporting: 'Write the report',
};

/** An agent's name in words; one added since these labels were written is named from its id. */
export function agentLabel(agent: OptimizerAgent): string {
  const label = AGENT_LABELS[agent];
  if (label) return label;
  const words = String(agent).replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export const KIND_LABELS: Record<RecommendationKind, string> = {
  model_substitution: 'Model substitution',
  prompt_caching: 'Prompt caching',
  batch: 'Batch processing',
  service_tier: 'Service tier',
  long_context: 'Long context',
  deprecated_model: 'Deprecated model',
  commitment_coverage: 'Commitment coverage',
  unused_commitment: 'Unused commitment',
  idle_resource: 'Idle resource',
};

export const RUN_STATUS_LABELS: Record<RunStatus, string> = {
  admitted: 'Queued',
  running: 'Running',
  succeeded: 'Finished',
  failed: 'Failed',
  cancelled: 'Cancelled',
  failed_to_start: 'Failed to start',
};

export const RECOMMENDATION_STATUS_LABELS: Record<RecommendationStatus, string> = {
  open: 'Open',
  accepted: 'Accepted',
  dismissed: 'Dismissed',
  implemented: 'Implemented',
};

/** Low, medium, high: the same words for effort and risk. */
export const LEVEL_LABELS: Record<Effort, string> = { low: 'Low', medium: 'Medium', high: 'High' };

/** A run that is still queued or working. */
export const isWorking = (run: Pick<RunView, 'status'>): boolean => run.status === 'admitted' || run.status === 'running';

/** The last eight characters of a run id, as the tables show it. */
export const shortId = (id: string): string => id.slice(-8);

/** What a finding concerns, in words: "OpenAI · OpenAI API · gpt-4o". */
export function scopeLabel(scope: RecommendationScope): string {
  const parts = [scope.provider, scope.service, scope.model, scope.resource].filter((part): part is string => !!part);
  return parts.length > 0 ? parts.join(' · ') : 'All AI spend';
}
