import { Injectable } from '@nestjs/common';
import Stripe from 'stripe';
import { AppConfig } from '@apex/config';
import type { InvoiceStatus, SelfServeTier, SubscriptionStatus } from '@apex/contracts';
import { PRICE_LOOKUP_KEYS, PricedTier } from './price-lookup-keys';

/** Stripe is not configured (no STRIPE_SECRET_KEY): nothing can be sent to it. */
export class StripeNotConfiguredError extends Error {
  constructor() {
    super('Stripe is not configured: set STRIPE_SECRET_KEY');
  }
}

/** No active price with the tier's lookup key exists in the Stripe account. */
export class StripePriceMissingError extends Error {
  constructor(readonly lookupKey: string) {
    super(`no active Stripe price has the lookup key ${lookupKey}`);
  }
}

/** A Stripe event whose signature was verified: only the fields Apex reads. */
export interface VerifiedStripeEvent {
  id: string;
  type: string;
  /** Whole seconds since the epoch. */
  created: number;
  livemode: boolean;
  data: { object: Record<string, unknown> };
}

/** A signed webhook that cannot be trusted: bad or missing signature, outside the tolerance, or not an event. */
export class WebhookVerificationError extends Error {}

export interface NewCustomer {
  orgId: string;
  name: string;
  email: string | null;
}

export interface NewCheckoutSession {
  orgId: string;
  customerId: string;
  tier: SelfServeTier;
  successUrl: string;
  cancelUrl: string;
  /** Days of trial on the new subscription; omitted means none. */
  trialDays?: number;
}

export interface NewSubscription {
  orgId: string;
  customerId: string;
  tier: SelfServeTier;
  /** The payment method to charge; omitted means the customer's default. */
  defaultPaymentMethodId?: string | null;
}

export interface NewInvoiceItem {
  customerId: string;
  /** Puts the item on this subscription's next invoice. */
  subscriptionId?: string | null;
  /** Negative for a credit. */
  amountCents: number;
  currency: string;
  description: string;
  period?: { start: Date; end: Date };
  metadata?: Record<string, string>;
}

export interface NewContractSubscription {
  orgId: string;
  customerId: string;
  /** Days the customer has to pay each invoice, which Stripe sends rather than charges. */
  daysUntilDue: number;
}

export interface NewContractInvoice {
  customerId: string;
  amountCents: number;
  currency: string;
  description: string;
  period: { start: Date; end: Date };
  metadata: Record<string, string>;
  daysUntilDue: number;
}

export interface StripeSubscriptionSummary {
  id: string;
  customerId: string;
  status: SubscriptionStatus;
  priceId: string | null;
  cancelAtPeriodEnd: boolean;
  currentPeriodStart: Date | null;
  currentPeriodEnd: Date | null;
}

export interface StripeInvoiceSummary {
  id: string;
  customerId: string | null;
  subscriptionId: string | null;
  status: InvoiceStatus | null;
  amountDueCents: number;
  amountPaidCents: number;
  currency: string;
  attemptCount: number;
  defaultPaymentMethodId: string | null;
}

export interface StripePaymentMethodSummary {
  id: string;
  type: string;
  brand: string | null;
  last4: string | null;
  expMonth: number | null;
  expYear: number | null;
}

export type PayInvoiceResult =
  | { paid: true; invoice: StripeInvoiceSummary }
  | { paid: false; failure: string; code: string | null };

/** Marks, in its metadata, the customer portal configuration of Enterprise customers. */
const CONTRACT_PORTAL = 'enterprise-contract-v1';

const idOf = (value: string | { id: string } | null | undefined): string | null =>
  value == null ? null : typeof value === 'string' ? value : value.id;

const fromEpoch = (seconds: number | null | undefined): Date | null => (seconds == null ? null : new Date(seconds * 1000));

const inEpochSeconds = (period: { start: Date; end: Date }) => ({
  start: Math.floor(period.start.getTime() / 1000),
  end: Math.floor(period.end.getTime() / 1000),
});

export function summarizeSubscription(subscription: Stripe.Subscription): StripeSubscriptionSummary {
  const item = subscription.items?.data?.[0];
  return {
    id: subscription.id,
    customerId: idOf(subscription.customer)!,
    status: subscription.status as SubscriptionStatus,
    priceId: item?.price?.id ?? null,
    cancelAtPeriodEnd: subscription.cancel_at_period_end,
    currentPeriodStart: fromEpoch(item?.current_period_start),
    currentPeriodEnd: fromEpoch(item?.current_period_end),
  };
}

export function summarizeInvoice(invoice: Stripe.Invoice): StripeInvoiceSummary {
  return {
    id: invoice.id!,
    customerId: idOf(invoice.customer),
    subscriptionId: idOf(invoice.parent?.subscription_details?.subscription),
    status: invoice.status as InvoiceStatus | null,
    amountDueCents: invoice.amount_due,
    amountPaidCents: invoice.amount_paid,
    currency: invoice.currency,
    attemptCount: invoice.attempt_count,
    defaultPaymentMethodId: idOf(invoice.default_payment_method),
  };
}

/**
 * The one place Apex talks to Stripe. Built from AppConfig.billing: STRIPE_SECRET_KEY, and STRIPE_API_URL for
 * another server that speaks Stripe's API (stripe-mock in tests). Every write carries an idempotency key, so a
 * retried call (by the SDK's own network retries or by a retried activity) changes nothing twice at Stripe
 * within Stripe's 24-hour idempotency window; longer-lived deduplication is the caller's record in Postgres.
 *
 * Prices are found by lookup key (`apex_early_monthly`, `apex_mid_monthly`, `apex_enterprise_monthly`, see
 * PRICE_LOOKUP_KEYS) and cached for the life of the process.
 */
@Injectable()
export class StripeGateway {
  private client: Stripe | null = null;
  private readonly prices = new Map<PricedTier, Promise<string>>();
  private contractPortal: Promise<string> | null = null;

  constructor(private readonly config: AppConfig) {}

  get configured(): boolean {
    return Boolean(this.config.billing.stripeSecretKey);
  }

  /** Verifies a webhook's signature on its raw body and parses it; throws WebhookVerificationError. */
  verifyWebhook(rawBody: Buffer | string, signature: string | undefined): VerifiedStripeEvent {
    const secret = this.config.billing.stripeWebhookSecret;
    if (!secret) throw new WebhookVerificationError('Stripe webhooks are not configured: set STRIPE_WEBHOOK_SECRET');
    if (!signature) throw new WebhookVerificationError('the Stripe-Signature header is missing');
    let event: unknown;
    try {
      event = Stripe.webhooks.constructEvent(rawBody, signature, secret, this.config.billing.webhookToleranceSeconds);
    } catch (error) {
      throw new WebhookVerificationError((error as Error).message);
    }
    if (!isEvent(event)) throw new WebhookVerificationError('the body is not a Stripe event');
    return event;
  }

  async priceIdFor(tier: PricedTier): Promise<string> {
    let price = this.prices.get(tier);
    if (!price) {
      const lookupKey = PRICE_LOOKUP_KEYS[tier];
      price = this.stripe()
        .prices.list({ lookup_keys: [lookupKey], active: true, limit: 1 })
        .then((list) => {
          const found = list.data[0];
          if (!found) throw new StripePriceMissingError(lookupKey);
          return found.id;
        });
      price.catch(() => this.prices.delete(tier));
      this.prices.set(tier, price);
    }
    return price;
  }

  async createCustomer(customer: NewCustomer, idempotencyKey: string): Promise<string> {
    const created = await this.stripe().customers.create(
      { name: customer.name, email: customer.email ?? undefined, metadata: { org_id: customer.orgId } },
      { idempotencyKey },
    );
    return created.id;
  }

  async createCheckoutSession(request: NewCheckoutSession, idempotencyKey: string): Promise<{ id: string; url: string }> {
    const price = await this.priceIdFor(request.tier);
    const metadata = { org_id: request.orgId, tier: request.tier };
    const session = await this.stripe().checkout.sessions.create(
      {
        mode: 'subscription',
        customer: request.customerId,
        client_reference_id: request.orgId,
        line_items: [{ price, quantity: 1 }],
        success_url: request.successUrl,
        cancel_url: request.cancelUrl,
        metadata,
        subscription_data: {
          metadata,
          ...(request.trialDays ? { trial_period_days: request.trialDays } : {}),
        },
      },
      { idempotencyKey },
    );
    if (!session.url) throw new Error(`Stripe returned checkout session ${session.id} without a URL`);
    return { id: session.id, url: session.url };
  }

  /** The customer portal; `contract` opens the one for Enterprise customers, who cannot change or cancel their contract there. */
  /** Closes the customer's Checkout pages still open, so none of them can start a subscription any more. */
  async expireOpenCheckoutSessions(customerId: string, idempotencyKeyPrefix: string): Promise<string[]> {
    const expired: string[] = [];
    for await (const session of this.stripe().checkout.sessions.list({ customer: customerId, status: 'open', limit: 100 })) {
      if (session.status !== 'open') continue;
      await this.stripe().checkout.sessions.expire(session.id, {}, { idempotencyKey: `${idempotencyKeyPrefix}:${session.id}` });
      expired.push(session.id);
    }
    return expired;
  }

  async createPortalSession(customerId: string, returnUrl: string, idempotencyKey: string, options: { contract?: boolean } = {}): Promise<{ url: string }> {
    const configuration = options.contract ? await this.contractPortalConfiguration() : undefined;
    const session = await this.stripe().billingPortal.sessions.create(
      { customer: customerId, return_url: returnUrl, ...(configuration ? { configuration } : {}) },
      { idempotencyKey },
    );
    return { url: session.url };
  }

  /**
   * Invoices, payment methods and billing details only: a contract changes through Apex sales. Found in the
   * account by its metadata, else made once; then kept for the life of the process.
   */
  private contractPortalConfiguration(): Promise<string> {
    this.contractPortal ??= this.findOrCreateContractPortalConfiguration();
    this.contractPortal.catch(() => (this.contractPortal = null));
    return this.contractPortal;
  }

  private async findOrCreateContractPortalConfiguration(): Promise<string> {
    for await (const configuration of this.stripe().billingPortal.configurations.list({ active: true, limit: 100 })) {
      if (configuration.metadata?.['apex_portal'] === CONTRACT_PORTAL) return configuration.id;
    }
    const created = await this.stripe().billingPortal.configurations.create(
      {
        name: 'Apex Enterprise contracts',
        metadata: { apex_portal: CONTRACT_PORTAL },
        features: {
          invoice_history: { enabled: true },
          payment_method_update: { enabled: true },
          customer_update: { enabled: true, allowed_updates: ['name', 'email', 'address', 'tax_id'] },
          subscription_cancel: { enabled: false },
          subscription_update: { enabled: false },
        },
      },
      { idempotencyKey: `portal-configuration:${CONTRACT_PORTAL}` },
    );
    return created.id;
  }

  async createSubscription(request: NewSubscription, idempotencyKey: string): Promise<StripeSubscriptionSummary> {
    const price = await this.priceIdFor(request.tier);
    const metadata = { org_id: request.orgId, tier: request.tier };
    const subscription = await this.stripe().subscriptions.create(
      {
        customer: request.customerId,
        items: [{ price, quantity: 1 }],
        metadata,
        ...(request.defaultPaymentMethodId ? { default_payment_method: request.defaultPaymentMethodId } : {}),
      },
      { idempotencyKey },
    );
    return summarizeSubscription(subscription);
  }

  /**
   * An Enterprise contract's subscription: the $0 Enterprise price, whose invoices Stripe sends to the customer
   * to pay within `daysUntilDue` (a contract is paid by invoice, not charged to a card), so that each period's
   * contract charge has a subscription to be invoiced on.
   */
  async createContractSubscription(request: NewContractSubscription, idempotencyKey: string): Promise<StripeSubscriptionSummary> {
    const price = await this.priceIdFor('enterprise');
    const subscription = await this.stripe().subscriptions.create(
      {
        customer: request.customerId,
        items: [{ price, quantity: 1 }],
        collection_method: 'send_invoice',
        days_until_due: request.daysUntilDue,
        metadata: { org_id: request.orgId, tier: 'enterprise' },
      },
      { idempotencyKey },
    );
    return summarizeSubscription(subscription);
  }

  async retrieveSubscription(subscriptionId: string): Promise<StripeSubscriptionSummary> {
    return summarizeSubscription(await this.stripe().subscriptions.retrieve(subscriptionId));
  }

  /** Moves the subscription to the tier's price now, prorating the rest of the period. */
  async changeSubscriptionTier(
    request: { orgId: string; subscriptionId: string; tier: SelfServeTier },
    idempotencyKey: string,
  ): Promise<StripeSubscriptionSummary> {
    const price = await this.priceIdFor(request.tier);
    const current = await this.stripe().subscriptions.retrieve(request.subscriptionId);
    const item = current.items.data[0];
    if (!item) throw new Error(`Stripe subscription ${request.subscriptionId} has no item to change`);
    const updated = await this.stripe().subscriptions.update(
      request.subscriptionId,
      {
        items: [{ id: item.id, price, quantity: 1 }],
        proration_behavior: 'create_prorations',
        cancel_at_period_end: false,
        metadata: { org_id: request.orgId, tier: request.tier },
      },
      { idempotencyKey },
    );
    return summarizeSubscription(updated);
  }

  async cancelAtPeriodEnd(subscriptionId: string, idempotencyKey: string): Promise<StripeSubscriptionSummary> {
    const updated = await this.stripe().subscriptions.update(
      subscriptionId,
      { cancel_at_period_end: true },
      { idempotencyKey },
    );
    return summarizeSubscription(updated);
  }

  /** Ends the subscription now, without prorating: what the period still owes is the billing-period workflow's to settle. */
  async cancelNow(subscriptionId: string, idempotencyKey: string): Promise<StripeSubscriptionSummary> {
    const canceled = await this.stripe().subscriptions.cancel(subscriptionId, {}, { idempotencyKey });
    return summarizeSubscription(canceled);
  }

  async retrieveInvoice(invoiceId: string): Promise<StripeInvoiceSummary> {
    return summarizeInvoice(await this.stripe().invoices.retrieve(invoiceId));
  }

  /** Attempts payment now; a declined card is a result, not an error. Other failures throw (and are retried). */
  async payInvoice(
    invoiceId: string,
    options: { paymentMethodId?: string | null },
    idempotencyKey: string,
  ): Promise<PayInvoiceResult> {
    try {
      const invoice = await this.stripe().invoices.pay(
        invoiceId,
        { off_session: true, ...(options.paymentMethodId ? { payment_method: options.paymentMethodId } : {}) },
        { idempotencyKey },
      );
      const summary = summarizeInvoice(invoice);
      if (summary.status === 'paid') return { paid: true, invoice: summary };
      return { paid: false, failure: `the invoice is ${summary.status ?? 'not payable'}`, code: null };
    } catch (error) {
      if (error instanceof Stripe.errors.StripeCardError) {
        return { paid: false, failure: error.message, code: error.decline_code ?? error.code ?? null };
      }
      throw error;
    }
  }

  async listPaymentMethods(customerId: string): Promise<StripePaymentMethodSummary[]> {
    const list = await this.stripe().customers.listPaymentMethods(customerId, { limit: 100 });
    return list.data.map((method) => ({
      id: method.id,
      type: method.type,
      brand: method.card?.brand ?? null,
      last4: method.card?.last4 ?? null,
      expMonth: method.card?.exp_month ?? null,
      expYear: method.card?.exp_year ?? null,
    }));
  }

  async createInvoiceItem(item: NewInvoiceItem, idempotencyKey: string): Promise<{ id: string }> {
    if (!Number.isSafeInteger(item.amountCents)) throw new Error('invoice item amounts are whole cents');
    const created = await this.stripe().invoiceItems.create(
      {
        customer: item.customerId,
        ...(item.subscriptionId ? { subscription: item.subscriptionId } : {}),
        amount: item.amountCents,
        currency: item.currency.toLowerCase(),
        description: item.description,
        ...(item.period
          ? { period: inEpochSeconds(item.period) }
          : {}),
        ...(item.metadata ? { metadata: item.metadata } : {}),
      },
      { idempotencyKey },
    );
    return { id: created.id };
  }

  /**
   * A contract period's charge on an invoice of its own, sent to the customer to pay within `daysUntilDue`: it is
   * billed as soon as the period closes, and also after the contract's subscription has ended.
   * - `invoiceId` resumes an earlier attempt: a draft gets its item if it has none and is sent; an invoice already
   *   sent is left as it is.
   * - `onInvoiceCreated` must remember a new invoice before anything else happens to it, so that a retry resumes
   *   it whatever time has passed.
   * The invoice, its one item and its sending carry `<idempotencyKey>:invoice`, `<idempotencyKey>` and
   * `<idempotencyKey>:send`.
   */
  async invoiceContractCharge(
    charge: NewContractInvoice,
    idempotencyKey: string,
    resume: { invoiceId: string | null; onInvoiceCreated(invoiceId: string): Promise<string> },
  ): Promise<{ invoiceId: string; invoiceItemId: string | null }> {
    if (!Number.isSafeInteger(charge.amountCents) || charge.amountCents <= 0) throw new Error('a contract charge is a positive number of whole cents');
    let invoice: Stripe.Invoice;
    // A new invoice has no lines yet (pending items are excluded); a resumed one may have its item already.
    let fresh = false;
    if (resume.invoiceId) {
      invoice = await this.stripe().invoices.retrieve(resume.invoiceId);
    } else {
      invoice = await this.stripe().invoices.create(
        {
          customer: charge.customerId,
          currency: charge.currency.toLowerCase(),
          collection_method: 'send_invoice',
          days_until_due: charge.daysUntilDue,
          pending_invoice_items_behavior: 'exclude',
          auto_advance: false,
          description: charge.description,
          metadata: charge.metadata,
        },
        { idempotencyKey: `${idempotencyKey}:invoice` },
      );
      const remembered = await resume.onInvoiceCreated(invoice.id!);
      if (remembered === invoice.id) fresh = true;
      else invoice = await this.stripe().invoices.retrieve(remembered);
    }
    const invoiceId = invoice.id!;
    if (invoice.status !== 'draft') return { invoiceId, invoiceItemId: null };

    let invoiceItemId: string | null = null;
    if (fresh || (invoice.lines?.data?.length ?? 0) === 0) {
      const item = await this.stripe().invoiceItems.create(
        {
          customer: charge.customerId,
          invoice: invoiceId,
          amount: charge.amountCents,
          currency: charge.currency.toLowerCase(),
          description: charge.description,
          period: inEpochSeconds(charge.period),
          metadata: charge.metadata,
        },
        { idempotencyKey },
      );
      invoiceItemId = item.id;
    }
    await this.stripe().invoices.sendInvoice(invoiceId, {}, { idempotencyKey: `${idempotencyKey}:send` });
    return { invoiceId, invoiceItemId };
  }

  private stripe(): Stripe {
    if (this.client) return this.client;
    const key = this.config.billing.stripeSecretKey;
    if (!key) throw new StripeNotConfiguredError();
    this.client = new Stripe(key, { maxNetworkRetries: 2, timeout: 20_000, telemetry: false, ...serverOptions(this.config.billing.stripeApiUrl) });
    return this.client;
  }
}

function serverOptions(apiUrl: string | undefined): Pick<Stripe.StripeConfig, 'host' | 'port' | 'protocol'> {
  if (!apiUrl) return {};
  const url = new URL(apiUrl);
  const protocol = url.protocol === 'http:' ? 'http' : 'https';
  return { host: url.hostname, port: url.port || (protocol === 'http' ? 80 : 443), protocol };
}

function isEvent(value: unknown): value is VerifiedStripeEvent {
  const event = value as (Partial<VerifiedStripeEvent> & { object?: unknown }) | null;
  return (
    typeof event === 'object' &&
    event !== null &&
    event.object === 'event' &&
    typeof event.id === 'string' &&
    typeof event.type === 'string' &&
    typeof event.created === 'number' &&
    typeof event.livemode === 'boolean' &&
    typeof event.data?.object === 'object' &&
    event.data.object !== null
  );
}
