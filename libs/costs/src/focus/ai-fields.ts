import type { FocusHeaderPlan } from './focus-header';
import { isNull, parseCount, quoteValue, scaleToCount } from './focus-values';

/**
 * AI fields of a cost row, from what a FOCUS file offers. FOCUS 1.0–1.2 have no model or token columns of their
 * own, so, in this order:
 *
 * - model: a custom column `x_Model` (also `x_ModelName`, `x_ModelId`, `x_AiModel`); else a `Model` /
 *   `ModelName` / `ModelId` key of SkuPriceDetails (1.1+); else the model of an Amazon Bedrock foundation-model or
 *   inference-profile ARN in ResourceId.
 * - tokens: custom columns `x_InputTokens` (`x_PromptTokens`), `x_OutputTokens` (`x_CompletionTokens`),
 *   `x_CachedTokens` (`x_CachedInputTokens`, `x_CacheReadTokens`, `x_CacheReadInputTokens`) when the file has any
 *   of them. Otherwise ConsumedQuantity when ConsumedUnit counts tokens (`Tokens`, `1000 Tokens`, `1K Tokens`,
 *   `1M Tokens`, `Input Tokens`...), scaled to single tokens and rounded half up, filed as input, output or cached
 *   by the first of `x_TokenType`, a `TokenType` key of SkuPriceDetails, the words of ConsumedUnit, SkuMeter and
 *   ChargeDescription that says so (cache/cached → cached, output/completion/generated → output, input/prompt →
 *   input). Tokens whose kind nothing names are not filed.
 * - requests: `x_Requests` (`x_RequestCount`), else ConsumedQuantity when ConsumedUnit counts requests.
 */
export interface AiFields {
  model: string | null;
  inputTokens: string | null;
  outputTokens: string | null;
  cachedTokens: string | null;
  requests: string | null;
}

type TokenKind = 'input' | 'output' | 'cached';
type Report = (column: string, message: string) => void;

const CUSTOM = {
  model: ['x_model', 'x_modelname', 'x_modelid', 'x_aimodel'],
  input: ['x_inputtokens', 'x_prompttokens'],
  output: ['x_outputtokens', 'x_completiontokens'],
  cached: ['x_cachedtokens', 'x_cachedinputtokens', 'x_cachereadtokens', 'x_cachereadinputtokens'],
  requests: ['x_requests', 'x_requestcount'],
  tokenType: ['x_tokentype'],
};

const MODEL_KEYS = /^(model|modelname|model_name|modelid|model_id)$/i;
const TOKEN_TYPE_KEYS = /^(tokentype|token_type)$/i;
const BEDROCK_MODEL = /:(?:foundation-model|inference-profile)\/([^/\s]+)$/;
const TOKEN_UNIT = /^(\d+)?\s*(k|m|thousand|million)?\s*([a-z ]*?)\s*tokens?$/;
const REQUEST_UNIT = /^(\d+)?\s*(k|thousand)?\s*(requests?|api calls?|calls?)$/;
const SCALE: Record<string, bigint> = { k: 1000n, thousand: 1000n, m: 1_000_000n, million: 1_000_000n };

export function tokenKindIn(text: string | null | undefined): TokenKind | null {
  if (!text) return null;
  if (/cach/i.test(text)) return 'cached';
  if (/output|completion|generat/i.test(text)) return 'output';
  if (/input|prompt/i.test(text)) return 'input';
  return null;
}

interface CountingUnit {
  counts: 'tokens' | 'requests';
  multiplier: bigint;
  kind: TokenKind | null;
}

function countingUnit(unit: string): CountingUnit | null {
  const lower = unit.trim().toLowerCase();
  const tokens = TOKEN_UNIT.exec(lower);
  if (tokens) {
    const multiplier = BigInt(tokens[1] ?? 1) * (tokens[2] ? SCALE[tokens[2]] : 1n);
    return { counts: 'tokens', multiplier, kind: tokenKindIn(tokens[3]) };
  }
  const requests = REQUEST_UNIT.exec(lower);
  if (requests) return { counts: 'requests', multiplier: BigInt(requests[1] ?? 1) * (requests[2] ? SCALE[requests[2]] : 1n), kind: null };
  return null;
}

const NONE: AiFields = { model: null, inputTokens: null, outputTokens: null, cachedTokens: null, requests: null };

/** Reads the AI fields of each row of one file; built once per header. */
export class AiFieldReader {
  private readonly custom: { [K in keyof typeof CUSTOM]: { index: number; name: string } | undefined };
  private readonly explicitTokens: boolean;
  private readonly units = new Map<string, CountingUnit | null>();
  /** Whether the file can carry any AI field at all; when not, every row gets none. */
  private readonly relevant: boolean;
  private readonly columns: Record<'ConsumedQuantity' | 'ConsumedUnit' | 'ResourceId' | 'SkuMeter' | 'ChargeDescription', number | undefined>;

  constructor(plan: FocusHeaderPlan) {
    const find = (names: string[]) => {
      for (const name of names) {
        const index = plan.customPositionOf.get(name);
        if (index !== undefined) return { index, name: plan.columns.find((column) => column.index === index)?.name ?? name };
      }
      return undefined;
    };
    this.custom = {
      model: find(CUSTOM.model),
      input: find(CUSTOM.input),
      output: find(CUSTOM.output),
      cached: find(CUSTOM.cached),
      requests: find(CUSTOM.requests),
      tokenType: find(CUSTOM.tokenType),
    };
    this.explicitTokens = !!(this.custom.input || this.custom.output || this.custom.cached);
    this.columns = {
      ConsumedQuantity: plan.positionOf.get('ConsumedQuantity'),
      ConsumedUnit: plan.positionOf.get('ConsumedUnit'),
      ResourceId: plan.positionOf.get('ResourceId'),
      SkuMeter: plan.positionOf.get('SkuMeter'),
      ChargeDescription: plan.positionOf.get('ChargeDescription'),
    };
    this.relevant =
      Object.values(this.custom).some(Boolean) ||
      plan.positionOf.has('SkuPriceDetails') ||
      this.columns.ConsumedUnit !== undefined ||
      this.columns.ResourceId !== undefined;
  }

  read(fields: string[], skuPriceDetails: Record<string, unknown> | null, report: Report): AiFields {
    if (!this.relevant) return NONE;
    const value = (index: number | undefined) => (index === undefined || isNull(fields[index]) ? null : fields[index]);
    const ai: AiFields = { ...NONE };

    ai.model = value(this.custom.model?.index)?.trim() || this.detailOf(skuPriceDetails, MODEL_KEYS) || this.bedrockModel(value(this.columns.ResourceId));

    if (this.explicitTokens) {
      ai.inputTokens = this.count(fields, this.custom.input, report);
      ai.outputTokens = this.count(fields, this.custom.output, report);
      ai.cachedTokens = this.count(fields, this.custom.cached, report);
    }
    ai.requests = this.count(fields, this.custom.requests, report);

    const unitText = value(this.columns.ConsumedUnit);
    const quantity = value(this.columns.ConsumedQuantity);
    if (unitText && quantity) {
      let unit = this.units.get(unitText);
      if (unit === undefined) {
        unit = countingUnit(unitText);
        if (this.units.size < 10_000) this.units.set(unitText, unit);
      }
      if (unit?.counts === 'requests' && ai.requests === null) {
        ai.requests = scaleToCount(quantity, unit.multiplier) ?? null;
      } else if (unit?.counts === 'tokens' && !this.explicitTokens) {
        const kind =
          tokenKindIn(value(this.custom.tokenType?.index)) ??
          tokenKindIn(this.detailOf(skuPriceDetails, TOKEN_TYPE_KEYS)) ??
          unit.kind ??
          tokenKindIn(value(this.columns.SkuMeter)) ??
          tokenKindIn(value(this.columns.ChargeDescription));
        const tokens = kind ? (scaleToCount(quantity, unit.multiplier) ?? null) : null;
        if (kind === 'input') ai.inputTokens = tokens;
        else if (kind === 'output') ai.outputTokens = tokens;
        else if (kind === 'cached') ai.cachedTokens = tokens;
      }
    }
    return ai;
  }

  private count(fields: string[], column: { index: number; name: string } | undefined, report: Report): string | null {
    if (!column || isNull(fields[column.index])) return null;
    const count = parseCount(fields[column.index]);
    if (count === undefined) report(column.name, `${quoteValue(fields[column.index])} is not a count: a whole number from 0.`);
    return count ?? null;
  }

  private detailOf(details: Record<string, unknown> | null, keys: RegExp): string | null {
    if (!details) return null;
    for (const key in details) {
      const found = details[key];
      if (keys.test(key) && (typeof found === 'string' || typeof found === 'number') && String(found).trim()) return String(found).trim();
    }
    return null;
  }

  private bedrockModel(resourceId: string | null): string | null {
    return resourceId ? (BEDROCK_MODEL.exec(resourceId.trim())?.[1] ?? null) : null;
  }
}
