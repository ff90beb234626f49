import { stripeFixtureObject } from '@apex/testing';
import { checkoutSessionCompleted } from './checkout-session-completed';
import { billingSnapshot as snapshot, eventInput, ORG_ID as orgId, T0 } from './testing/reducer-fixtures';

const completed = () =>
  eventInput('checkout.session.completed', { ...stripeFixtureObject('checkout.session.completed'), client_reference_id: orgId }, T0, 'evt_1');

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
