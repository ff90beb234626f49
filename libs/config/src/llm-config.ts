import type { ConfigIssue } from './config-error';
import type { AppEnv } from './schema';
import { SecretValue } from './secret-value';

/** An OpenAI-compatible chat-completions API that writes run narratives; null when not configured. */
export interface LlmConfig {
  /** Base URL without a trailing slash, like http://127.0.0.1:8080/v1. */
  apiUrl: string;
  apiKey: SecretValue;
  model: string;
  timeoutMs: number;
}

const REQUIRED = ['LLM_API_URL', 'LLM_API_KEY', 'LLM_MODEL'] as const;

/** The language model is optional, but half a configuration is a mistake: every variable missing is an issue. */
export function llmIssues(env: AppEnv): ConfigIssue[] {
  const missing = REQUIRED.filter((variable) => env[variable] === undefined);
  if (missing.length === 0 || missing.length === REQUIRED.length) return [];
  return missing.map((variable) => ({
    variable,
    expected: `to be set with ${REQUIRED.filter((v) => !missing.includes(v)).join(' and ')} (the language model needs ${REQUIRED.join(', ')}, or none of them)`,
    received: 'not set',
  }));
}

export function llmConfigOf(env: AppEnv): LlmConfig | null {
  if (!env.LLM_API_URL || !env.LLM_API_KEY || !env.LLM_MODEL) return null;
  return {
    apiUrl: env.LLM_API_URL.replace(/\/+$/, ''),
    apiKey: new SecretValue(env.LLM_API_KEY),
    model: env.LLM_MODEL,
    timeoutMs: env.LLM_TIMEOUT_MS,
  };
}
