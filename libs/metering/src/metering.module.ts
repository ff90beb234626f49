import { Module } from '@nestjs/common';
import { EntitlementsModule } from '@apex/entitlements';
import { UsageReconciliationActivitiesService } from './usage-reconciliation-activities';
import { UsageReconciliationService } from './usage-reconciliation.service';
import { UsageTracker } from './usage-tracker';
import { UsageTrackerPort } from './usage-tracker-port';

/** Usage events with their double-entry ledger, usage summaries and the reconciliation of the books. */
@Module({
  imports: [EntitlementsModule],
  providers: [
    UsageTracker,
    { provide: UsageTrackerPort, useExisting: UsageTracker },
    UsageReconciliationService,
    UsageReconciliationActivitiesService,
  ],
  exports: [UsageTrackerPort, UsageTracker, UsageReconciliationService, UsageReconciliationActivitiesService],
})
export class MeteringModule {}
