import { Module } from '@nestjs/common';
import { CostDataLimitsService } from './cost-data-limits';
import { EntitlementsPort, FeatureFlagsPort } from './entitlements-port';
import { EntitlementsService } from './entitlements.service';
import { FeatureFlagsService } from './feature-flags.service';
import { OrganizationPlansService } from './organization-plans.service';

/** Plans as data, per-organisation terms and runtime feature flags. */
@Module({
  providers: [
    EntitlementsService,
    FeatureFlagsService,
    OrganizationPlansService,
    CostDataLimitsService,
    { provide: EntitlementsPort, useExisting: EntitlementsService },
    { provide: FeatureFlagsPort, useExisting: FeatureFlagsService },
  ],
  exports: [EntitlementsPort, FeatureFlagsPort, EntitlementsService, FeatureFlagsService, OrganizationPlansService, CostDataLimitsService],
})
export class EntitlementsModule {}
