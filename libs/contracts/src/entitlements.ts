import type { Entitlements, Feature, FeatureFlag, Tier } from './plans';

/** What the portal needs to show or hide: the caller organisation's entitlements and the flags in force. */
export interface EntitlementsView extends Entitlements {
  flags: Record<FeatureFlag, boolean>;
}

export interface FeatureFlagView {
  flag: FeatureFlag;
  enabled: boolean;
  /** `override` when an operator set it at runtime, `config` when the deployment's default applies. */
  source: 'config' | 'override';
  configDefault: boolean;
  updatedAt: string | null;
  updatedBy: string | null;
}

export interface SetFeatureFlag {
  enabled: boolean;
}

export interface SetOrganizationPlan {
  tier: Tier;
}

/** Per-organisation terms (enterprise contracts); a field left out means "as the plan says". */
export interface OrganizationTerms {
  runLimit?: number | null;
  windowSeconds?: number | null;
  extraFeatures?: Feature[];
  /** Decimal string between 8 and 15, e.g. "10.50". */
  contractPercent?: string | null;
  contractMinimumCents?: number | null;
}

export interface OrganizationPlanView {
  orgId: string;
  tier: Tier;
  terms: Required<OrganizationTerms> | null;
  entitlements: Entitlements;
}
