import type { ModelResolution } from '@apex/contracts';
import { addDays, startOfDay } from '@apex/costs';
import type { SqlRunner } from '../../sql-runner';
import type { AgentContext, DayWindow } from '../agent-context';
import type { PriceLookup } from '../llm/llm-agent';
import type { RunProfile, SpellingDays, SpellingResolution, UsageGroup } from '../../profile/run-profile';
import { EVIDENCE_DAYS_SQL, HOURLY_SHAPE_SQL, LAST_DAY_SQL, USAGE_GROUPS_SQL } from '../../profile/usage-groups.sql';
import { PRICING_GROUPS_SQL, PricingGroupRow, toPricingGroup } from '../../profile/pricing-groups';
import { HourlyRow, spendProfile, unpricedModels } from './spend-profiles';

/** A price-book version as a run uses it: prices and the rules that resolve model names. */
export interface RunPrices extends PriceLookup {
  resolve(rawModelName: string, providerName: string | null): ModelResolution;
}

export const RECENT_DAYS = 30;
export const LONG_DAYS = 90;

const windowEnding = (lastDay: string, days: number): DayWindow => ({ from: addDays(lastDay, 1 - days), to: addDays(lastDay, 1), days });

interface GroupRow {
  day: string;
  currency: string;
  is_ai: boolean;
  provider_name: string;
  service: string | null;
  model: string | null;
  tier: UsageGroup['tier'];
  row_count: string;
  effective_cost: string;
  billed_cost: string;
  list_cost: string | null;
  input_tokens: string;
  cached_tokens: string;
  output_tokens: string;
  requests: string;
}

/**
 * The data agent: profiles the last 30 and 90 days of an organisation's cost rows up to its last charge day and
 * resolves every model name the rows use. Spend, tokens, pricing classes and the hourly shape come from the rollups
 * the database keeps of the rows; only the evidence digests read the recent window's AI rows themselves, since a
 * digest names rows. Null when the organisation has no cost rows.
 */
export class DataAgent {
  constructor(
    private readonly sql: SqlRunner,
    /** Between queries, so that a cancelled run stops early and a long one shows it is alive. */
    private readonly checkpoint: () => void = () => undefined,
  ) {}

  async analyse(orgId: string, runId: string, prices: RunPrices | null): Promise<RunProfile | null> {
    const [{ last_day: lastDay }] = await this.sql.query<{ last_day: string | null }>(LAST_DAY_SQL, [orgId]);
    if (!lastDay) return null;
    const context: AgentContext = {
      orgId,
      runId,
      priceBookVersion: prices?.version ?? null,
      recent: windowEnding(lastDay, RECENT_DAYS),
      long: windowEnding(lastDay, LONG_DAYS),
    };
    this.checkpoint();
    const groups = (await this.sql.query<GroupRow>(USAGE_GROUPS_SQL, [orgId, context.long.from, context.long.to])).map(toGroup);
    this.checkpoint();
    const evidence = spellingDays(await this.sql.query(EVIDENCE_DAYS_SQL, [orgId, startOfDay(context.recent.from), startOfDay(context.recent.to)]));
    this.checkpoint();
    const hourly = (await this.sql.query<HourlyRow>(HOURLY_SHAPE_SQL, [orgId, context.recent.from, context.recent.to])).map((row) => ({ ...row, hour: Number(row.hour), weekday: Number(row.weekday) }));
    this.checkpoint();
    const pricing = (await this.sql.query<PricingGroupRow>(PRICING_GROUPS_SQL, [orgId, context.long.from, context.long.to])).map(toPricingGroup);
    this.checkpoint();

    const resolutions = resolveSpellings(groups, prices);
    const currencies = [...new Set(groups.map((group) => group.currency))].sort();
    const profiles = currencies.flatMap((currency) => [
      spendProfile(groups, currency, context.recent, resolutions, hourly, pricing),
      spendProfile(groups, currency, context.long, resolutions, null, pricing),
    ]);
    const profile: RunProfile = { context, groups, evidence, resolutions, profiles, unpriced: [] };
    profile.unpriced = unpricedModels(profile, prices);
    return profile;
  }
}

function toGroup(row: GroupRow): UsageGroup {
  return {
    day: row.day,
    currency: row.currency.trim(),
    isAi: row.is_ai,
    providerName: row.provider_name,
    service: row.service,
    model: row.model,
    tier: row.tier,
    rowCount: Number(row.row_count),
    effectiveCost: row.effective_cost,
    billedCost: row.billed_cost,
    listCost: row.list_cost,
    inputTokens: row.input_tokens,
    cachedTokens: row.cached_tokens,
    outputTokens: row.output_tokens,
    requests: row.requests,
  };
}

function spellingDays(rows: Array<{ currency: string; provider_name: string; model: string | null; day: string; row_count: string; amount: string; digest: string }>): SpellingDays[] {
  const bySpelling = new Map<string, SpellingDays>();
  for (const row of rows) {
    const currency = row.currency.trim();
    const key = `${currency}\u0000${row.provider_name}\u0000${row.model ?? ''}`;
    let entry = bySpelling.get(key);
    if (!entry) {
      entry = { currency, providerName: row.provider_name, model: row.model, days: [] };
      bySpelling.set(key, entry);
    }
    entry.days.push({ day: row.day, rowCount: Number(row.row_count), amount: row.amount, digest: row.digest });
  }
  return [...bySpelling.values()];
}

function resolveSpellings(groups: UsageGroup[], prices: RunPrices | null): SpellingResolution[] {
  const seen = new Map<string, SpellingResolution>();
  for (const group of groups) {
    if (!group.isAi || group.model === null) continue;
    const key = `${group.providerName}\u0000${group.model}`;
    if (seen.has(key)) continue;
    const resolution: ModelResolution = prices ? prices.resolve(group.model, group.providerName) : { resolved: false, reason: 'The price book is empty.' };
    seen.set(key, { providerName: group.providerName, model: group.model, resolution });
  }
  return [...seen.values()];
}
