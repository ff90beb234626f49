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
/**
 * PUT /admin/organizations/:orgId/overrides: what an organisation gets beyond its plan. An Enterprise contract's
 * price is not among them: PUT /admin/organizations/:orgId/enterprise-terms sets it and opens its billing.
 */
export interface OrganizationTerms {
  runLimit?: number | null;
  windowSeconds?: number | null;
  extraFeatures?: Feature[];
}

export interface OrganizationTermsView extends Required<OrganizationTerms> {
  /** Decimal string between 8 and 15, e.g. "10.50". */
  contractPercent: string | null;
  contractMinimumCents: number | null;
  /** The Stripe subscription the contract is billed on. */
  contractSubscriptionId: string | null;
}

export interface OrganizationPlanView {
  orgId: string;
  tier: Tier;
  terms: OrganizationTermsView | null;
  entitlements: Entitlements;
}

/** GET /admin/organizations: one organisation as operators find it. */
export interface OrganizationSummary {
  id: string;
  name: string;
  tier: Tier;
  /** The first owner's email, if the organisation has an owner. */
  ownerEmail: string | null;
  memberCount: number;
  createdAt: string;
  /** The Stripe customer, once billing has created it. */
  stripeCustomerId: string | null;
}
