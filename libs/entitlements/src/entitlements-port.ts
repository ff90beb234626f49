import type { Entitlements, Feature, FeatureFlag, PlanView, UpgradeOffer } from '@apex/contracts';

/** What an organisation's plan (with its overrides) allows, read from the plans table. */
export abstract class EntitlementsPort {
  abstract plans(): Promise<PlanView[]>;
  abstract forOrganization(orgId: string): Promise<Entitlements>;
  abstract upgradeForRuns(orgId: string): Promise<UpgradeOffer | null>;
  abstract upgradeForFeature(feature: Feature): Promise<UpgradeOffer | null>;
}

/** Feature flags from config, with runtime overrides operators set without a restart. */
export abstract class FeatureFlagsPort {
  abstract isEnabled(flag: FeatureFlag): Promise<boolean>;
}
