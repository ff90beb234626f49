import type { InvoiceStatus } from '@apex/contracts';
import { compareVersions, EventVersion, isoAt } from '../event-version';
import { BillingSnapshot, InvoiceState, Reducer, Reduction, stale, StripeEventInput, unmatched, WorkflowEffect } from '../reduction';
import { InvoiceFacts, readInvoice } from '../stripe-objects';

/** An invoice only moves forward: draft, then open, then uncollectible, then paid or void. */
const RANK: Record<InvoiceStatus, number> = { draft: 0, open: 1, uncollectible: 2, paid: 3, void: 3 };

export function invoiceSupersedes(
  current: InvoiceState | null,
  incoming: { status: InvoiceStatus; version: EventVersion },
): boolean {
  if (!current) return true;
  const forward = RANK[incoming.status] - RANK[current.status];
  return forward > 0 || (forward === 0 && compareVersions(incoming.version, current.version) > 0);
}

const later = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a > b ? a : b);

function nextInvoice(
  event: StripeEventInput,
  snapshot: BillingSnapshot,
  facts: InvoiceFacts,
  status: InvoiceStatus,
  failedNow: boolean,
): InvoiceState {
  const current = snapshot.invoice;
  const at = isoAt(event.created);
  return {
    id: facts.id,
    subscriptionId: facts.subscriptionId ?? current?.subscriptionId ?? null,
    number: facts.number ?? current?.number ?? null,
    status,
    amountDueCents: facts.amountDueCents,
    amountPaidCents: facts.amountPaidCents,
    currency: facts.currency,
    hostedInvoiceUrl: facts.hostedInvoiceUrl ?? current?.hostedInvoiceUrl ?? null,
    periodStart: facts.periodStart,
    periodEnd: facts.periodEnd,
    attemptCount: facts.attemptCount,
    lastPaymentFailedAt: later(current?.lastPaymentFailedAt ?? null, failedNow ? at : null),
    paidAt: status === 'paid' ? (facts.paidAt ?? at) : null,
    version: { created: event.created, id: event.id },
  };
}

function reduceInvoice(
  event: StripeEventInput,
  snapshot: BillingSnapshot,
  options: { status?: InvoiceStatus; failedNow?: boolean },
  effects: (next: InvoiceState, facts: InvoiceFacts) => WorkflowEffect[],
): Reduction {
  const facts = readInvoice(event.object);
  const status = options.status ?? facts.status;
  if (!status) return unmatched();
  if (!invoiceSupersedes(snapshot.invoice, { status, version: { created: event.created, id: event.id } })) return stale();
  const next = nextInvoice(event, snapshot, facts, status, options.failedNow ?? false);
  return { outcome: 'applied', changes: [{ kind: 'putInvoice', invoice: next }], effects: effects(next, facts) };
}

/** invoice.finalized: the invoice is open and payable. */
export const invoiceFinalized: Reducer = (event, snapshot) => reduceInvoice(event, snapshot, {}, () => []);

/** invoice.paid: paid for good; a dunning case for it ends at once. */
export const invoicePaid: Reducer = (event, snapshot) =>
  reduceInvoice(event, snapshot, { status: 'paid' }, (next, facts) =>
    next.lastPaymentFailedAt !== null || facts.attemptCount > 1
      ? [{ kind: 'dunningInvoicePaid', invoiceId: next.id, signal: { invoiceId: next.id, at: isoAt(event.created) } }]
      : [],
  );

/**
 * invoice.payment_failed: opens the invoice's dunning case (once; a repeated failure starts nothing new). An
 * invoice Stripe sends rather than charges (an Enterprise contract's) is paid on its own terms: a card tried
 * on its payment page and declined opens no dunning.
 */
export const invoicePaymentFailed: Reducer = (event, snapshot) =>
  reduceInvoice(event, snapshot, { failedNow: true }, (next, facts) =>
    next.amountDueCents > 0 && next.status === 'open' && facts.collectionMethod !== 'send_invoice'
      ? [
          {
            kind: 'startDunning',
            input: {
              orgId: snapshot.orgId,
              invoiceId: next.id,
              subscriptionId: next.subscriptionId,
              failedAt: snapshot.invoice?.lastPaymentFailedAt ?? isoAt(event.created),
              retryDays: snapshot.dunningRetryDays,
              amountDueCents: next.amountDueCents,
              currency: next.currency,
            },
          },
        ]
      : [],
  );
