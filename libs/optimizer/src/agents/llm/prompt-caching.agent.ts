import { Decimal } from '@apex/domain';
import type { Finding } from '../../findings/finding';
import { totalSplit } from '../../profile/model-scopes';
import { count, LlmAgentInput, listPrice, modelFinding, monthlyTokens, onTier, reprice, ruleFor, withTokens } from './llm-agent';

/** A model whose cached input is at least this share of its input already caches heavily: no finding. */
export const HEAVY_CACHE_SHARE = Decimal.of('0.5');
/** Shares of the uncached input a repeated prefix could serve: low, expected, high. */
export const REPEATED_SHARES = [25, 50, 75] as const;

const MILLION = Decimal.of(1_000_000);

const CACHING_DOCS: Record<string, string> = {
  openai: 'https://platform.openai.com/docs/guides/prompt-caching',
  azure: 'https://learn.microsoft.com/azure/ai-services/openai/how-to/prompt-caching',
  anthropic: 'https://docs.anthropic.com/en/docs/build-with-claude/prompt-caching',
  bedrock: 'https://docs.aws.amazon.com/bedrock/latest/userguide/prompt-caching.html',
};

/**
 * A cache-capable model whose average input per request reaches the provider's minimum cacheable prefix and whose
 * cached share is low. Saving = repeated share × uncached input × (input − cached price), less the premium of
 * writing the cache where the provider charges one (taken as one write per read, the least favourable case).
 */
export function promptCaching(input: LlmAgentInput): Finding[] {
  const { scope, prices, profile } = input;
  const days = withTokens(onTier(scope.days, 'standard'));
  const lastDay = days.at(-1)?.day;
  if (!lastDay) return [];
  const entry = prices.priceAt(scope.provider, scope.model, lastDay);
  if (!entry || !entry.capabilities.includes('prompt_caching')) return [];
  const { inputMtok, cachedInputMtok, cacheWrite5mMtok } = entry.prices;
  if (inputMtok === null || cachedInputMtok === null || !Decimal.of(cachedInputMtok).lt(inputMtok)) return [];
  const minimum = ruleFor(prices, scope.provider, scope.model, 'minimum_cacheable_prefix');
  if (!minimum) return [];

  const split = totalSplit(days);
  const input_ = split.uncachedInput.plus(split.cachedInput);
  if (!split.requests.isPositive() || !input_.isPositive()) return [];
  const average = input_.dividedBy(split.requests, 0);
  if (average.lt(minimum.value)) return [];
  const cachedShare = split.cachedInput.dividedBy(input_, 6);
  if (cachedShare.gte(HEAVY_CACHE_SHARE)) return [];

  // Net list saving per repeated Mtok, and what the rows' list price was, to keep the customer's discount.
  const writePremium = cacheWrite5mMtok === null ? Decimal.ZERO : Decimal.of(cacheWrite5mMtok).minus(inputMtok).clampToZero();
  const perMtok = Decimal.of(inputMtok).minus(cachedInputMtok).minus(writePremium);
  if (!perMtok.isPositive()) return [];
  const standard = listPrice(prices, scope.provider, scope.model);
  const repriced = reprice(days, standard, standard);
  if (!repriced.from.isPositive()) return [];
  const paidShare = repriced.actual.dividedBy(repriced.from, 12);
  const saving100 = split.uncachedInput.times(perMtok).dividedBy(MILLION, 12).times(paidShare);
  const scenarios = REPEATED_SHARES.map((sharePercent) => ({ sharePercent, saving: saving100.times(sharePercent).dividedBy(100, 6) }));

  return [
    modelFinding(input, {
      agent: 'prompt_caching',
      kind: 'prompt_caching',
      title: `Cache the repeated start of ${scope.model} prompts: ${cachedShare.times(100).round(0)} % of input is cached today`,
      steps: [
        'Put the parts every request repeats (system prompt, instructions, tool definitions, shared documents) first, and the parts that vary last.',
        scope.provider === 'anthropic' || scope.provider === 'bedrock'
          ? 'Mark the end of the repeated part with cache_control so the provider caches it.'
          : 'Keep that prefix byte-for-byte identical between requests: the provider caches it automatically.',
        'Watch the cached input tokens in your usage rise; Apex measures the saving once you mark this done.',
      ],
      docUrl: CACHING_DOCS[scope.provider] ?? CACHING_DOCS['openai'],
      scenarios,
      range: { low: 25, expected: 50, high: 75 },
      assumptions: [
        `Requests average ${count(average)} input tokens, above the ${count(Decimal.of(minimum.value))}-token minimum prefix the provider caches (${minimum.sourceUrl}).`,
        `Usage: ${monthlyTokens(split, profile.context.recent.days)}.`,
        `Scenarios: a repeated prefix serves 25 %, 50 % or 75 % of today's uncached input.`,
        ...(writePremium.isPositive() ? ['Writing the cache costs more than plain input; counted as one write for every read, the least favourable case.'] : []),
      ],
      effort: 'low',
      risk: 'low',
    }),
  ];
}
