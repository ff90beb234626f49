import type { ModelPrice } from '@apex/contracts';
import { Decimal } from '@apex/domain';
import { snapshotBase } from '@apex/pricing';
import type { Finding } from '../../findings/finding';
import { LlmAgentInput, listPrice, modelFinding, modelsDocUrl, onTier, reprice, savedByMove, withTokens } from './llm-agent';

const SNAPSHOT_DATE = /-(\d{4})-?(\d{2})-?(\d{2})(?:-v\d+(?::\d+)?)?$/;

/** The date a snapshot name carries, as YYYY-MM-DD, or null. */
export function snapshotDate(model: string): string | null {
  const match = SNAPSHOT_DATE.exec(model);
  return match ? `${match[1]}-${match[2]}-${match[3]}` : null;
}

/**
 * Spend on a model past its deprecation date, or on a snapshot that a newer, cheaper snapshot of the same model
 * replaces. The successor is the cheapest newer snapshot (or the undated model) in force and not deprecated.
 */
export function deprecatedModel(input: LlmAgentInput): Finding[] {
  const { scope, prices } = input;
  const days = withTokens(onTier(scope.days, 'standard'));
  const lastDay = days.at(-1)?.day ?? scope.days.at(-1)?.day;
  if (!lastDay) return [];
  const current = prices.priceAt(scope.provider, scope.model, lastDay);
  if (!current) return [];
  const deprecated = current.deprecationDate !== null && current.deprecationDate <= input.today;
  const base = snapshotBase(scope.model);
  const ownDate = snapshotDate(scope.model);

  const successors: Array<{ entry: ModelPrice; saving: Decimal }> = [];
  const seen = new Set<string>();
  for (const candidate of prices.entries()) {
    if (candidate.provider !== scope.provider || candidate.model === scope.model || seen.has(candidate.model)) continue;
    seen.add(candidate.model);
    if (snapshotBase(candidate.model) !== base) continue;
    const inForce = prices.priceAt(candidate.provider, candidate.model, lastDay);
    if (!inForce || inForce.mode !== current.mode || (inForce.deprecationDate !== null && inForce.deprecationDate <= input.today)) continue;
    const date = snapshotDate(candidate.model);
    if (ownDate !== null && date !== null && date <= ownDate) continue;
    const repriced = reprice(days, listPrice(prices, scope.provider, scope.model), listPrice(prices, scope.provider, candidate.model));
    successors.push({ entry: inForce, saving: savedByMove(repriced) });
  }
  successors.sort((a, b) => b.saving.compare(a.saving) || a.entry.model.localeCompare(b.entry.model));
  const successor = successors[0];
  const cheaper = successor !== undefined && successor.saving.isPositive();
  if (!deprecated && !cheaper) return [];

  const saving = cheaper ? successor.saving : Decimal.ZERO;
  const title = deprecated
    ? `${scope.model} is past its deprecation date (${current.deprecationDate})${successor ? `: move to ${successor.entry.model}` : ''}`
    : `A newer snapshot, ${successor.entry.model}, costs less than ${scope.model}`;
  return [
    modelFinding(input, {
      agent: 'deprecated_model',
      kind: 'deprecated_model',
      title,
      steps: [
        successor ? `Test your prompts on ${successor.entry.model}, then switch the model name in your calls.` : `Choose a current model to replace ${scope.model} before the provider retires it.`,
        'Pin the new snapshot explicitly so the next change is yours to make.',
      ],
      docUrl: modelsDocUrl(scope.provider),
      scenarios: [
        { sharePercent: 50, saving: saving.times(50).dividedBy(100, 6) },
        { sharePercent: 100, saving },
      ],
      range: { low: 50, expected: 100, high: 100 },
      assumptions: [
        deprecated ? `The price book records ${current.deprecationDate} as the deprecation date of ${scope.model}.` : `${successor.entry.model} is a newer snapshot of ${base}.`,
        ...(cheaper ? [`Repriced on your standard-tier token split, ${successor.entry.model} costs less every day it was priced.`] : ['No cheaper successor is in the price book, so no saving is claimed.']),
      ],
      effort: 'low',
      risk: deprecated ? 'high' : 'low',
    }),
  ];
}
