import { Injectable } from '@nestjs/common';
import type { UsageReconciliationActivities } from '@apex/contracts';
import { UsageReconciliationService } from './usage-reconciliation.service';

@Injectable()
export class UsageReconciliationActivitiesService {
  constructor(private readonly reconciliation: UsageReconciliationService) {}

  activities(): UsageReconciliationActivities {
    return {
      findEventsWithoutEntries: () => this.reconciliation.eventsWithoutEntries(),
      findUnbalancedEvents: () => this.reconciliation.unbalancedEvents(),
      findBalanceMismatches: () => this.reconciliation.balanceMismatches(),
      recordDrift: (checkId, findings) => this.reconciliation.recordDrift(checkId, findings),
    };
  }
}
