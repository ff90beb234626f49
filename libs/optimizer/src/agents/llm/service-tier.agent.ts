import type { Finding } from '../../findings/finding';
import { totalSplit } from '../../profile/model-scopes';
import { LlmAgentInput, listPrice, modelFinding, monthlyTokens, onTier, reprice, savedByMove, sharesOf, withTokens } from './llm-agent';

const TIER_DOCS: Record<string, string> = {
  openai: 'https://platform.openai.com/docs/guides/flex-processing',
  anthropic: 'https://docs.anthropic.com/en/api/service-tiers',
};
const CONTEXT_DOCS = 'https://platform.openai.com/docs/guides/conversation-state';

/**
 * Priority-tier spend that the standard tier would serve (the flex tier, where the model has one, is named but not
 * counted), and rows billed at the long-context rate that requests kept under the threshold would not pay.
 */
export function serviceTier(input: LlmAgentInput): Finding[] {
  return [...priorityFinding(input), ...longContextFinding(input)];
}

function priorityFinding(input: LlmAgentInput): Finding[] {
  const { scope, prices, profile } = input;
  const days = withTokens(onTier(scope.days, 'priority'));
  if (days.length === 0) return [];
  const priority = listPrice(prices, scope.provider, scope.model, 'priority');
  const toStandard = savedByMove(reprice(days, priority, listPrice(prices, scope.provider, scope.model, 'standard')));
  if (!toStandard.isPositive()) return [];
  const toFlex = savedByMove(reprice(days, priority, listPrice(prices, scope.provider, scope.model, 'flex')));
  return [
    modelFinding(input, {
      agent: 'service_tier',
      kind: 'service_tier',
      key: 'priority',
      title: `Serve ${scope.model} priority-tier requests on the standard tier`,
      steps: [
        'Find the callers that set service_tier to "priority" and check which of them need its latency guarantee.',
        'Drop the parameter (or set "auto"/"default") for the rest; use "flex" for work that tolerates slower answers.',
      ],
      docUrl: TIER_DOCS[scope.provider] ?? TIER_DOCS['openai'],
      scenarios: sharesOf(toStandard, [50, 100]),
      range: { low: 50, expected: 100, high: 100 },
      assumptions: [
        `Priority-tier usage: ${monthlyTokens(totalSplit(days), profile.context.recent.days)}.`,
        'Low: half of the priority traffic moves to the standard tier; expected and high: all of it.',
        ...(toFlex.gt(toStandard) ? ['The flex tier would save more still, for work that can wait for slower answers; that is not counted.'] : []),
      ],
      effort: 'low',
      risk: 'medium',
    }),
  ];
}

function longContextFinding(input: LlmAgentInput): Finding[] {
  const { scope, prices, profile } = input;
  const days = withTokens(onTier(scope.days, 'long_context'));
  if (days.length === 0) return [];
  const lastDay = days.at(-1)!.day;
  const threshold = prices.priceAt(scope.provider, scope.model, lastDay)?.prices.longContext?.thresholdTokens;
  if (!threshold) return [];
  const saving100 = savedByMove(reprice(days, listPrice(prices, scope.provider, scope.model, 'long_context'), listPrice(prices, scope.provider, scope.model, 'standard')));
  if (!saving100.isPositive()) return [];
  return [
    modelFinding(input, {
      agent: 'service_tier',
      kind: 'long_context',
      title: `Keep ${scope.model} requests under ${threshold.toLocaleString('en-US')} input tokens to avoid the long-context rate`,
      steps: [
        'Find the requests whose prompts pass the threshold (long conversations, whole documents pasted in).',
        'Trim conversation history, retrieve only the relevant passages, or summarise earlier turns.',
      ],
      docUrl: CONTEXT_DOCS,
      scenarios: sharesOf(saving100),
      range: { low: 20, expected: 50, high: 80 },
      assumptions: [
        `Rows billed at the long-context rate: ${monthlyTokens(totalSplit(days), profile.context.recent.days)}.`,
        'Scenarios: 20 %, 50 % or 80 % of those requests fit under the threshold.',
      ],
      effort: 'medium',
      risk: 'medium',
    }),
  ];
}
