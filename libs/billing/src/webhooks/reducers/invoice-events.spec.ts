import { stripeFixtureObject } from '@apex/testing';
import type { BillingSnapshot, InvoiceState, Reduction } from '../reduction';
import { invoiceFinalized, invoicePaid, invoicePaymentFailed } from './invoice-events';
import { billingSnapshot, eventInput as event, ORG_ID as orgId, T0 } from './testing/reducer-fixtures';

const snapshot = (overrides: Partial<BillingSnapshot> = {}) =>
  billingSnapshot({ tier: 'early', stripeCustomerId: 'cus_1234', hasPaymentMethod: true, ...overrides });

function invoice(status: string, attemptCount = 1) {
  const object = stripeFixtureObject('invoice.payment_failed') as Record<string, any>;
  object['status'] = status;
  object['attempt_count'] = attemptCount;
  return object;
}

const apply = (state: BillingSnapshot, reduction: Reduction): BillingSnapshot =>
  reduction.changes.reduce((s, c) => (c.kind === 'putInvoice' ? { ...s, invoice: c.invoice } : s), state);

const stored = (state: BillingSnapshot) => state.invoice as InvoiceState;

describe('invoice events', () => {
  it('a failed payment records the invoice and opens its dunning case', () => {
    const reduction = invoicePaymentFailed(event('invoice.payment_failed', invoice('open'), T0), snapshot());
    expect(reduction.outcome).toBe('applied');
    expect(stored(apply(snapshot(), reduction))).toMatchObject({
      id: 'in_1234',
      subscriptionId: 'sub_1234',
      status: 'open',
      amountDueCents: 24900,
      currency: 'usd',
      lastPaymentFailedAt: '2026-01-01T00:00:00.000Z',
    });
    expect(reduction.effects).toEqual([
      {
        kind: 'startDunning',
        input: {
          orgId,
          invoiceId: 'in_1234',
          subscriptionId: 'sub_1234',
          failedAt: '2026-01-01T00:00:00.000Z',
          retryDays: [3, 5, 7],
          amountDueCents: 24900,
          currency: 'usd',
        },
      },
    ]);
  });

  it('a declined card on a sent invoice (an Enterprise contract, paid on its terms) is recorded but opens no dunning', () => {
    const sent = { ...invoice('open'), collection_method: 'send_invoice' };
    const reduction = invoicePaymentFailed(event('invoice.payment_failed', sent, T0), snapshot({ tier: 'enterprise' }));
    expect(reduction.outcome).toBe('applied');
    expect(stored(apply(snapshot(), reduction))).toMatchObject({ id: 'in_1234', status: 'open', lastPaymentFailedAt: '2026-01-01T00:00:00.000Z' });
    expect(reduction.effects).toEqual([]);
  });

  it('a second failure keeps the first failure as the start of dunning', () => {
    const first = apply(snapshot(), invoicePaymentFailed(event('invoice.payment_failed', invoice('open'), T0), snapshot()));
    const second = invoicePaymentFailed(event('invoice.payment_failed', invoice('open', 2), T0 + 86_400), first);
    expect(second.effects).toMatchObject([{ kind: 'startDunning', input: { failedAt: '2026-01-01T00:00:00.000Z' } }]);
  });

  it('paying an invoice after a failure signals its dunning case', () => {
    const failed = apply(snapshot(), invoicePaymentFailed(event('invoice.payment_failed', invoice('open'), T0), snapshot()));
    const paid = invoicePaid(event('invoice.paid', invoice('paid', 2), T0 + 100), failed);
    expect(stored(apply(failed, paid))).toMatchObject({ status: 'paid', paidAt: '2026-01-01T00:01:40.000Z' });
    expect(paid.effects).toEqual([
      { kind: 'dunningInvoicePaid', invoiceId: 'in_1234', signal: { invoiceId: 'in_1234', at: '2026-01-01T00:01:40.000Z' } },
    ]);
  });

  it('an invoice paid at the first attempt signals nothing', () => {
    expect(invoicePaid(event('invoice.paid', invoice('paid'), T0), snapshot()).effects).toEqual([]);
  });

  it('a failure delivered after the payment changes nothing and starts no dunning', () => {
    const paid = apply(snapshot(), invoicePaid(event('invoice.paid', invoice('paid', 2), T0 + 100), snapshot()));
    expect(invoicePaymentFailed(event('invoice.payment_failed', invoice('open'), T0), paid)).toEqual({
      outcome: 'stale',
      changes: [],
      effects: [],
    });
    expect(invoiceFinalized(event('invoice.finalized', invoice('open'), T0 + 500), paid).outcome).toBe('stale');
  });

  it('a finalized invoice is stored as open, with nothing to start', () => {
    const reduction = invoiceFinalized(event('invoice.finalized', invoice('open', 0), T0), snapshot());
    expect(stored(apply(snapshot(), reduction))).toMatchObject({ status: 'open', attemptCount: 0, lastPaymentFailedAt: null });
    expect(reduction.effects).toEqual([]);
  });
});
