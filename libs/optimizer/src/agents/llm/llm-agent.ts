import type { ModelPrice, PriceRule, RecommendationKind } from '@apex/contracts';
import { Decimal, hasTokens, monthly, priceSplit, ServiceTier, TokenSplit } from '@apex/domain';
import type { Finding } from '../../findings/finding';
import { combineEvidence } from '../../findings/evidence';
import type { ModelScope, ScopeDay } from '../../profile/model-scopes';
import { scopeFilters } from '../../profile/model-scopes';
import type { RunProfile } from '../../profile/run-profile';

/** What the LLM agents need of a price-book version: prices in force on a charge day, every entry, the rules. */
export interface PriceLookup {
  version: number;
  priceAt(provider: string, model: string, day: string): ModelPrice | null;
  entries(): ModelPrice[];
  rules(): PriceRule[];
}

/** One model's scope and what an agent needs beside it. */
export interface LlmAgentInput {
  scope: ModelScope;
  profile: RunProfile;
  prices: PriceLookup;
  /** The run's day (YYYY-MM-DD): deprecation dates are compared with it. */
  today: string;
}

/** The rows' actual cost over the days both prices could price, and their list costs at each. */
export interface Repriced {
  actual: Decimal;
  from: Decimal;
  to: Decimal;
  rowCount: number;
}

type DayPrice = (day: ScopeDay) => Decimal | null;

export function reprice(days: ScopeDay[], from: DayPrice, to: DayPrice): Repriced {
  const result: Repriced = { actual: Decimal.ZERO, from: Decimal.ZERO, to: Decimal.ZERO, rowCount: 0 };
  for (const day of days) {
    const before = from(day);
    const after = to(day);
    if (before === null || after === null) continue;
    result.actual = result.actual.plus(day.actual);
    result.from = result.from.plus(before);
    result.to = result.to.plus(after);
    result.rowCount += day.rowCount;
  }
  return result;
}

/** What moving all of `repriced` saves of what it actually cost: actual × (1 − to / from), never below zero. */
export function savedByMove(repriced: Repriced): Decimal {
  if (!repriced.from.isPositive()) return Decimal.ZERO;
  return repriced.actual.times(Decimal.ONE.minus(repriced.to.dividedBy(repriced.from, 12))).clampToZero();
}

/** The list price of a day's split at a tier of the model in force that day. */
export const listPrice =
  (prices: PriceLookup, provider: string, model: string, tier: ServiceTier = 'standard'): DayPrice =>
  (day) => {
    const entry = prices.priceAt(provider, model, day.day);
    return entry ? priceSplit(day.split, entry.prices, tier) : null;
  };

export const withTokens = (days: ScopeDay[]) => days.filter((day) => hasTokens(day.split));
export const onTier = (days: ScopeDay[], tier: ServiceTier) => days.filter((day) => day.tier === tier);

/** "1,234,567" */
export const count = (value: Decimal) => value.round(0).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
/** "$1,234.57" in USD, "1,234.57 EUR" otherwise. */
export function money(value: Decimal, currency: string): string {
  const [whole, cents] = value.toFixed(2).split('.');
  const text = `${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${cents}`;
  return currency === 'USD' ? `$${text}` : `${text} ${currency}`;
}

export function monthlyTokens(split: TokenSplit, windowDays: number): string {
  const per = (value: Decimal) => count(monthly(value, windowDays, 0));
  return `${per(split.uncachedInput)} uncached input, ${per(split.cachedInput)} cached input and ${per(split.output)} output tokens a month`;
}

export interface FindingSpec {
  agent: Finding['agent'];
  kind: RecommendationKind;
  /** Distinguishes findings of one kind on one model. */
  key?: string;
  title: string;
  steps: string[];
  docUrl: string;
  /** Savings over the recent window at each share (percent), as if this were the only finding. */
  scenarios: Array<{ sharePercent: number; saving: Decimal }>;
  /** Which scenarios are low, expected and high. */
  range: { low: number; expected: number; high: number };
  assumptions: string[];
  effort: Finding['effort'];
  risk: Finding['risk'];
  caveat?: string;
}

/** A finding on a model scope: monthly figures, the scope's evidence, the price-book version. */
export function modelFinding(input: LlmAgentInput, spec: FindingSpec): Finding {
  const { scope, profile } = input;
  const days = profile.context.recent.days;
  const atShare = (share: number) => {
    const scenario = spec.scenarios.find((s) => s.sharePercent === share);
    if (!scenario) throw new RangeError(`no scenario at ${share} %`);
    return monthly(scenario.saving, days).round(2);
  };
  const filters = scopeFilters(scope, profile.context.recent);
  const evidenceDays = filters.flatMap((filter, filterIndex) =>
    (profile.evidence.find((e) => e.currency === scope.currency && e.providerName === filter.provider && e.model === filter.model)?.days ?? []).map((day) => ({ ...day, filterIndex })),
  );
  return {
    agent: spec.agent,
    kind: spec.kind,
    fingerprint: [spec.kind, scope.currency, scope.provider, scope.model, spec.key].filter(Boolean).join(':'),
    title: spec.title,
    steps: spec.steps,
    docUrl: spec.docUrl,
    scope: { provider: scope.provider, service: scope.service, model: scope.model, resource: null },
    evidence: combineEvidence(filters, evidenceDays),
    priceBookVersion: input.prices.version,
    currency: scope.currency,
    baseMonthlySpend: monthly(scope.actual, days).round(2).toString(),
    monthlySavings: {
      low: atShare(spec.range.low).toString(),
      expected: atShare(spec.range.expected).toString(),
      high: atShare(spec.range.high).toString(),
    },
    scenarios: spec.scenarios.map((s) => ({ sharePercent: s.sharePercent, monthlySavings: monthly(s.saving, days).round(2).toString() })),
    assumptions: [
      ...spec.assumptions,
      `Monthly figures are the last ${days} days' rows scaled to 30 days, priced with price book version ${input.prices.version} as of each row's charge day and scaled by what the rows actually cost, so your own discounts are kept.`,
    ],
    effort: spec.effort,
    risk: spec.risk,
    caveat: spec.caveat ?? null,
  };
}

/** Scenarios at these shares of the traffic. */
export const SHARES = [20, 50, 80] as const;
export const sharesOf = (saving100: Decimal, shares: readonly number[] = SHARES) =>
  shares.map((sharePercent) => ({ sharePercent, saving: saving100.times(sharePercent).dividedBy(100, 6) }));

/** The provider's documentation for choosing a model. */
export function modelsDocUrl(provider: string): string {
  if (provider === 'anthropic' || provider.includes('bedrock')) return 'https://docs.anthropic.com/en/docs/about-claude/models';
  if (provider === 'azure') return 'https://learn.microsoft.com/azure/ai-services/openai/concepts/models';
  if (provider.includes('vertex') || provider === 'gemini') return 'https://cloud.google.com/vertex-ai/generative-ai/docs/learn/models';
  return 'https://platform.openai.com/docs/models';
}

/** The first rule of `kind` that applies to the model (by provider and model-name prefix). */
export function ruleFor(prices: PriceLookup, provider: string, model: string, kind: PriceRule['kind']): PriceRule | null {
  const rules = prices.rules().filter((rule) => rule.kind === kind && rule.provider === provider && (rule.appliesTo === '*' || model.startsWith(rule.appliesTo)));
  // The most specific prefix wins.
  return rules.sort((a, b) => (b.appliesTo === '*' ? 0 : b.appliesTo.length) - (a.appliesTo === '*' ? 0 : a.appliesTo.length))[0] ?? null;
}
