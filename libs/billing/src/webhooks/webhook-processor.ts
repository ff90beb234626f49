import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '@apex/config';
import type { Tier } from '@apex/contracts';
import { LIVE_SUBSCRIPTION_STATUSES } from '@apex/contracts';
import { toInvoice, toSubscription } from '../organization-billing';
import type { VerifiedStripeEvent } from '../stripe/stripe-gateway';
import type { EventVersion } from './event-version';
import { REDUCERS } from './reducers';
import type {
  BillingChange,
  BillingSnapshot,
  EventOutcome,
  InvoiceState,
  StripeEventInput,
  SubscriptionState,
  WorkflowEffect,
} from './reduction';
import { EventSubject, subjectOf } from './stripe-objects';
import { WorkflowEffects } from './workflow-effects';

export interface WebhookReceipt {
  eventId: string;
  /** True when the event had been received before: nothing changed this time. */
  duplicate: boolean;
  outcome: EventOutcome;
}

type Row = Record<string, unknown>;

const version = (created: unknown, id: unknown): EventVersion => ({
  created: Math.round((created as Date).getTime() / 1000),
  id: id as string,
});

/** A stored record with its instants as ISO 8601, as the reducers see them. */
type WithIsoDates<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K] };
const withIsoDates = <T extends object>(record: T): WithIsoDates<T> =>
  Object.fromEntries(Object.entries(record).map(([key, value]) => [key, value instanceof Date ? value.toISOString() : value])) as WithIsoDates<T>;

function toSubscriptionState(row: Row): SubscriptionState {
  const { orgId: _orgId, ...subscription } = withIsoDates(toSubscription(row));
  return { ...subscription, version: version(row['last_event_created'], row['last_event_id']) };
}

function toInvoiceState(row: Row): InvoiceState {
  const { orgId: _orgId, createdAt: _createdAt, ...invoice } = withIsoDates(toInvoice(row));
  return { ...invoice, version: version(row['last_event_created'], row['last_event_id']) };
}

/**
 * Handles each verified Stripe event once: stores it by id, finds its organisation, lets the event type's
 * reducer decide the changes from the stored state (read under a lock on the organisation, so concurrent
 * events of one organisation apply one after the other), applies them in the same transaction, then delivers
 * the workflow starts and signals. A redelivered event changes nothing; if its workflow effects were not
 * delivered the first time, they are delivered now.
 */
@Injectable()
export class WebhookProcessor {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly workflows: WorkflowEffects,
    private readonly config: AppConfig,
  ) {}

  async process(event: VerifiedStripeEvent): Promise<WebhookReceipt> {
    const recorded = await this.db.transaction((tx) => this.record(tx, event));
    if (!recorded) return this.redelivered(event.id);
    if (recorded.effects.length > 0) {
      await this.workflows.deliver(recorded.effects);
      await this.db.query('UPDATE stripe_events SET processed_at = now() WHERE id = $1', [event.id]);
    }
    return { eventId: event.id, duplicate: false, outcome: recorded.outcome };
  }

  private async record(
    tx: EntityManager,
    event: VerifiedStripeEvent,
  ): Promise<{ outcome: EventOutcome; effects: WorkflowEffect[] } | null> {
    const inserted: unknown[] = await tx.query(
      `INSERT INTO stripe_events (id, type, created, livemode, payload) VALUES ($1, $2, to_timestamp($3), $4, $5)
       ON CONFLICT (id) DO NOTHING RETURNING id`,
      [event.id, event.type, event.created, event.livemode, event],
    );
    if (inserted.length === 0) return null;

    const reducer = REDUCERS[event.type];
    const subject = subjectOf(event.data.object);
    const orgId = reducer ? await this.organizationOf(tx, subject) : null;
    if (!reducer || !orgId) {
      const outcome: EventOutcome = reducer ? 'unmatched' : 'unhandled';
      await tx.query('UPDATE stripe_events SET outcome = $2, processed_at = now() WHERE id = $1', [event.id, outcome]);
      return { outcome, effects: [] };
    }

    const snapshot = await this.snapshot(tx, orgId, subject);
    const input: StripeEventInput = { id: event.id, type: event.type, created: event.created, object: event.data.object };
    const reduction = reducer(input, snapshot);
    await this.apply(tx, orgId, reduction.changes);
    await tx.query(
      `UPDATE stripe_events SET org_id = $2, outcome = $3, effects = $4,
              processed_at = CASE WHEN jsonb_array_length($4::jsonb) = 0 THEN now() END
        WHERE id = $1`,
      [event.id, orgId, reduction.outcome, JSON.stringify(reduction.effects)],
    );
    return { outcome: reduction.outcome, effects: reduction.effects };
  }

  private async redelivered(eventId: string): Promise<WebhookReceipt> {
    const [row] = await this.db.query<{ outcome: EventOutcome; effects: WorkflowEffect[]; processed_at: Date | null }[]>(
      'SELECT outcome, effects, processed_at FROM stripe_events WHERE id = $1',
      [eventId],
    );
    if (row && row.processed_at === null && row.effects.length > 0) {
      await this.workflows.deliver(row.effects);
      await this.db.query('UPDATE stripe_events SET processed_at = now() WHERE id = $1 AND processed_at IS NULL', [eventId]);
    }
    return { eventId, duplicate: true, outcome: row?.outcome ?? 'applied' };
  }

  /** By the Stripe customer when it is linked; else by the organisation id Apex put in the object's metadata. */
  private async organizationOf(tx: EntityManager, subject: EventSubject): Promise<string | null> {
    if (subject.customerId) {
      const [byCustomer] = await tx.query('SELECT id FROM organizations WHERE stripe_customer_id = $1', [subject.customerId]);
      if (byCustomer) return byCustomer.id as string;
    }
    if (subject.orgIdHint) {
      const [byId] = await tx.query('SELECT id, stripe_customer_id FROM organizations WHERE id = $1', [subject.orgIdHint]);
      // An organisation linked to another customer does not take events of a customer it does not own.
      if (byId && (byId.stripe_customer_id === null || subject.customerId === null)) return byId.id as string;
    }
    return null;
  }

  private async snapshot(tx: EntityManager, orgId: string, subject: EventSubject): Promise<BillingSnapshot> {
    const [org] = await tx.query(
      `SELECT tier, stripe_customer_id, has_payment_method, payment_method_event_created, payment_method_event_id
         FROM organizations WHERE id = $1 FOR UPDATE`,
      [orgId],
    );
    const [trial] = await tx.query("SELECT 1 FROM trials WHERE org_id = $1 AND status = 'active'", [orgId]);
    const [subscription] = subject.subscriptionId
      ? await tx.query('SELECT * FROM subscriptions WHERE org_id = $1 AND id = $2', [orgId, subject.subscriptionId])
      : [];
    const [other] = await tx.query(
      // A contract's subscription grants no tier: only the operator's terms do.
      `SELECT tier FROM subscriptions WHERE org_id = $1 AND id <> $2 AND status = ANY($3) AND tier <> 'enterprise'
        ORDER BY last_event_created DESC LIMIT 1`,
      [orgId, subject.subscriptionId ?? '', LIVE_SUBSCRIPTION_STATUSES],
    );
    const [invoice] = subject.invoiceId
      ? await tx.query('SELECT * FROM invoices WHERE org_id = $1 AND id = $2', [orgId, subject.invoiceId])
      : [];
    return {
      orgId,
      tier: org.tier as Tier,
      stripeCustomerId: org.stripe_customer_id,
      hasPaymentMethod: org.has_payment_method,
      paymentMethodVersion: org.payment_method_event_id
        ? version(org.payment_method_event_created, org.payment_method_event_id)
        : null,
      trialActive: Boolean(trial),
      subscription: subscription ? toSubscriptionState(subscription) : null,
      otherLiveSubscriptionTier: (other?.tier as Tier | undefined) ?? null,
      invoice: invoice ? toInvoiceState(invoice) : null,
      dunningRetryDays: this.config.billing.dunningRetryDays,
    };
  }

  private async apply(tx: EntityManager, orgId: string, changes: BillingChange[]): Promise<void> {
    for (const change of changes) {
      switch (change.kind) {
        case 'setTier':
          await tx.query('UPDATE organizations SET tier = $2 WHERE id = $1', [orgId, change.tier]);
          break;
        case 'linkCustomer':
          await tx.query(
            `UPDATE organizations SET stripe_customer_id = $2 WHERE id = $1 AND stripe_customer_id IS NULL
               AND NOT EXISTS (SELECT 1 FROM organizations WHERE stripe_customer_id = $2)`,
            [orgId, change.customerId],
          );
          break;
        case 'recordPaymentMethod':
          await tx.query(
            change.summary
              ? `UPDATE organizations SET has_payment_method = true, payment_method_id = $2, payment_method_brand = $3,
                   payment_method_last4 = $4, payment_method_event_created = to_timestamp($5), payment_method_event_id = $6
                 WHERE id = $1`
              : 'UPDATE organizations SET has_payment_method = true WHERE id = $1',
            change.summary
              ? [orgId, change.summary.id, change.summary.brand, change.summary.last4, change.summary.version.created, change.summary.version.id]
              : [orgId],
          );
          break;
        case 'putSubscription':
          await this.putSubscription(tx, orgId, change.subscription);
          break;
        case 'putInvoice':
          await this.putInvoice(tx, orgId, change.invoice);
          break;
      }
    }
  }

  private async putSubscription(tx: EntityManager, orgId: string, s: SubscriptionState): Promise<void> {
    await tx.query(
      `INSERT INTO subscriptions (id, org_id, customer_id, tier, price_id, status, current_period_start, current_period_end,
         cancel_at_period_end, canceled_at, ended_at, trial_end, last_event_created, last_event_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, to_timestamp($13), $14)
       ON CONFLICT (id) DO UPDATE SET
         customer_id = EXCLUDED.customer_id, tier = EXCLUDED.tier, price_id = EXCLUDED.price_id, status = EXCLUDED.status,
         current_period_start = EXCLUDED.current_period_start, current_period_end = EXCLUDED.current_period_end,
         cancel_at_period_end = EXCLUDED.cancel_at_period_end, canceled_at = EXCLUDED.canceled_at,
         ended_at = EXCLUDED.ended_at, trial_end = EXCLUDED.trial_end, last_event_created = EXCLUDED.last_event_created,
         last_event_id = EXCLUDED.last_event_id, updated_at = now()
       WHERE subscriptions.org_id = EXCLUDED.org_id`,
      [
        s.id, orgId, s.customerId, s.tier, s.priceId, s.status, s.currentPeriodStart, s.currentPeriodEnd,
        s.cancelAtPeriodEnd, s.canceledAt, s.endedAt, s.trialEnd, s.version.created, s.version.id,
      ],
    );
  }

  private async putInvoice(tx: EntityManager, orgId: string, i: InvoiceState): Promise<void> {
    await tx.query(
      `INSERT INTO invoices (id, org_id, subscription_id, number, status, amount_due_cents, amount_paid_cents, currency,
         hosted_invoice_url, period_start, period_end, attempt_count, last_payment_failed_at, paid_at,
         last_event_created, last_event_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, to_timestamp($15), $16)
       ON CONFLICT (id) DO UPDATE SET
         subscription_id = EXCLUDED.subscription_id, number = EXCLUDED.number, status = EXCLUDED.status,
         amount_due_cents = EXCLUDED.amount_due_cents, amount_paid_cents = EXCLUDED.amount_paid_cents,
         currency = EXCLUDED.currency, hosted_invoice_url = EXCLUDED.hosted_invoice_url,
         period_start = EXCLUDED.period_start, period_end = EXCLUDED.period_end, attempt_count = EXCLUDED.attempt_count,
         last_payment_failed_at = EXCLUDED.last_payment_failed_at, paid_at = EXCLUDED.paid_at,
         last_event_created = EXCLUDED.last_event_created, last_event_id = EXCLUDED.last_event_id, updated_at = now()
       WHERE invoices.org_id = EXCLUDED.org_id`,
      [
        i.id, orgId, i.subscriptionId, i.number, i.status, i.amountDueCents, i.amountPaidCents, i.currency,
        i.hostedInvoiceUrl, i.periodStart, i.periodEnd, i.attemptCount, i.lastPaymentFailedAt, i.paidAt,
        i.version.created, i.version.id,
      ],
    );
  }
}
