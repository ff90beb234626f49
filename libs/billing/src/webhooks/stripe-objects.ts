import type { InvoiceStatus, SubscriptionStatus } from '@apex/contracts';
import { SUBSCRIPTION_STATUSES } from '@apex/contracts';
import { isoAt } from './event-version';
import type { InvoiceState, SubscriptionState } from './reduction';

/*
 * Readers of the Stripe objects inside webhook events. They read the JSON as sent (any API version the
 * account's endpoint is pinned to) and keep only what Apex stores, so the reducers never touch raw payloads.
 */

type Json = Record<string, unknown>;

const str = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);
const obj = (value: unknown): Json | null => (typeof value === 'object' && value !== null ? (value as Json) : null);
const at = (value: unknown): string | null => {
  const seconds = num(value);
  return seconds === null ? null : isoAt(seconds);
};

/** An id, whether the field holds the id or the expanded object. */
export const idOf = (value: unknown): string | null => str(value) ?? str(obj(value)?.['id']);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const uuidOrNull = (value: unknown): string | null => {
  const text = str(value);
  return text && UUID.test(text) ? text.toLowerCase() : null;
};

/** A subscription as stored, before its tier is decided, with what tells its organisation and tier. */
export interface SubscriptionFacts extends Omit<SubscriptionState, 'customerId' | 'tier' | 'status' | 'version'> {
  customerId: string | null;
  status: SubscriptionStatus | null;
  lookupKey: string | null;
  metadataTier: string | null;
  metadataOrgId: string | null;
}

export function readSubscription(object: Json): SubscriptionFacts {
  const item = obj((obj(object['items'])?.['data'] as unknown[] | undefined)?.[0]);
  const price = obj(item?.['price']) ?? obj(object['plan']);
  const metadata = obj(object['metadata']);
  const status = str(object['status']);
  return {
    id: str(object['id'])!,
    customerId: idOf(object['customer']),
    status: (SUBSCRIPTION_STATUSES as readonly string[]).includes(status ?? '') ? (status as SubscriptionStatus) : null,
    priceId: str(price?.['id']),
    lookupKey: str(price?.['lookup_key']),
    metadataTier: str(metadata?.['tier']),
    metadataOrgId: uuidOrNull(metadata?.['org_id']),
    // Since API version 2025-03-31 the period lives on the items; older versions keep it on the subscription.
    currentPeriodStart: at(item?.['current_period_start'] ?? object['current_period_start']),
    currentPeriodEnd: at(item?.['current_period_end'] ?? object['current_period_end']),
    cancelAtPeriodEnd: object['cancel_at_period_end'] === true,
    canceledAt: at(object['canceled_at']),
    endedAt: at(object['ended_at']),
    trialEnd: at(object['trial_end']),
  };
}

const INVOICE_STATUSES: readonly InvoiceStatus[] = ['draft', 'open', 'paid', 'uncollectible', 'void'];

/** An invoice as stored, but for what Apex adds itself, with what tells its organisation. */
export interface InvoiceFacts extends Omit<InvoiceState, 'status' | 'lastPaymentFailedAt' | 'version'> {
  customerId: string | null;
  metadataOrgId: string | null;
  status: InvoiceStatus | null;
  /** `charge_automatically`, or `send_invoice` for an invoice the customer pays on its terms. */
  collectionMethod: string | null;
}

export function readInvoice(object: Json): InvoiceFacts {
  const parent = obj(object['parent']);
  const subscriptionDetails = obj(parent?.['subscription_details']);
  const status = str(object['status']);
  return {
    id: str(object['id'])!,
    customerId: idOf(object['customer']),
    // Since API version 2025-03-31 the subscription is under parent.subscription_details.
    subscriptionId: idOf(subscriptionDetails?.['subscription']) ?? idOf(object['subscription']),
    metadataOrgId:
      uuidOrNull(obj(subscriptionDetails?.['metadata'])?.['org_id']) ?? uuidOrNull(obj(object['metadata'])?.['org_id']),
    number: str(object['number']),
    status: INVOICE_STATUSES.includes(status as InvoiceStatus) ? (status as InvoiceStatus) : null,
    collectionMethod: str(object['collection_method']),
    amountDueCents: Math.max(0, Math.trunc(num(object['amount_due']) ?? 0)),
    amountPaidCents: Math.max(0, Math.trunc(num(object['amount_paid']) ?? 0)),
    currency: (str(object['currency']) ?? 'usd').toLowerCase(),
    hostedInvoiceUrl: str(object['hosted_invoice_url']),
    periodStart: at(object['period_start']),
    periodEnd: at(object['period_end']),
    attemptCount: Math.max(0, Math.trunc(num(object['attempt_count']) ?? 0)),
    paidAt: at(obj(object['status_transitions'])?.['paid_at']),
  };
}

export interface PaymentMethodFacts {
  id: string;
  customerId: string | null;
  brand: string | null;
  last4: string | null;
}

export function readPaymentMethod(object: Json): PaymentMethodFacts {
  const card = obj(object['card']);
  return {
    id: str(object['id'])!,
    customerId: idOf(object['customer']),
    brand: str(card?.['brand']) ?? str(object['type']),
    last4: str(card?.['last4']) ?? str(obj(object['us_bank_account'])?.['last4']) ?? str(obj(object['sepa_debit'])?.['last4']),
  };
}

export interface CheckoutSessionFacts {
  id: string;
  mode: string | null;
  status: string | null;
  customerId: string | null;
  subscriptionId: string | null;
  orgId: string | null;
}

export function readCheckoutSession(object: Json): CheckoutSessionFacts {
  return {
    id: str(object['id'])!,
    mode: str(object['mode']),
    status: str(object['status']),
    customerId: idOf(object['customer']),
    subscriptionId: idOf(object['subscription']),
    orgId: uuidOrNull(object['client_reference_id']) ?? uuidOrNull(obj(object['metadata'])?.['org_id']),
  };
}

/** What an event is about, so the processor can find the organisation and load the rows a reducer needs. */
export interface EventSubject {
  customerId: string | null;
  orgIdHint: string | null;
  subscriptionId: string | null;
  invoiceId: string | null;
}

export function subjectOf(object: Json): EventSubject {
  switch (object['object']) {
    case 'subscription': {
      const facts = readSubscription(object);
      return { customerId: facts.customerId, orgIdHint: facts.metadataOrgId, subscriptionId: facts.id, invoiceId: null };
    }
    case 'invoice': {
      const facts = readInvoice(object);
      return {
        customerId: facts.customerId,
        orgIdHint: facts.metadataOrgId,
        subscriptionId: facts.subscriptionId,
        invoiceId: facts.id,
      };
    }
    case 'payment_method':
      return { customerId: readPaymentMethod(object).customerId, orgIdHint: null, subscriptionId: null, invoiceId: null };
    case 'checkout.session': {
      const facts = readCheckoutSession(object);
      return { customerId: facts.customerId, orgIdHint: facts.orgId, subscriptionId: facts.subscriptionId, invoiceId: null };
    }
    default:
      return { customerId: idOf(object['customer']), orgIdHint: null, subscriptionId: null, invoiceId: null };
  }
}
