import { Decimal, priceSplit } from '@apex/domain';
import type { Finding } from '../../findings/finding';
import type { ScopeDay } from '../../profile/model-scopes';
import { totalSplit } from '../../profile/model-scopes';
import { LlmAgentInput, listPrice, modelFinding, monthlyTokens, onTier, reprice, ruleFor, savedByMove, sharesOf, withTokens } from './llm-agent';

const BATCH_DOCS: Record<string, string> = {
  openai: 'https://platform.openai.com/docs/guides/batch',
  azure: 'https://learn.microsoft.com/azure/ai-services/openai/how-to/batch',
  anthropic: 'https://docs.anthropic.com/en/docs/build-with-claude/batch-processing',
  bedrock: 'https://docs.aws.amazon.com/bedrock/latest/userguide/batch-inference.html',
};

/**
 * Spend at synchronous prices on a batch-capable model, priced at the batch rate for the share of requests that
 * need no immediate answer. The batch rate is the entry's own batch price, or else the provider's published batch
 * discount (a price-book rule with its source). Rows already billed at batch prices are not counted.
 */
export function batch(input: LlmAgentInput): Finding[] {
  const { scope, prices, profile } = input;
  const days = withTokens(onTier(scope.days, 'standard'));
  const lastDay = days.at(-1)?.day;
  if (!lastDay) return [];
  const entry = prices.priceAt(scope.provider, scope.model, lastDay);
  if (!entry) return [];
  const ownBatchPrices = entry.prices.batchInputMtok !== null && entry.prices.batchOutputMtok !== null;
  const discount = ownBatchPrices ? null : ruleFor(prices, scope.provider, scope.model, 'batch_discount');
  if (!ownBatchPrices && !discount) return [];

  const standard = listPrice(prices, scope.provider, scope.model);
  const batchPrice = (day: ScopeDay): Decimal | null => {
    const inForce = prices.priceAt(scope.provider, scope.model, day.day);
    if (!inForce) return null;
    if (discount) {
      const full = priceSplit(day.split, inForce.prices, 'standard');
      return full === null ? null : full.times(Decimal.ONE.minus(discount.value));
    }
    return priceSplit(day.split, inForce.prices, 'batch');
  };
  const repriced = reprice(days, standard, batchPrice);
  const saving100 = savedByMove(repriced);
  if (!saving100.isPositive()) return [];

  return [
    modelFinding(input, {
      agent: 'batch',
      kind: 'batch',
      title: `Send ${scope.model} requests that can wait up to 24 hours through the Batch API`,
      steps: [
        'List the jobs that need no immediate answer: evaluations, classification and enrichment of stored records, embeddings of documents, nightly reports.',
        'Write their requests to a JSONL file and submit it as a batch; collect the results when the batch completes.',
        'Tell Apex which share of the traffic is not interactive to narrow the range.',
      ],
      docUrl: BATCH_DOCS[scope.provider] ?? BATCH_DOCS['openai'],
      scenarios: sharesOf(saving100),
      range: { low: 20, expected: 50, high: 80 },
      assumptions: [
        discount
          ? `Batch prices are ${Decimal.of(discount.value).times(100)} % below standard, the provider's published batch discount (${discount.sourceUrl}).`
          : `Batch prices are the model's own batch prices in the price book.`,
        `Standard-tier usage: ${monthlyTokens(totalSplit(days), profile.context.recent.days)}.`,
        'Scenarios: 20 %, 50 % or 80 % of the standard-tier requests can wait, until you say which share.',
      ],
      effort: 'medium',
      risk: 'low',
    }),
  ];
}
