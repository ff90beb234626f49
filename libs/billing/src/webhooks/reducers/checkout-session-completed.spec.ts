import { stripeFixtureObject } from '@apex/testing';
import type { BillingSnapshot, StripeEventInput } from '../reduction';
import { checkoutSessionCompleted } from './checkout-session-completed';

const orgId = '0b8a4f5e-1111-4222-8333-444455556666';
const T0 = 1_767_225_600;

const snapshot = (overrides: Partial<BillingSnapshot> = {}): BillingSnapshot => ({
  orgId,
  tier: 'free',
  stripeCustomerId: null,
  hasPaymentMethod: false,
  paymentMethodVersion: null,
  trialActive: false,
  subscription: null,
  otherLiveSubscriptionTier: null,
  invoice: null,
  dunningRetryDays: [3, 5, 7],
  ...overrides,
});

const completed = (): StripeEventInput => ({
  id: 'evt_1',
  type: 'checkout.session.completed',
  created: T0,
  object: { ...stripeFixtureObject('checkout.session.completed'), client_reference_id: orgId },
});

describe('checkout.session.completed', () => {
  it('links the Stripe customer to the organisation and leaves the tier to the subscription events', () => {
    const reduction = checkoutSessionCompleted(completed(), snapshot());
    expect(reduction).toEqual({
      outcome: 'applied',
      changes: [{ kind: 'linkCustomer', customerId: 'cus_M5wW9RPFk9xNZ5' }],
      effects: [],
    });
  });

  it('converts a running trial', () => {
    const reduction = checkoutSessionCompleted(completed(), snapshot({ stripeCustomerId: 'cus_M5wW9RPFk9xNZ5', trialActive: true }));
    expect(reduction.changes).toEqual([]);
    expect(reduction.effects).toEqual([
      {
        kind: 'trialConverted',
        orgId,
        signal: { subscriptionId: 'sub_1LNkeSKXBGcbgpbZ7jMqOPSi', at: '2026-01-01T00:00:00.000Z' },
      },
    ]);
  });
});
