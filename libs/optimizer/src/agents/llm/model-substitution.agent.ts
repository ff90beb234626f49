import type { ModelPrice } from '@apex/contracts';
import { Decimal } from '@apex/domain';
import { snapshotBase } from '@apex/pricing';
import type { Finding } from '../../findings/finding';
import { totalSplit } from '../../profile/model-scopes';
import { LlmAgentInput, listPrice, modelFinding, modelsDocUrl, monthlyTokens, onTier, reprice, savedByMove, sharesOf, withTokens } from './llm-agent';

export const QUALITY_CAVEAT = 'quality not verified: prove it with a measured trial';

/** "gpt-4o-mini" → "gpt-4o": the first two dash-separated parts name a model family. */
const familyOf = (model: string) => snapshotBase(model).split('-').slice(0, 2).join('-');

/** Whether `candidate` can serve every request `current` serves: same mode, at least its context window and capabilities. */
export function canReplace(current: ModelPrice, candidate: ModelPrice, today: string): boolean {
  if (candidate.model === current.model || candidate.mode !== current.mode) return false;
  if (snapshotBase(candidate.model) === snapshotBase(current.model)) return false; // another snapshot: the deprecation agent's
  if (candidate.deprecationDate !== null && candidate.deprecationDate <= today) return false;
  if (current.contextWindow !== null && (candidate.contextWindow === null || candidate.contextWindow < current.contextWindow)) return false;
  return current.capabilities.every((capability) => candidate.capabilities.includes(capability));
}

/**
 * Cheaper models of the same provider and mode, with at least the same context window and capabilities, repriced on
 * the model's actual standard-tier token split day by day. The cheapest of the model's own family is proposed when
 * one is cheaper (gpt-4o → gpt-4o-mini), else the cheapest of the provider's.
 */
export function modelSubstitution(input: LlmAgentInput): Finding[] {
  const { scope, prices, profile } = input;
  const days = withTokens(onTier(scope.days, 'standard'));
  const lastDay = days.at(-1)?.day;
  if (!lastDay) return [];
  const current = prices.priceAt(scope.provider, scope.model, lastDay);
  if (!current) return [];
  const from = listPrice(prices, scope.provider, scope.model);

  const seen = new Set<string>();
  const options: Array<{ candidate: ModelPrice; saving: Decimal; share: Decimal }> = [];
  for (const entry of prices.entries()) {
    if (entry.provider !== scope.provider || seen.has(entry.model)) continue;
    seen.add(entry.model);
    const candidate = prices.priceAt(entry.provider, entry.model, lastDay);
    if (!candidate || !canReplace(current, candidate, input.today)) continue;
    const repriced = reprice(days, from, listPrice(prices, candidate.provider, candidate.model));
    // Every day must be priced by both, or the comparison would rest on part of the traffic.
    if (repriced.rowCount !== days.reduce((n, d) => n + d.rowCount, 0) || !repriced.to.lt(repriced.from)) continue;
    options.push({ candidate, saving: savedByMove(repriced), share: Decimal.ONE.minus(repriced.to.dividedBy(repriced.from, 12)) });
  }
  if (options.length === 0) return [];
  const family = options.filter((option) => familyOf(option.candidate.model) === familyOf(scope.model));
  const pool = (family.length ? family : options).sort((a, b) => b.saving.compare(a.saving) || a.candidate.model.localeCompare(b.candidate.model));
  const best = pool[0];
  const others = options
    .filter((option) => option !== best)
    .sort((a, b) => b.saving.compare(a.saving))
    .slice(0, 3)
    .map((option) => option.candidate.model);
  const percent = best.share.times(100).round(0).toString();

  return [
    modelFinding(input, {
      agent: 'model_substitution',
      kind: 'model_substitution',
      key: best.candidate.model,
      title: `Move part of ${scope.model} traffic to ${best.candidate.model}, which costs ${percent} % less for your token mix`,
      steps: [
        `Pick a workload now served by ${scope.model} whose quality you can measure (an evaluation set, user ratings or task success).`,
        `Send a share of its requests to ${best.candidate.model} and compare the quality and the cost for at least a week.`,
        'Move more traffic only as far as the measured quality holds, and keep the rest where it is.',
      ],
      docUrl: modelsDocUrl(scope.provider),
      scenarios: sharesOf(best.saving),
      range: { low: 20, expected: 50, high: 80 },
      assumptions: [
        `The traffic moved keeps its token split: ${monthlyTokens(totalSplit(days), profile.context.recent.days)}.`,
        `${best.candidate.model} has the same mode (${current.mode}), at least the context window (${current.contextWindow ?? 'unknown'} tokens) and every capability of ${scope.model}.`,
        'Scenarios move 20 %, 50 % and 80 % of the traffic; the quality of the answers is not verified.',
        ...(others.length ? [`Other cheaper candidates: ${others.join(', ')}.`] : []),
      ],
      effort: 'medium',
      risk: 'medium',
      caveat: QUALITY_CAVEAT,
    }),
  ];
}
