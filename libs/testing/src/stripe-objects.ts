import { randomBytes } from 'node:crypto';
import { stripeFixtureObject } from './stripe-webhooks';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A Stripe-like id no other test uses: `sub_test3f9c…`. */
export const stripeId = (prefix: string) => `${prefix}_test${randomBytes(8).toString('hex')}`;

export interface SubscriptionShape {
  id: string;
  customerId: string;
  status: string;
  tier: 'early' | 'mid' | 'enterprise';
  /** Whole seconds. */
  periodStart: number;
  /** Whole seconds; 30 days after the start unless given. */
  periodEnd?: number;
  cancelAtPeriodEnd?: boolean;
  metadata?: Record<string, string>;
}

/** A subscription as Stripe sends it in events, on the price of `tier`. */
export function subscriptionObject(shape: SubscriptionShape): Json {
  const object = stripeFixtureObject('subscription.updated') as Json;
  object['id'] = shape.id;
  object['customer'] = shape.customerId;
  object['status'] = shape.status;
  object['cancel_at_period_end'] = shape.cancelAtPeriodEnd ?? false;
  object['metadata'] = shape.metadata ?? {};
  const item = object['items'].data[0];
  item.subscription = shape.id;
  item.price.lookup_key = `apex_${shape.tier}_monthly`;
  item.current_period_start = shape.periodStart;
  item.current_period_end = shape.periodEnd ?? shape.periodStart + 30 * 86_400;
  if (shape.status !== 'canceled') {
    object['canceled_at'] = null;
    object['ended_at'] = null;
  }
  return object;
}

export interface InvoiceShape {
  id: string;
  customerId: string;
  subscriptionId: string;
  status: 'open' | 'paid';
  attemptCount: number;
  amountDueCents?: number;
  /** Whole seconds; none unless given. */
  paidAt?: number;
}

/** An invoice of a subscription as Stripe sends it in events; a paid one has its whole amount paid. */
export function invoiceObject(shape: InvoiceShape): Json {
  const object = stripeFixtureObject('invoice.payment_failed') as Json;
  object['id'] = shape.id;
  object['customer'] = shape.customerId;
  object['status'] = shape.status;
  object['attempt_count'] = shape.attemptCount;
  object['amount_due'] = shape.amountDueCents ?? 9900;
  object['amount_paid'] = shape.status === 'paid' ? (shape.amountDueCents ?? 9900) : 0;
  object['parent'].subscription_details.subscription = shape.subscriptionId;
  object['status_transitions'].paid_at = shape.paidAt ?? null;
  return object;
}

/** A Visa card attached to the customer. */
export function paymentMethodObject(customerId: string, last4: string): Json {
  return {
    id: stripeId('pm'),
    object: 'payment_method',
    type: 'card',
    customer: customerId,
    card: { brand: 'visa', last4, exp_month: 12, exp_year: 2030 },
    created: Math.floor(Date.now() / 1000),
    livemode: false,
  };
}
