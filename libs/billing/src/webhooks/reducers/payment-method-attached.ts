import { isNewer, isoAt } from '../event-version';
import { Reducer, stale } from '../reduction';
import { readPaymentMethod } from '../stripe-objects';

/**
 * payment_method.attached: the organisation has a payment method (the summary shown is the newest attached);
 * during a trial, the trial workflow hears of it at once.
 */
export const paymentMethodAttached: Reducer = (event, snapshot) => {
  const facts = readPaymentMethod(event.object);
  const version = { created: event.created, id: event.id };
  const newer = isNewer(version, snapshot.paymentMethodVersion);
  if (!newer && snapshot.hasPaymentMethod) return stale();
  return {
    outcome: 'applied',
    changes: [
      {
        kind: 'recordPaymentMethod',
        summary: newer ? { id: facts.id, brand: facts.brand, last4: facts.last4, version } : null,
      },
    ],
    effects: snapshot.trialActive
      ? [
          {
            kind: 'trialPaymentMethodAdded',
            orgId: snapshot.orgId,
            signal: { paymentMethodId: facts.id, at: isoAt(event.created) },
          },
        ]
      : [],
  };
};
