import { Injectable } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/common';
import type { DunningActivities, RetryInvoicePaymentRequest, RetryInvoicePaymentResult } from '@apex/contracts';
import { OrganizationBilling } from '../organization-billing';
import { StripeGateway, StripePaymentMethodSummary } from '../stripe/stripe-gateway';
import { BillingEmailActivity } from './billing-email.activity';
import { DowngradeToFreeActivity } from './downgrade-to-free.activity';
import { PaymentsGate } from './payments-gate';

const expired = (method: StripePaymentMethodSummary, now: Date) =>
  method.expYear !== null &&
  method.expMonth !== null &&
  (method.expYear < now.getUTCFullYear() || (method.expYear === now.getUTCFullYear() && method.expMonth < now.getUTCMonth() + 1));

/** The activities of `dunning-<invoiceId>`. */
@Injectable()
export class DunningActivitiesService {
  constructor(
    private readonly billing: OrganizationBilling,
    private readonly stripe: StripeGateway,
    private readonly payments: PaymentsGate,
    private readonly emails: BillingEmailActivity,
    private readonly downgrade: DowngradeToFreeActivity,
  ) {}

  activities(): DunningActivities {
    return {
      sendBillingEmail: (request) => this.emails.sendBillingEmail(request),
      retryInvoicePayment: (request) => this.retryInvoicePayment(request),
      findFallbackPaymentMethod: (request) => this.findFallbackPaymentMethod(request),
      downgradeToFree: (request) => this.downgrade.downgradeToFree(request),
      recordDunningCase: (update) => this.billing.recordDunningCase(update),
    };
  }

  /**
   * Attempts payment of the organisation's invoice now, under the attempt's idempotency key. A paid invoice is a
   * success without a new attempt; a declined card is a result; anything else throws and is retried.
   */
  async retryInvoicePayment(request: RetryInvoicePaymentRequest): Promise<RetryInvoicePaymentResult> {
    await this.payments.assertOpen();
    const customerId = await this.customerOf(request.orgId);
    const invoice = await this.stripe.retrieveInvoice(request.invoiceId);
    if (!customerId || invoice.customerId !== customerId) {
      throw ApplicationFailure.nonRetryable(`invoice ${request.invoiceId} is not organisation ${request.orgId}'s`, 'ForeignInvoice');
    }
    if (invoice.status === 'paid') return { paid: true, failure: null };
    if (invoice.status === 'void') return { paid: false, failure: 'the invoice was voided' };
    const result = await this.stripe.payInvoice(request.invoiceId, { paymentMethodId: request.paymentMethodId }, request.idempotencyKey);
    return result.paid ? { paid: true, failure: null } : { paid: false, failure: result.failure };
  }

  /**
   * Another unexpired payment method of the customer than the ones the retries used: the invoice's own and the
   * one on record for the organisation (its newest attached).
   */
  async findFallbackPaymentMethod(request: { orgId: string; invoiceId: string }): Promise<string | null> {
    const org = await this.billing.find(request.orgId);
    if (!org?.stripeCustomerId) return null;
    await this.payments.assertOpen();
    const invoice = await this.stripe.retrieveInvoice(request.invoiceId);
    const used = new Set([invoice.defaultPaymentMethodId, org.paymentMethod?.id].filter((id): id is string => !!id));
    const now = new Date();
    const methods = await this.stripe.listPaymentMethods(org.stripeCustomerId);
    return methods.find((method) => !used.has(method.id) && !expired(method, now))?.id ?? null;
  }

  private async customerOf(orgId: string): Promise<string | null> {
    return (await this.billing.find(orgId))?.stripeCustomerId ?? null;
  }
}
