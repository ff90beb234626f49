import { Module } from '@nestjs/common';
import { PaymentsModule, BillingModule } from '@apex/billing';
import { AuthModule } from '../auth/auth.module';
import { BillingController } from './billing.controller';
import { BillingWebhookController } from './billing-webhook.controller';
import { EnterpriseTermsController } from './enterprise-terms.controller';

/** Billing routes: the owner's billing, Stripe's webhook and operators' Enterprise terms. */
@Module({
  imports: [BillingModule, PaymentsModule, AuthModule],
  controllers: [BillingController, BillingWebhookController, EnterpriseTermsController],
})
export class BillingApiModule {}
