import type {
  BillingPeriodRenewed,
  BillingPeriodSubscriptionEnded,
  BillingPeriodWorkflowInput,
  DunningInvoicePaid,
  DunningWorkflowInput,
  InvoiceStatus,
  SubscriptionStatus,
  Tier,
  TrialCancelled,
  TrialConverted,
  TrialPaymentMethodAdded,
} from '@apex/contracts';
import type { EventVersion } from './event-version';

/** A subscription as Apex stores it; instants are ISO 8601. */
export interface SubscriptionState {
  id: string;
  customerId: string;
  tier: Tier;
  priceId: string | null;
  status: SubscriptionStatus;
  currentPeriodStart: string | null;
  currentPeriodEnd: string | null;
  cancelAtPeriodEnd: boolean;
  canceledAt: string | null;
  endedAt: string | null;
  trialEnd: string | null;
  version: EventVersion;
}

export interface InvoiceState {
  id: string;
  subscriptionId: string | null;
  number: string | null;
  status: InvoiceStatus;
  amountDueCents: number;
  amountPaidCents: number;
  currency: string;
  hostedInvoiceUrl: string | null;
  periodStart: string | null;
  periodEnd: string | null;
  attemptCount: number;
  lastPaymentFailedAt: string | null;
  paidAt: string | null;
  version: EventVersion;
}

/** What a reducer may know about the organisation an event belongs to, read in the event's transaction. */
export interface BillingSnapshot {
  orgId: string;
  tier: Tier;
  stripeCustomerId: string | null;
  hasPaymentMethod: boolean;
  paymentMethodVersion: EventVersion | null;
  trialActive: boolean;
  /** The stored row of the subscription the event is about, if any. */
  subscription: SubscriptionState | null;
  /** The tier of another subscription of the organisation that still runs, if any. */
  otherLiveSubscriptionTier: Tier | null;
  /** The stored row of the invoice the event is about, if any. */
  invoice: InvoiceState | null;
  /** DUNNING_RETRY_DAYS, for a dunning case the event opens. */
  dunningRetryDays: number[];
}

export interface StripeEventInput {
  id: string;
  type: string;
  /** Whole seconds since the epoch. */
  created: number;
  object: Record<string, unknown>;
}

export type BillingChange =
  | { kind: 'putSubscription'; subscription: SubscriptionState }
  | { kind: 'putInvoice'; invoice: InvoiceState }
  | { kind: 'setTier'; tier: Tier }
  | { kind: 'linkCustomer'; customerId: string }
  | {
      kind: 'recordPaymentMethod';
      /** Null when a newer payment method is already on record: only `has_payment_method` is (re)affirmed. */
      summary: { id: string; brand: string | null; last4: string | null; version: EventVersion } | null;
    };

/** A workflow start or signal decided by an event, delivered after the event's transaction commits. */
export type WorkflowEffect =
  | { kind: 'startBillingPeriod'; input: BillingPeriodWorkflowInput }
  | { kind: 'billingPeriodRenewed'; subscriptionId: string; signal: BillingPeriodRenewed }
  | { kind: 'billingPeriodEnded'; subscriptionId: string; signal: BillingPeriodSubscriptionEnded }
  | { kind: 'startDunning'; input: DunningWorkflowInput }
  | { kind: 'dunningInvoicePaid'; invoiceId: string; signal: DunningInvoicePaid }
  | { kind: 'trialPaymentMethodAdded'; orgId: string; signal: TrialPaymentMethodAdded }
  | { kind: 'trialConverted'; orgId: string; signal: TrialConverted }
  | { kind: 'trialCancelled'; orgId: string; signal: TrialCancelled }
  /** A self-serve subscription that started beside an Enterprise contract (a Checkout page opened before it): ended now. */
  | { kind: 'cancelSubscription'; subscriptionId: string; idempotencyKey: string };

export type EventOutcome = 'applied' | 'stale' | 'unmatched' | 'unhandled';

export interface Reduction {
  outcome: Exclude<EventOutcome, 'unhandled'>;
  changes: BillingChange[];
  effects: WorkflowEffect[];
}

/** One event type's rule: the state changes and workflow effects an event makes, from what is stored now. */
export type Reducer = (event: StripeEventInput, snapshot: BillingSnapshot) => Reduction;

export const stale = (): Reduction => ({ outcome: 'stale', changes: [], effects: [] });
export const unmatched = (): Reduction => ({ outcome: 'unmatched', changes: [], effects: [] });
