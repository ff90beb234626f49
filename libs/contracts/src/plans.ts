export const TIERS = ['free', 'early', 'mid', 'enterprise'] as const;
export type Tier = (typeof TIERS)[number];

export const FEATURES = [
  'basic_chat',
  'simple_optimization',
  'advanced_optimization',
  'basic_analytics',
  'api_access',
  'all_agents',
  'team_collaboration',
  'advanced_analytics',
  'white_label',
  'custom_models',
  'dedicated_support',
] as const;
export type Feature = (typeof FEATURES)[number];

export type PricingRule = 'free' | 'flat_or_percent' | 'contract';

/** Money is integer cents; percentages are decimal strings, e.g. "2.00". */
export interface PlanPricing {
  rule: PricingRule;
  flatMonthlyCents: number | null;
  percentOfSpend: string | null;
  contractPercentMin: string | null;
  contractPercentMax: string | null;
}

export interface PlanView {
  tier: Tier;
  name: string;
  rank: number;
  runLimit: number;
  windowSeconds: number;
  /** Every feature the tier includes (cumulative over lower tiers). */
  features: Feature[];
  pricing: PlanPricing;
}

/** What an organisation may do now: its plan with any per-organisation terms applied. */
export interface Entitlements {
  tier: Tier;
  runLimit: number;
  windowSeconds: number;
  features: Feature[];
}

export type UpgradeOffer = Pick<PlanView, 'tier' | 'name' | 'runLimit' | 'windowSeconds' | 'pricing'>;

export const FEATURE_FLAGS = ['payments_enabled', 'trial_enabled', 'usage_limits_enforced', 'cloud_billing_integration'] as const;
export type FeatureFlag = (typeof FEATURE_FLAGS)[number];
