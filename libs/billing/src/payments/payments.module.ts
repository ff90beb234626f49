import { Module } from '@nestjs/common';
import { EntitlementsModule } from '@apex/entitlements';
import { BillingModule } from '../billing.module';
import { WebhookProcessor } from '../webhooks/webhook-processor';
import { WorkflowEffects } from '../webhooks/workflow-effects';
import { BillingOverviewService } from './billing-overview.service';
import { PaymentService } from './payment.service';

/** The API side of billing: owner and operator operations and Stripe webhooks. Needs the Temporal client. */
@Module({
  imports: [BillingModule, EntitlementsModule],
  providers: [PaymentService, BillingOverviewService, WebhookProcessor, WorkflowEffects],
  exports: [PaymentService, BillingOverviewService, WebhookProcessor],
})
export class PaymentsModule {}
