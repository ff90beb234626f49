import { Injectable } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/common';
import { FeatureFlagsPort } from '@apex/entitlements';
import { StripeGateway } from '../stripe/stripe-gateway';

/**
 * Whether an activity may talk to Stripe now. With `payments_enabled` off (or Stripe not configured) nothing
 * is sent: the activity fails retryably, so the billing workflow waits, with backoff, until payments are back
 * on, and then carries on where it stood.
 */
@Injectable()
export class PaymentsGate {
  constructor(
    private readonly flags: FeatureFlagsPort,
    private readonly stripe: StripeGateway,
  ) {}

  async isOpen(): Promise<boolean> {
    return this.stripe.configured && (await this.flags.isEnabled('payments_enabled'));
  }

  async assertOpen(): Promise<void> {
    if (!(await this.flags.isEnabled('payments_enabled'))) {
      throw ApplicationFailure.retryable('payments are disabled (payments_enabled is off): nothing is sent to Stripe', 'PaymentsDisabled');
    }
    if (!this.stripe.configured) {
      throw ApplicationFailure.retryable('Stripe is not configured: set STRIPE_SECRET_KEY', 'StripeNotConfigured');
    }
  }
}
