import { isoAt } from '../event-version';
import { BillingChange, Reducer, WorkflowEffect } from '../reduction';
import { readCheckoutSession } from '../stripe-objects';

/**
 * checkout.session.completed: links the Stripe customer to the organisation if it was not yet, and converts a
 * running trial. The subscription's own state (and so the tier) arrives with its customer.subscription events,
 * which carry the whole object and its version.
 */
export const checkoutSessionCompleted: Reducer = (event, snapshot) => {
  const session = readCheckoutSession(event.object);
  const changes: BillingChange[] = [];
  const effects: WorkflowEffect[] = [];
  if (session.customerId && !snapshot.stripeCustomerId) changes.push({ kind: 'linkCustomer', customerId: session.customerId });
  if (session.mode === 'subscription' && session.status === 'complete' && snapshot.trialActive) {
    effects.push({
      kind: 'trialConverted',
      orgId: snapshot.orgId,
      signal: { subscriptionId: session.subscriptionId, at: isoAt(event.created) },
    });
  }
  return { outcome: 'applied', changes, effects };
};
