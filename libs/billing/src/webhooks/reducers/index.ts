import type { Reducer } from '../reduction';
import { checkoutSessionCompleted } from './checkout-session-completed';
import { invoiceFinalized, invoicePaid, invoicePaymentFailed } from './invoice-events';
import { paymentMethodAttached } from './payment-method-attached';
import { subscriptionCreated, subscriptionDeleted, subscriptionTrialWillEnd, subscriptionUpdated } from './subscription-changed';

/** The event types Apex acts on; any other type is stored and acknowledged and changes nothing. */
export const REDUCERS: Readonly<Partial<Record<string, Reducer>>> = {
  'checkout.session.completed': checkoutSessionCompleted,
  'customer.subscription.created': subscriptionCreated,
  'customer.subscription.updated': subscriptionUpdated,
  'customer.subscription.deleted': subscriptionDeleted,
  'customer.subscription.trial_will_end': subscriptionTrialWillEnd,
  'invoice.finalized': invoiceFinalized,
  'invoice.paid': invoicePaid,
  'invoice.payment_failed': invoicePaymentFailed,
  'payment_method.attached': paymentMethodAttached,
};

export const HANDLED_EVENT_TYPES = Object.keys(REDUCERS);
