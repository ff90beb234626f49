import type { BillingSnapshot } from '../reduction';
import { paymentMethodAttached } from './payment-method-attached';
import { billingSnapshot, eventInput, ORG_ID as orgId, T0 } from './testing/reducer-fixtures';

const snapshot = (overrides: Partial<BillingSnapshot> = {}) => billingSnapshot({ tier: 'early', stripeCustomerId: 'cus_1', ...overrides });

const attached = (id: string, last4: string, created: number) =>
  eventInput('payment_method.attached', { id, object: 'payment_method', type: 'card', customer: 'cus_1', card: { brand: 'visa', last4 } }, created);

describe('payment_method.attached', () => {
  it('records the payment method and tells a running trial at once', () => {
    const reduction = paymentMethodAttached(attached('pm_1', '4242', T0), snapshot({ trialActive: true }));
    expect(reduction.changes).toEqual([
      { kind: 'recordPaymentMethod', summary: { id: 'pm_1', brand: 'visa', last4: '4242', version: { created: T0, id: `evt_${T0}` } } },
    ]);
    expect(reduction.effects).toEqual([
      { kind: 'trialPaymentMethodAdded', orgId, signal: { paymentMethodId: 'pm_1', at: '2026-01-01T00:00:00.000Z' } },
    ]);
  });

  it('outside a trial it signals nothing', () => {
    expect(paymentMethodAttached(attached('pm_1', '4242', T0), snapshot()).effects).toEqual([]);
  });

  it('an older attachment arriving late does not replace the newer summary', () => {
    const current = snapshot({ hasPaymentMethod: true, paymentMethodVersion: { created: T0 + 10, id: 'evt_x' } });
    expect(paymentMethodAttached(attached('pm_old', '1111', T0), current).outcome).toBe('stale');
    expect(paymentMethodAttached(attached('pm_new', '5555', T0 + 20), current).changes).toEqual([
      { kind: 'recordPaymentMethod', summary: { id: 'pm_new', brand: 'visa', last4: '5555', version: { created: T0 + 20, id: `evt_${T0 + 20}` } } },
    ]);
  });
});
