import { Module } from '@nestjs/common';
import { EntitlementsModule } from '@apex/entitlements';
import { OrganizationBilling } from './organization-billing';
import { StripeGateway } from './stripe/stripe-gateway';

/** Billing on Stripe: the Stripe gateway and the organisation's billing records, for the API and the worker. */
@Module({
  imports: [EntitlementsModule],
  providers: [StripeGateway, OrganizationBilling],
  exports: [StripeGateway, OrganizationBilling],
})
export class BillingModule {}
