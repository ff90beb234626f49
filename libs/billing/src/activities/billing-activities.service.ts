import { Injectable } from '@nestjs/common';
import type { BillingPeriodActivities, DunningActivities, TrialActivities } from '@apex/contracts';
import { BillingPeriodActivitiesService } from './billing-period.activities';
import { DunningActivitiesService } from './dunning.activities';
import { TrialActivitiesService } from './trial.activities';

/** Every activity of the billing workflows (trial, dunning, billing period), for the worker's registry. */
@Injectable()
export class BillingActivitiesService {
  constructor(
    private readonly trial: TrialActivitiesService,
    private readonly dunning: DunningActivitiesService,
    private readonly periods: BillingPeriodActivitiesService,
  ) {}

  activities(): TrialActivities & DunningActivities & BillingPeriodActivities {
    return { ...this.trial.activities(), ...this.dunning.activities(), ...this.periods.activities() };
  }
}
