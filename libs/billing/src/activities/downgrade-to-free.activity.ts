import { Injectable, Logger } from '@nestjs/common';
import type { DowngradeToFreeRequest } from '@apex/contracts';
import { ENDED_SUBSCRIPTION_STATUSES } from '@apex/contracts';
import { OrganizationBilling } from '../organization-billing';
import { StripeGateway } from '../stripe/stripe-gateway';
import { PaymentsGate } from './payments-gate';

/**
 * `downgradeToFree`: cancels the organisation's subscription at Stripe now (the one named, else its live one)
 * and puts the organisation on Free, unless it is on an Enterprise contract. Idempotent: an ended subscription
 * is not cancelled again, and the Stripe call carries the workflow's key.
 */
@Injectable()
export class DowngradeToFreeActivity {
  private readonly logger = new Logger(DowngradeToFreeActivity.name);

  constructor(
    private readonly billing: OrganizationBilling,
    private readonly stripe: StripeGateway,
    private readonly payments: PaymentsGate,
  ) {}

  async downgradeToFree(request: DowngradeToFreeRequest): Promise<void> {
    const org = await this.billing.find(request.orgId);
    if (!org) return;
    if (org.tier === 'enterprise') {
      // An operator put it on a contract meanwhile (which ends its trial); the contract's terms alone change its plan.
      this.logger.warn(`organisation ${request.orgId} is on an Enterprise contract; it is not downgraded (${request.reason})`);
      return;
    }
    const subscriptionId = request.subscriptionId ?? (await this.billing.liveSubscription(request.orgId))?.id ?? null;
    if (subscriptionId) {
      await this.payments.assertOpen();
      const subscription = await this.stripe.retrieveSubscription(subscriptionId);
      if (subscription.customerId !== org.stripeCustomerId) {
        this.logger.warn(`subscription ${subscriptionId} is not organisation ${request.orgId}'s; it is left as it is`);
      } else if (!ENDED_SUBSCRIPTION_STATUSES.includes(subscription.status)) {
        await this.stripe.cancelNow(subscriptionId, `${request.idempotencyKey}:cancel:${subscriptionId}`);
      }
    }
    if (!(await this.billing.downgradeToFreeUnlessContract(request.orgId))) {
      this.logger.warn(`organisation ${request.orgId} moved onto an Enterprise contract meanwhile; it stays there (${request.reason})`);
    }
  }
}
