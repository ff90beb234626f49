import type { Feature, PlanView, Tier } from '@apex/contracts';

/** Columns of `plans`, as selected by PLAN_COLUMNS. */
export interface PlanRow {
  tier: string;
  name: string;
  rank: number;
  run_limit: number;
  window_seconds: number;
  features: string[];
  pricing_rule: PlanView['pricing']['rule'];
  flat_monthly_cents: number | null;
  percent_of_spend: string | null;
  contract_percent_min: string | null;
  contract_percent_max: string | null;
}

export const PLAN_COLUMNS = `p.tier, p.name, p.rank, p.run_limit, p.window_seconds, p.features, p.pricing_rule,
  p.flat_monthly_cents, p.percent_of_spend::text AS percent_of_spend,
  p.contract_percent_min::text AS contract_percent_min, p.contract_percent_max::text AS contract_percent_max`;

export function toPlanView(row: PlanRow): PlanView {
  return {
    tier: row.tier as Tier,
    name: row.name,
    rank: row.rank,
    runLimit: row.run_limit,
    windowSeconds: row.window_seconds,
    features: row.features as Feature[],
    pricing: {
      rule: row.pricing_rule,
      flatMonthlyCents: row.flat_monthly_cents,
      percentOfSpend: row.percent_of_spend,
      contractPercentMin: row.contract_percent_min,
      contractPercentMax: row.contract_percent_max,
    },
  };
}
