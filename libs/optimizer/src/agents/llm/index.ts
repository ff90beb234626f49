import type { OptimizationAgentName } from '@apex/contracts';
import type { Finding } from '../../findings/finding';
import { batch } from './batch.agent';
import { deprecatedModel } from './deprecated-model.agent';
import type { LlmAgentInput } from './llm-agent';
import { modelSubstitution } from './model-substitution.agent';
import { promptCaching } from './prompt-caching.agent';
import { serviceTier } from './service-tier.agent';

export * from './llm-agent';
export { batch, deprecatedModel, modelSubstitution, promptCaching, serviceTier };

/** The agents that price a model's traffic; the cloud agent is the other optimization agent. */
export type LlmAgentName = Exclude<OptimizationAgentName, 'cloud'>;

/** The agents that price a model's traffic, each looking at one model scope at a time. */
export const LLM_AGENTS: Record<LlmAgentName, (input: LlmAgentInput) => Finding[]> = {
  model_substitution: modelSubstitution,
  prompt_caching: promptCaching,
  batch,
  service_tier: serviceTier,
  deprecated_model: deprecatedModel,
};
