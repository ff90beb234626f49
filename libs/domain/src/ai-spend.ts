/** The parts of a cost row that say whether it is AI spend. */
export interface AiSpendSignals {
  providerName: string | null;
  serviceName: string | null;
  serviceCategory: string | null;
  model: string | null;
}

const AI_PROVIDERS = [/^openai\b/i, /^anthropic\b/i, /^mistral\b/i, /^cohere\b/i];

const AI_SERVICES = [
  /\bbedrock\b/i,
  /\bsagemaker\b/i,
  /\bazure openai\b/i,
  /\bopenai\b/i,
  /\bcognitive services\b/i,
  /\bazure ai\b/i,
  /\bvertex ai\b/i,
  /\bgemini\b/i,
  /\bgenerative language\b/i,
  /\bcloud ai platform\b/i,
  /\bcomprehend\b/i,
  /\btextract\b/i,
  /\brekognition\b/i,
];

/**
 * Whether a cost row counts as AI spend: it names a model, comes from a model vendor, sits in FOCUS's
 * "AI and Machine Learning" category or is billed by a known AI service of a cloud provider.
 */
export function isAiSpend(row: AiSpendSignals): boolean {
  if (row.model) return true;
  if (row.serviceCategory && /^ai and machine learning$/i.test(row.serviceCategory.trim())) return true;
  if (row.providerName && AI_PROVIDERS.some((pattern) => pattern.test(row.providerName!.trim()))) return true;
  return !!row.serviceName && AI_SERVICES.some((pattern) => pattern.test(row.serviceName!));
}
