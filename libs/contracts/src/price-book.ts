/*
 * The price book: versioned model prices that every figure Apex computes is priced from. Prices are decimal
 * strings in US dollars per million tokens ("…Mtok"), or per request, exactly as the source published them
 * (a per-token source price × 1,000,000, in decimal arithmetic).
 */

export const MODEL_MODES = ['chat', 'completion', 'embedding', 'image_generation', 'audio_transcription', 'audio_speech', 'moderation', 'rerank', 'search', 'other'] as const;
export type ModelMode = (typeof MODEL_MODES)[number];

/** Capability flags a substitute must have at least as well as the model it replaces. */
export const MODEL_CAPABILITIES = ['function_calling', 'vision', 'prompt_caching', 'response_schema', 'reasoning', 'audio_input', 'audio_output', 'pdf_input', 'web_search', 'batch'] as const;
export type ModelCapability = (typeof MODEL_CAPABILITIES)[number];

/** Where a price at a token count above `thresholdTokens` (per request) applies instead of the base price. */
export interface LongContextPrices {
  thresholdTokens: number;
  inputMtok: string | null;
  outputMtok: string | null;
  cachedInputMtok: string | null;
}

/** Per-unit prices of one model; null where the source does not price that unit. */
export interface UnitPrices {
  inputMtok: string | null;
  outputMtok: string | null;
  cachedInputMtok: string | null;
  cacheWrite5mMtok: string | null;
  cacheWrite1hMtok: string | null;
  batchInputMtok: string | null;
  batchOutputMtok: string | null;
  priorityInputMtok: string | null;
  priorityOutputMtok: string | null;
  priorityCachedInputMtok: string | null;
  flexInputMtok: string | null;
  flexOutputMtok: string | null;
  flexCachedInputMtok: string | null;
  longContext: LongContextPrices | null;
  perRequest: string | null;
}

/** One model's prices over one stretch of time in one price-book version. */
export interface ModelPrice {
  /** Canonical provider id: openai, anthropic, azure, bedrock, vertex_ai, gemini, mistral, … */
  provider: string;
  /** Canonical model id within the provider, e.g. gpt-4o-2024-08-06. */
  model: string;
  /** Other names that resolve to this entry exactly (dated snapshots, genai-prices match rules). */
  aliases: string[];
  mode: ModelMode;
  contextWindow: number | null;
  capabilities: ModelCapability[];
  /** YYYY-MM-DD, or null. */
  deprecationDate: string | null;
  /** First charge day (YYYY-MM-DD) the prices apply to; null: since always. */
  effectiveFrom: string | null;
  /** First charge day they no longer apply to; null: still in force. */
  effectiveTo: string | null;
  prices: UnitPrices;
  /** Which source file the prices came from: 'litellm', 'genai-prices', or 'rule:<id>'. */
  source: string;
}

export const PRICE_BOOK_VERSION_STATUSES = ['draft', 'active', 'retired'] as const;
export type PriceBookVersionStatus = (typeof PRICE_BOOK_VERSION_STATUSES)[number];

export interface PriceBookSourceFile {
  name: string;
  /** SHA-256 of the file as imported, hex. */
  sha256: string;
  source: string;
  licence: string;
}

/** Where the two source files disagreed, which one won and why. */
export interface PriceBookConflict {
  provider: string;
  model: string;
  field: keyof UnitPrices | 'contextWindow';
  values: Record<string, string | number | null>;
  winner: string;
  reason: string;
}

/** An entry left out of a version because it cannot be right. */
export interface QuarantinedPrice {
  source: string;
  /** The entry's key in its source file. */
  entry: string;
  field: string;
  reason: string;
}

/** A pricing rule that neither source file carries (for example a provider's batch discount), with its source. */
export interface PriceRule {
  id: string;
  provider: string;
  kind: 'batch_discount' | 'minimum_cacheable_prefix' | 'cache_write_multiplier';
  /** The rule's value as a decimal string: a fraction off (0.5), a token count (1024), a multiplier (1.25). */
  value: string;
  /** Which models it applies to: a model-name prefix, or '*' for all of the provider's. */
  appliesTo: string;
  sourceUrl: string;
  note: string;
}

export interface PriceBookVersionView {
  version: number;
  status: PriceBookVersionStatus;
  importedAt: string;
  activatedAt: string | null;
  sources: PriceBookSourceFile[];
  entryCount: number;
  quarantinedCount: number;
  conflictCount: number;
}

/** GET /admin/price-book/versions/:version/diff: what activating this version would change. */
export interface PriceBookDiff {
  /** The active version compared against; null when none is active. */
  from: number | null;
  to: number;
  added: PriceBookEntryKey[];
  removed: PriceBookEntryKey[];
  changed: Array<PriceBookEntryKey & { field: string; before: string | number | null; after: string | number | null }>;
}

/** An entry of a version: a model, and for a dated price change the first charge day it applies to. */
export interface PriceBookEntryKey {
  provider: string;
  model: string;
  effectiveFrom?: string;
}

/** How a model name from cost rows resolved, or did not. */
export type ModelResolution =
  | { resolved: true; provider: string; model: string; rule: string }
  | { resolved: false; reason: string };

/** GET /admin/price-book/versions/:version: a version with what its import decided. */
export interface PriceBookVersionDetail extends PriceBookVersionView {
  quarantined: QuarantinedPrice[];
  conflicts: PriceBookConflict[];
  rules: PriceRule[];
}
