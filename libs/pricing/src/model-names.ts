/*
 * Explicit rules that turn a model name as cost rows spell it into a price-book entry's name. Nothing here guesses:
 * each rule either yields a candidate name or not, and the caller looks the candidates up in order.
 */

const DATED_SUFFIX = /-(\d{4}-\d{2}-\d{2}|\d{8})$/;
const BEDROCK_ARN = /^arn:aws[a-z-]*:bedrock:[^:]*:[^:]*:(?:foundation-model|inference-profile|application-inference-profile)\/(.+)$/;
const BEDROCK_REGION_PROFILE = /^(?:us|eu|apac|ap|global|us-gov|ca|jp|au)\.(.+)$/;
const PROVIDER_PREFIX = /^(openai|azure|azure_ai|bedrock|anthropic|vertex_ai|gemini|mistral|groq|deepseek|xai|cohere)\/(.+)$/;

/** "gpt-4o-2024-08-06" → "gpt-4o", "claude-3-5-sonnet-20241022" → "claude-3-5-sonnet": the name without its date. */
export function snapshotBase(model: string): string {
  return model.replace(DATED_SUFFIX, '');
}

/** The provider family a FOCUS ProviderName points to, in the order to try. */
export function providersFor(providerName: string | null): string[] {
  const name = (providerName ?? '').toLowerCase();
  if (/microsoft|azure/.test(name)) return ['azure', 'openai'];
  if (/amazon|aws|bedrock/.test(name)) return ['bedrock'];
  if (/google|gcp|vertex/.test(name)) return ['vertex_ai', 'gemini'];
  if (/anthropic/.test(name)) return ['anthropic'];
  if (/openai/.test(name)) return ['openai'];
  if (/mistral/.test(name)) return ['mistral'];
  return [];
}

/** A candidate name with the rule that produced it. */
export interface NameCandidate {
  provider: string | null;
  model: string;
  rule: string;
}

/** The names to look up for `raw`, most specific first. */
export function nameCandidates(raw: string, providerName: string | null): NameCandidate[] {
  const name = raw.trim();
  const out: NameCandidate[] = [];
  const push = (provider: string | null, model: string, rule: string) => {
    if (!out.some((c) => c.provider === provider && c.model === model)) out.push({ provider, model, rule });
  };
  const providers = providersFor(providerName);
  const withProviders = (model: string, rule: string) => {
    for (const provider of providers) push(provider, model, rule);
    push(null, model, rule);
  };

  const arn = BEDROCK_ARN.exec(name);
  if (arn) {
    push('bedrock', arn[1], 'bedrock-arn');
    const profile = BEDROCK_REGION_PROFILE.exec(arn[1]);
    if (profile) push('bedrock', profile[1], 'bedrock-arn-inference-profile');
    return out;
  }
  const prefixed = PROVIDER_PREFIX.exec(name);
  if (prefixed) {
    push(prefixed[1], prefixed[2], 'provider-prefix');
    if (prefixed[1] === 'azure') push('openai', prefixed[2], 'provider-prefix');
  }
  withProviders(name, 'exact');
  const profile = BEDROCK_REGION_PROFILE.exec(name);
  if (profile && providers.includes('bedrock')) push('bedrock', profile[1], 'bedrock-inference-profile');
  const base = snapshotBase(prefixed ? prefixed[2] : name);
  if (base !== (prefixed ? prefixed[2] : name)) withProviders(base, 'dated-snapshot');
  return out;
}
