import type { PriceRule } from '@apex/contracts';

/** Pricing rules that neither source file carries, each with the page that states it. */
export const PRICE_RULES: PriceRule[] = [
  { id: 'openai-batch-50', provider: 'openai', kind: 'batch_discount', value: '0.5', appliesTo: '*', sourceUrl: 'https://platform.openai.com/docs/guides/batch', note: 'The Batch API costs 50 % less than synchronous calls. Used only where an entry has no batch prices of its own.' },
  { id: 'anthropic-batch-50', provider: 'anthropic', kind: 'batch_discount', value: '0.5', appliesTo: '*', sourceUrl: 'https://docs.anthropic.com/en/docs/build-with-claude/batch-processing', note: 'Message Batches cost 50 % less. Used only where an entry has no batch prices of its own.' },
  { id: 'openai-cache-prefix', provider: 'openai', kind: 'minimum_cacheable_prefix', value: '1024', appliesTo: '*', sourceUrl: 'https://platform.openai.com/docs/guides/prompt-caching', note: 'Prompts of 1,024 tokens or more are cached automatically.' },
  { id: 'azure-cache-prefix', provider: 'azure', kind: 'minimum_cacheable_prefix', value: '1024', appliesTo: '*', sourceUrl: 'https://learn.microsoft.com/azure/ai-services/openai/how-to/prompt-caching', note: 'Prompts of 1,024 tokens or more are cached.' },
  { id: 'anthropic-cache-prefix', provider: 'anthropic', kind: 'minimum_cacheable_prefix', value: '1024', appliesTo: '*', sourceUrl: 'https://docs.anthropic.com/en/docs/build-with-claude/prompt-caching', note: 'Most models cache prefixes of 1,024 tokens or more.' },
  { id: 'anthropic-haiku-cache-prefix', provider: 'anthropic', kind: 'minimum_cacheable_prefix', value: '2048', appliesTo: 'claude-3-haiku', sourceUrl: 'https://docs.anthropic.com/en/docs/build-with-claude/prompt-caching', note: 'Haiku models cache prefixes of 2,048 tokens or more.' },
  { id: 'anthropic-cache-write-5m', provider: 'anthropic', kind: 'cache_write_multiplier', value: '1.25', appliesTo: '5m', sourceUrl: 'https://docs.anthropic.com/en/docs/build-with-claude/prompt-caching', note: 'A 5-minute cache write costs 1.25 × the input price.' },
  { id: 'anthropic-cache-write-1h', provider: 'anthropic', kind: 'cache_write_multiplier', value: '2', appliesTo: '1h', sourceUrl: 'https://docs.anthropic.com/en/docs/build-with-claude/prompt-caching', note: 'A 1-hour cache write costs 2 × the input price.' },
];
