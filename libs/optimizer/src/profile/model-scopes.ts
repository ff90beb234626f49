import type { CostRowsFilter } from '@apex/contracts';
import { addSplits, Decimal, EMPTY_SPLIT, ServiceTier, TokenSplit } from '@apex/domain';
import type { DayWindow } from '../agents/agent-context';
import type { RunProfile, UsageGroup } from './run-profile';

/** One day of a model's traffic on one service tier. */
export interface ScopeDay {
  day: string;
  tier: ServiceTier;
  split: TokenSplit;
  /** What the rows cost (EffectiveCost). */
  actual: Decimal;
  rowCount: number;
}

/** A canonical price-book model's AI traffic in one currency over the recent window, however the rows spell it. */
export interface ModelScope {
  currency: string;
  provider: string;
  model: string;
  /** The provider and model names as the rows spell them. */
  spellings: Array<{ providerName: string; model: string }>;
  service: string | null;
  days: ScopeDay[];
  actual: Decimal;
  rowCount: number;
}

const inWindow = (day: string, window: DayWindow) => day >= window.from && day < window.to;

export function splitOf(group: Pick<UsageGroup, 'inputTokens' | 'cachedTokens' | 'outputTokens' | 'requests'>): TokenSplit {
  const input = Decimal.of(group.inputTokens);
  const cached = Decimal.of(group.cachedTokens);
  return {
    // Cached tokens are a part of the input tokens; a row reporting more cached than input counts no uncached input.
    uncachedInput: input.minus(cached).clampToZero(),
    cachedInput: cached,
    output: Decimal.of(group.outputTokens),
    requests: Decimal.of(group.requests),
  };
}

/** The recent window's AI groups of each resolved model, per currency. Unresolved spellings are left out (they are unpriced). */
export function modelScopes(profile: RunProfile): ModelScope[] {
  const resolved = new Map(profile.resolutions.map((r) => [`${r.providerName}\u0000${r.model}`, r.resolution]));
  const scopes = new Map<string, ModelScope>();
  const services = new Map<string, Map<string, Decimal>>();
  for (const group of profile.groups) {
    if (!group.isAi || group.model === null || !inWindow(group.day, profile.context.recent)) continue;
    const resolution = resolved.get(`${group.providerName}\u0000${group.model}`);
    if (!resolution?.resolved) continue;
    const key = `${group.currency}\u0000${resolution.provider}\u0000${resolution.model}`;
    let scope = scopes.get(key);
    if (!scope) {
      scope = { currency: group.currency, provider: resolution.provider, model: resolution.model, spellings: [], service: null, days: [], actual: Decimal.ZERO, rowCount: 0 };
      scopes.set(key, scope);
      services.set(key, new Map());
    }
    if (!scope.spellings.some((s) => s.providerName === group.providerName && s.model === group.model)) {
      scope.spellings.push({ providerName: group.providerName, model: group.model });
    }
    const actual = Decimal.of(group.effectiveCost);
    const existing = scope.days.find((d) => d.day === group.day && d.tier === group.tier);
    const split = splitOf(group);
    if (existing) {
      existing.actual = existing.actual.plus(actual);
      existing.rowCount += group.rowCount;
      existing.split = addSplits(existing.split, split);
    } else {
      scope.days.push({ day: group.day, tier: group.tier, split, actual, rowCount: group.rowCount });
    }
    scope.actual = scope.actual.plus(actual);
    scope.rowCount += group.rowCount;
    if (group.service) {
      const byService = services.get(key)!;
      byService.set(group.service, (byService.get(group.service) ?? Decimal.ZERO).plus(actual));
    }
  }
  for (const [key, scope] of scopes) {
    const ranked = [...services.get(key)!].sort((a, b) => b[1].compare(a[1]));
    scope.service = ranked[0]?.[0] ?? null;
    scope.days.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : a.tier < b.tier ? -1 : 1));
  }
  return [...scopes.values()].sort((a, b) => b.actual.compare(a.actual));
}

/** The drill-down filters of a scope's rows: one per spelling, over the recent window. */
export function scopeFilters(scope: ModelScope, window: DayWindow): CostRowsFilter[] {
  return scope.spellings.map((spelling) => ({
    from: window.from,
    to: window.to,
    scope: 'ai',
    currency: scope.currency,
    provider: spelling.providerName,
    model: spelling.model,
  }));
}

export const totalSplit = (days: ScopeDay[]): TokenSplit => days.reduce((sum, day) => addSplits(sum, day.split), EMPTY_SPLIT);
