import { Injectable } from '@nestjs/common';
import type { Feature } from '@apex/contracts';
import { ProblemType } from '@apex/contracts';
import { EntitlementsPort } from '@apex/entitlements';
import { ProblemException } from '@apex/http';

/** Refuses with the 403 feature-gated problem (feature, requiredTier, upgrade) when the plan lacks a feature. */
@Injectable()
export class FeatureGate {
  constructor(private readonly entitlements: EntitlementsPort) {}

  async require(orgId: string, feature: Feature, detail?: string): Promise<void> {
    const { tier, features } = await this.entitlements.forOrganization(orgId);
    if (features.includes(feature)) return;
    const upgrade = await this.entitlements.upgradeForFeature(feature);
    throw new ProblemException({
      type: ProblemType.featureGated,
      title: 'Your plan does not include this feature',
      status: 403,
      detail:
        detail ??
        `The ${tier} plan does not include ${feature}.${upgrade ? ` Upgrade to ${upgrade.name} to use it.` : ''}`,
      feature,
      requiredTier: upgrade?.tier ?? null,
      upgrade,
    });
  }
}
