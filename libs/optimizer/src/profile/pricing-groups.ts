import type { EffectiveSavingsRate, PricingClass, SpendProfile } from '@apex/contracts';
import { COST_DAILY_ROLLUPS_FROM } from '@apex/costs';
import { Decimal } from '@apex/domain';
import type { DayWindow } from '../agents/agent-context';

/**
 * The Usage rows of one UTC day that share currency, provider, ServiceCategory, service and pricing class, summed:
 * what the profile's commitment coverage and Effective Savings Rate are computed from (aggregates, never rows).
 */
export interface PricingGroup {
  day: string;
  currency: string;
  providerName: string;
  serviceCategory: string | null;
  service: string | null;
  pricing: PricingClass | null;
  rowCount: number;
  effectiveCost: string;
  /** ListCost and EffectiveCost of the group's rows that carry a ListCost; null when none does. */
  listCost: string | null;
  listedEffectiveCost: string | null;
}

/** $1 org, $2 first day, $3 day after the last (dates). Read from the daily rollups. */
export const PRICING_GROUPS_SQL = `
  SELECT to_char(r.day, 'YYYY-MM-DD') AS day,
         r.billing_currency AS currency,
         r.provider_name,
         r.service_category,
         r.service_name AS service,
         r.pricing_class AS pricing,
         sum(r.row_count)::text AS row_count,
         trim_scale(sum(r.effective_cost))::text AS effective_cost,
         trim_scale(sum(r.list_cost))::text AS list_cost,
         trim_scale(sum(r.listed_effective_cost))::text AS listed_effective_cost
  ${COST_DAILY_ROLLUPS_FROM}
  WHERE r.org_id = $1 AND r.day >= $2::date AND r.day < $3::date AND r.charge_category = 'Usage'
  GROUP BY 1, 2, 3, 4, 5, 6`;

export interface PricingGroupRow {
  day: string;
  currency: string;
  provider_name: string;
  service_category: string | null;
  service: string | null;
  pricing: PricingClass | null;
  row_count: string;
  effective_cost: string;
  list_cost: string | null;
  listed_effective_cost: string | null;
}

export const toPricingGroup = (row: PricingGroupRow): PricingGroup => ({
  day: row.day,
  currency: row.currency.trim(),
  providerName: row.provider_name,
  serviceCategory: row.service_category,
  service: row.service,
  pricing: row.pricing,
  rowCount: Number(row.row_count),
  effectiveCost: row.effective_cost,
  listCost: row.list_cost,
  listedEffectiveCost: row.listed_effective_cost,
});

const inWindow = (day: string, window: DayWindow) => day >= window.from && day < window.to;
const percent = (part: Decimal, whole: Decimal) => part.times(100).dividedBy(whole, 2).toString();

/** The window's commitment coverage in one currency, as `SpendProfile.commitmentCoverage` defines it. */
export function commitmentCoverage(groups: PricingGroup[], currency: string, window: DayWindow): SpendProfile['commitmentCoverage'] {
  const mine = groups.filter((g) => g.currency === currency && inWindow(g.day, window));
  const category = (g: PricingGroup) => `${g.providerName}\u0000${g.serviceCategory ?? ''}`;
  const committedCategories = new Set(mine.filter((g) => g.pricing === 'committed' || g.pricing === 'unused_commitment').map(category));
  if (committedCategories.size === 0) return null;
  let covered = Decimal.ZERO;
  let onDemand = Decimal.ZERO;
  for (const g of mine) {
    if (g.pricing === 'committed') covered = covered.plus(g.effectiveCost);
    else if (g.pricing === 'on_demand' && committedCategories.has(category(g))) onDemand = onDemand.plus(g.effectiveCost);
  }
  const eligible = covered.plus(onDemand);
  if (!eligible.isPositive()) return null;
  return { eligibleSpend: eligible.toString(), coveredSpend: covered.toString(), coveragePercent: percent(covered, eligible) };
}

/** The window's Effective Savings Rate by provider and service in one currency, as `SpendProfile` defines it. */
export function effectiveSavingsRates(groups: PricingGroup[], currency: string, window: DayWindow): EffectiveSavingsRate[] {
  const byService = new Map<string, { provider: string; service: string | null; list: Decimal; effective: Decimal }>();
  for (const g of groups) {
    if (g.currency !== currency || !inWindow(g.day, window)) continue;
    // An unused commitment bought no usage: its list cost counts as nothing, its cost in full (with a ListCost or not).
    const counted =
      g.pricing === 'unused_commitment'
        ? { list: Decimal.ZERO, effective: Decimal.of(g.effectiveCost) }
        : g.listCost !== null && g.listedEffectiveCost !== null
          ? { list: Decimal.of(g.listCost), effective: Decimal.of(g.listedEffectiveCost) }
          : null;
    if (!counted) continue;
    const key = `${g.providerName}\u0000${g.service ?? ''}`;
    const entry = byService.get(key) ?? { provider: g.providerName, service: g.service, list: Decimal.ZERO, effective: Decimal.ZERO };
    entry.list = entry.list.plus(counted.list);
    entry.effective = entry.effective.plus(counted.effective);
    byService.set(key, entry);
  }
  return [...byService.values()]
    .filter((e) => e.list.isPositive())
    .sort((a, b) => b.list.compare(a.list) || a.provider.localeCompare(b.provider) || (a.service ?? '').localeCompare(b.service ?? ''))
    .map((e) => ({
      provider: e.provider,
      service: e.service,
      listCost: e.list.toString(),
      effectiveCost: e.effective.toString(),
      ratePercent: percent(e.list.minus(e.effective), e.list),
    }));
}
