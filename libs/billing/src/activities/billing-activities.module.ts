import { Module } from '@nestjs/common';
import { EmailModule } from '@apex/email';
import { EntitlementsModule } from '@apex/entitlements';
import { BillingModule } from '../billing.module';
import { BillingActivitiesService } from './billing-activities.service';
import { BillingEmailActivity } from './billing-email.activity';
import { BillingPeriodActivitiesService } from './billing-period.activities';
import { DowngradeToFreeActivity } from './downgrade-to-free.activity';
import { DunningActivitiesService } from './dunning.activities';
import { PaymentsGate } from './payments-gate';
import { TrialActivitiesService } from './trial.activities';

/** The billing workflows' activities, for the worker. */
@Module({
  imports: [BillingModule, EmailModule, EntitlementsModule],
  providers: [
    PaymentsGate,
    BillingEmailActivity,
    DowngradeToFreeActivity,
    TrialActivitiesService,
    DunningActivitiesService,
    BillingPeriodActivitiesService,
    BillingActivitiesService,
  ],
  exports: [BillingActivitiesService],
})
export class BillingActivitiesModule {}
