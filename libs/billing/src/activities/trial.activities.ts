import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApplicationFailure } from '@temporalio/common';
import { DataSource } from 'typeorm';
import type { ConvertTrialRequest, ConvertTrialResult, TrialActivities, TrialEndRequest } from '@apex/contracts';
import { OrganizationBilling } from '../organization-billing';
import { isSelfServeTier } from '../stripe/price-lookup-keys';
import { StripeGateway } from '../stripe/stripe-gateway';
import { BillingEmailActivity } from './billing-email.activity';
import { DowngradeToFreeActivity } from './downgrade-to-free.activity';
import { PaymentsGate } from './payments-gate';

/** The activities of `trial-<orgId>`. */
@Injectable()
export class TrialActivitiesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly billing: OrganizationBilling,
    private readonly stripe: StripeGateway,
    private readonly payments: PaymentsGate,
    private readonly emails: BillingEmailActivity,
    private readonly downgrade: DowngradeToFreeActivity,
  ) {}

  activities(): TrialActivities {
    return {
      sendBillingEmail: (request) => this.emails.sendBillingEmail(request),
      hasPaymentMethod: (orgId) => this.hasPaymentMethod(orgId),
      convertTrialToPaid: (request) => this.convertTrialToPaid(request),
      downgradeToFree: (request) => this.downgrade.downgradeToFree(request),
      recordTrialEnd: (request) => this.recordTrialEnd(request),
    };
  }

  /**
   * On record, or else at Stripe (a payment method whose webhook has not arrived yet still counts). With
   * payments disabled the record alone answers, so a trial still ends.
   */
  async hasPaymentMethod(orgId: string): Promise<boolean> {
    const org = await this.billing.find(orgId);
    if (!org) return false;
    if (org.hasPaymentMethod) return true;
    if (!org.stripeCustomerId || !(await this.payments.isOpen())) return false;
    return (await this.stripe.listPaymentMethods(org.stripeCustomerId)).length > 0;
  }

  /**
   * Ends the trial as a paid subscription of the trial's tier. A subscription the organisation already has
   * (bought during the trial, or the one a Stripe-side trial runs on, which Stripe charges when its trial ends)
   * is kept; otherwise one is created on the payment method on file. The subscription is remembered on the
   * trial, so a retry long after Stripe's idempotency window still creates nothing twice.
   */
  async convertTrialToPaid(request: ConvertTrialRequest): Promise<ConvertTrialResult> {
    const trial = await this.billing.findTrial(request.orgId);
    if (!trial) throw ApplicationFailure.nonRetryable(`organisation ${request.orgId} has no trial`, 'NoTrial');
    if (trial.subscriptionId) {
      await this.payments.assertOpen();
      const subscription = await this.stripe.retrieveSubscription(trial.subscriptionId);
      return { subscriptionId: subscription.id, status: subscription.status };
    }
    const org = await this.billing.find(request.orgId);
    if (org?.tier === 'enterprise') {
      // An operator's contract replaced the trial's plan: it is billed on the contract's own subscription.
      return { subscriptionId: null, status: 'contract' };
    }
    const live = await this.billing.liveSubscription(request.orgId);
    if (live) {
      await this.rememberSubscription(request.orgId, live.id);
      return { subscriptionId: live.id, status: live.status };
    }
    if (!isSelfServeTier(trial.tier)) {
      throw ApplicationFailure.nonRetryable(`a ${trial.tier} trial cannot become a self-serve subscription`, 'NotSelfServe');
    }
    await this.payments.assertOpen();
    const customerId = await this.billing.ensureStripeCustomer(request.orgId);
    const paymentMethodId = org?.paymentMethod?.id ?? (await this.stripe.listPaymentMethods(customerId))[0]?.id ?? null;
    const created = await this.stripe.createSubscription(
      { orgId: request.orgId, customerId, tier: trial.tier, defaultPaymentMethodId: paymentMethodId },
      request.idempotencyKey,
    );
    await this.rememberSubscription(request.orgId, created.id);
    return { subscriptionId: created.id, status: created.status };
  }

  async recordTrialEnd(request: TrialEndRequest): Promise<void> {
    await this.billing.endTrial(request.orgId, request.state);
  }

  private async rememberSubscription(orgId: string, subscriptionId: string): Promise<void> {
    await this.db.query('UPDATE trials SET subscription_id = COALESCE(subscription_id, $2) WHERE org_id = $1', [orgId, subscriptionId]);
  }
}
