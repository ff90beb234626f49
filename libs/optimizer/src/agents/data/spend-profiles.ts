import type { ModelUsage, SpendProfile, UnpricedModel } from '@apex/contracts';
import { Decimal } from '@apex/domain';
import type { DayWindow } from '../agent-context';
import type { PriceLookup } from '../llm/llm-agent';
import type { RunProfile, SpellingResolution, UsageGroup } from '../../profile/run-profile';
import { splitOf } from '../../profile/model-scopes';
import { commitmentCoverage, effectiveSavingsRates, PricingGroup } from '../../profile/pricing-groups';

type Totals = Map<string, Decimal>;
const add = (totals: Totals, key: string, amount: Decimal) => totals.set(key, (totals.get(key) ?? Decimal.ZERO).plus(amount));
const ranked = (totals: Totals) =>
  [...totals].sort((a, b) => b[1].compare(a[1]) || a[0].localeCompare(b[0])).map(([key, amount]) => ({ key, amount: amount.toString() }));
const inWindow = (day: string, window: DayWindow) => day >= window.from && day < window.to;

export interface HourlyRow {
  currency: string;
  hour: number;
  weekday: number;
  amount: string;
}

/** The profile of one currency over one window, from the groups. */
export function spendProfile(
  groups: UsageGroup[],
  currency: string,
  window: DayWindow,
  resolutions: SpellingResolution[],
  hourly: HourlyRow[] | null,
  pricing: PricingGroup[] = [],
): SpendProfile {
  const resolved = new Map(resolutions.map((r) => [`${r.providerName}\u0000${r.model}`, r.resolution]));
  let aiSpend = Decimal.ZERO;
  let cloudSpend = Decimal.ZERO;
  let rowCount = 0;
  const byProvider: Totals = new Map();
  const byService: Totals = new Map();
  const byModel = new Map<string, { usage: Omit<ModelUsage, 'amount' | 'uncachedInputTokens' | 'cachedInputTokens' | 'outputTokens' | 'requests' | 'averageInputTokensPerRequest'>; amount: Decimal; uncached: Decimal; cached: Decimal; output: Decimal; requests: Decimal }>();
  for (const group of groups) {
    if (group.currency !== currency || !inWindow(group.day, window)) continue;
    const amount = Decimal.of(group.effectiveCost);
    rowCount += group.rowCount;
    if (!group.isAi) {
      cloudSpend = cloudSpend.plus(amount);
      continue;
    }
    aiSpend = aiSpend.plus(amount);
    add(byProvider, group.providerName, amount);
    add(byService, group.service ?? '(no service)', amount);
    if (group.model === null) continue;
    const key = `${group.providerName}\u0000${group.model}`;
    let model = byModel.get(key);
    if (!model) {
      const resolution = resolved.get(key);
      model = {
        usage: { name: group.model, provider: group.providerName, resolved: resolution?.resolved ? resolution.model : null, rowCount: 0 },
        amount: Decimal.ZERO,
        uncached: Decimal.ZERO,
        cached: Decimal.ZERO,
        output: Decimal.ZERO,
        requests: Decimal.ZERO,
      };
      byModel.set(key, model);
    }
    const split = splitOf(group);
    model.amount = model.amount.plus(amount);
    model.usage.rowCount += group.rowCount;
    model.uncached = model.uncached.plus(split.uncachedInput);
    model.cached = model.cached.plus(split.cachedInput);
    model.output = model.output.plus(split.output);
    model.requests = model.requests.plus(split.requests);
  }
  return {
    currency,
    windowDays: window.days as 30 | 90,
    from: window.from,
    to: window.to,
    aiSpend: aiSpend.toString(),
    cloudSpend: cloudSpend.toString(),
    rowCount,
    byProvider: ranked(byProvider),
    byService: ranked(byService),
    byModel: [...byModel.values()]
      .sort((a, b) => b.amount.compare(a.amount))
      .map((m) => ({
        ...m.usage,
        amount: m.amount.toString(),
        uncachedInputTokens: m.uncached.toString(),
        cachedInputTokens: m.cached.toString(),
        outputTokens: m.output.toString(),
        requests: m.requests.toString(),
        averageInputTokensPerRequest: m.requests.isPositive() ? m.uncached.plus(m.cached).dividedBy(m.requests, 0).toString() : null,
      })),
    hourly: hourlyShape(hourly, currency),
    commitmentCoverage: commitmentCoverage(pricing, currency, window),
    effectiveSavingsRate: effectiveSavingsRates(pricing, currency, window),
  };
}

function hourlyShape(rows: HourlyRow[] | null, currency: string): SpendProfile['hourly'] {
  const mine = rows?.filter((row) => row.currency === currency) ?? [];
  if (mine.length === 0) return null;
  const byHour = Array.from({ length: 24 }, () => Decimal.ZERO);
  const byWeekday = Array.from({ length: 7 }, () => Decimal.ZERO);
  for (const row of mine) {
    byHour[row.hour] = byHour[row.hour].plus(row.amount);
    byWeekday[row.weekday] = byWeekday[row.weekday].plus(row.amount);
  }
  return { byHour: byHour.map(String), byWeekday: byWeekday.map(String) };
}

/**
 * The recent window's AI spend that the price book cannot price, listed with its spend: rows that name no model,
 * model names that resolve to no entry, and days on which a resolved model had no price in force.
 */
export function unpricedModels(profile: Pick<RunProfile, 'groups' | 'resolutions' | 'context'>, prices: PriceLookup | null): UnpricedModel[] {
  const resolved = new Map(profile.resolutions.map((r) => [`${r.providerName}\u0000${r.model}`, r.resolution]));
  const found = new Map<string, UnpricedModel & { total: Decimal }>();
  const note = (currency: string, name: string, provider: string, reason: string, amount: Decimal, rows: number) => {
    const key = `${currency}\u0000${provider}\u0000${name}\u0000${reason}`;
    const entry = found.get(key) ?? { name, provider, amount: '0', rowCount: 0, reason, total: Decimal.ZERO };
    entry.total = entry.total.plus(amount);
    entry.rowCount += rows;
    found.set(key, entry);
  };
  for (const group of profile.groups) {
    if (!group.isAi || !inWindow(group.day, profile.context.recent)) continue;
    const amount = Decimal.of(group.effectiveCost);
    if (group.model === null) {
      note(group.currency, '(no model named)', group.providerName, 'The rows name no model, so no price applies.', amount, group.rowCount);
      continue;
    }
    const resolution = resolved.get(`${group.providerName}\u0000${group.model}`);
    if (!prices || !resolution) {
      note(group.currency, group.model, group.providerName, 'The price book is empty.', amount, group.rowCount);
    } else if (!resolution.resolved) {
      note(group.currency, group.model, group.providerName, resolution.reason, amount, group.rowCount);
    } else if (!prices.priceAt(resolution.provider, resolution.model, group.day)) {
      note(group.currency, group.model, group.providerName, `${resolution.provider}/${resolution.model} has no price in force on some of its charge days.`, amount, group.rowCount);
    }
  }
  return [...found.values()]
    .sort((a, b) => b.total.compare(a.total))
    .map(({ total, ...entry }) => ({ ...entry, amount: total.toString() }));
}
