import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { InvoiceStatus, MeasuredAiSpend, PricingRule, PricingTerms, SubscriptionStatus, Tier, TrialState } from '@apex/contracts';
import { LIVE_SUBSCRIPTION_STATUSES } from '@apex/contracts';
import { StripeGateway } from './stripe/stripe-gateway';

/** Anything that runs SQL: the DataSource, or an EntityManager inside a transaction. */
export interface Sql {
  query<T = unknown>(sql: string, parameters?: unknown[]): Promise<T>;
}

export interface OrganizationBillingState {
  orgId: string;
  name: string;
  tier: Tier;
  stripeCustomerId: string | null;
  hasPaymentMethod: boolean;
  paymentMethod: { id: string | null; brand: string | null; last4: string | null } | null;
  trialStartedAt: Date | null;
  trialEndsAt: Date | null;
}

export interface SubscriptionRecord {
  id: string;
  orgId: string;
  customerId: string;
  tier: Tier;
  priceId: string | null;
  status: SubscriptionStatus;
  currentPeriodStart: Date | null;
  currentPeriodEnd: Date | null;
  cancelAtPeriodEnd: boolean;
  canceledAt: Date | null;
  endedAt: Date | null;
  trialEnd: Date | null;
}

export interface InvoiceRecord {
  id: string;
  orgId: string;
  subscriptionId: string | null;
  number: string | null;
  status: InvoiceStatus;
  amountDueCents: number;
  amountPaidCents: number;
  currency: string;
  hostedInvoiceUrl: string | null;
  periodStart: Date | null;
  periodEnd: Date | null;
  attemptCount: number;
  lastPaymentFailedAt: Date | null;
  paidAt: Date | null;
  createdAt: Date;
}

export interface TrialRecord {
  orgId: string;
  tier: Tier;
  subscriptionId: string | null;
  status: TrialState;
  startedBy: string | null;
  startedAt: Date;
  endsAt: Date;
  endedAt: Date | null;
}

export interface PeriodChargeRecord {
  subscriptionId: string;
  orgId: string;
  periodStart: Date;
  periodEnd: Date;
  tier: Tier;
  rule: string;
  measuredSpend: string;
  spendCurrency: string;
  spendRowCount: number;
  flatCents: number | null;
  percent: string | null;
  minimumCents: number | null;
  chargeCents: number;
  description: string;
  /** The invoice of its own a contract period's charge is sent on, once created. */
  stripeInvoiceId: string | null;
  stripeInvoiceItemId: string | null;
  appliedAt: Date | null;
}


const SUBSCRIPTION_COLUMNS = `id, org_id, customer_id, tier, price_id, status, current_period_start, current_period_end,
  cancel_at_period_end, canceled_at, ended_at, trial_end`;

/** A `subscriptions` row as a record. */
export const toSubscription = (row: Record<string, unknown>): SubscriptionRecord => ({
  id: row['id'] as string,
  orgId: row['org_id'] as string,
  customerId: row['customer_id'] as string,
  tier: row['tier'] as Tier,
  priceId: row['price_id'] as string | null,
  status: row['status'] as SubscriptionStatus,
  currentPeriodStart: row['current_period_start'] as Date | null,
  currentPeriodEnd: row['current_period_end'] as Date | null,
  cancelAtPeriodEnd: row['cancel_at_period_end'] as boolean,
  canceledAt: row['canceled_at'] as Date | null,
  endedAt: row['ended_at'] as Date | null,
  trialEnd: row['trial_end'] as Date | null,
});

/** An `invoices` row as a record. */
export const toInvoice = (row: Record<string, unknown>): InvoiceRecord => ({
  id: row['id'] as string,
  orgId: row['org_id'] as string,
  subscriptionId: row['subscription_id'] as string | null,
  number: row['number'] as string | null,
  status: row['status'] as InvoiceStatus,
  amountDueCents: Number(row['amount_due_cents']),
  amountPaidCents: Number(row['amount_paid_cents']),
  currency: row['currency'] as string,
  hostedInvoiceUrl: row['hosted_invoice_url'] as string | null,
  periodStart: row['period_start'] as Date | null,
  periodEnd: row['period_end'] as Date | null,
  attemptCount: row['attempt_count'] as number,
  lastPaymentFailedAt: row['last_payment_failed_at'] as Date | null,
  paidAt: row['paid_at'] as Date | null,
  createdAt: row['created_at'] as Date,
});

const toTrial = (row: Record<string, unknown>): TrialRecord => ({
  orgId: row['org_id'] as string,
  tier: row['tier'] as Tier,
  subscriptionId: row['subscription_id'] as string | null,
  status: row['status'] as TrialState,
  startedBy: row['started_by'] as string | null,
  startedAt: row['started_at'] as Date,
  endsAt: row['ends_at'] as Date,
  endedAt: row['ended_at'] as Date | null,
});

const toPeriodCharge = (row: Record<string, unknown>): PeriodChargeRecord => ({
  subscriptionId: row['subscription_id'] as string,
  orgId: row['org_id'] as string,
  periodStart: row['period_start'] as Date,
  periodEnd: row['period_end'] as Date,
  tier: row['tier'] as Tier,
  rule: row['rule'] as string,
  measuredSpend: row['measured_spend'] as string,
  spendCurrency: row['spend_currency'] as string,
  spendRowCount: row['spend_row_count'] as number,
  flatCents: row['flat_cents'] as number | null,
  percent: row['percent'] as string | null,
  minimumCents: row['minimum_cents'] as number | null,
  chargeCents: Number(row['charge_cents']),
  description: row['description'] as string,
  stripeInvoiceId: row['stripe_invoice_id'] as string | null,
  stripeInvoiceItemId: row['stripe_invoice_item_id'] as string | null,
  appliedAt: row['applied_at'] as Date | null,
});

/**
 * Reads and writes of an organisation's billing state: its Stripe customer, tier, payment method summary,
 * subscriptions and invoices as mirrored from Stripe, its one trial, dunning cases and period charges. Every
 * query names the organisation (or a Stripe id that belongs to exactly one). Writes are idempotent.
 * Methods that take `sql` run inside the caller's transaction when given an EntityManager.
 */
@Injectable()
export class OrganizationBilling {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly stripe: StripeGateway,
  ) {}

  async find(orgId: string, sql: Sql = this.db): Promise<OrganizationBillingState | null> {
    const [row] = await sql.query<Record<string, unknown>[]>(
      `SELECT o.id, o.name, o.tier, o.stripe_customer_id, o.has_payment_method, o.payment_method_id,
              o.payment_method_brand, o.payment_method_last4, o.trial_started_at, o.trial_ends_at
         FROM organizations o WHERE o.id = $1`,
      [orgId],
    );
    if (!row) return null;
    const hasSummary = row['payment_method_id'] || row['payment_method_brand'] || row['payment_method_last4'];
    return {
      orgId: row['id'] as string,
      name: row['name'] as string,
      tier: row['tier'] as Tier,
      stripeCustomerId: row['stripe_customer_id'] as string | null,
      hasPaymentMethod: row['has_payment_method'] as boolean,
      paymentMethod: hasSummary
        ? {
            id: row['payment_method_id'] as string | null,
            brand: row['payment_method_brand'] as string | null,
            last4: row['payment_method_last4'] as string | null,
          }
        : null,
      trialStartedAt: row['trial_started_at'] as Date | null,
      trialEndsAt: row['trial_ends_at'] as Date | null,
    };
  }

  async orgIdForCustomer(customerId: string, sql: Sql = this.db): Promise<string | null> {
    const [row] = await sql.query<{ id: string }[]>('SELECT id FROM organizations WHERE stripe_customer_id = $1', [
      customerId,
    ]);
    return row?.id ?? null;
  }

  /**
   * The organisation's Stripe customer, created on first use. The Stripe idempotency key is the organisation,
   * and only the first stored id wins, so concurrent callers end up with the same customer.
   */
  async ensureStripeCustomer(orgId: string): Promise<string> {
    const state = await this.find(orgId);
    if (!state) throw new Error(`organisation ${orgId} does not exist`);
    if (state.stripeCustomerId) return state.stripeCustomerId;
    const [owner] = await this.db.query<{ email: string }[]>(
      `SELECT email FROM users WHERE org_id = $1 AND role = 'owner' AND removed_at IS NULL ORDER BY created_at LIMIT 1`,
      [orgId],
    );
    const customerId = await this.stripe.createCustomer(
      { orgId, name: state.name, email: owner?.email ?? null },
      `customer:${orgId}`,
    );
    // An UPDATE answers [rows, affected count].
    const [[stored]] = await this.db.query<[{ stripe_customer_id: string }[], number]>(
      `UPDATE organizations SET stripe_customer_id = COALESCE(stripe_customer_id, $2) WHERE id = $1
       RETURNING stripe_customer_id`,
      [orgId, customerId],
    );
    if (!stored) throw new Error(`organisation ${orgId} disappeared while its Stripe customer was created`);
    return stored.stripe_customer_id;
  }

  /** Free, unless the organisation is on an Enterprise contract (which only its terms change); true if it moved. */
  async downgradeToFreeUnlessContract(orgId: string, sql: Sql = this.db): Promise<boolean> {
    const [, moved] = await sql.query<[unknown[], number]>(
      "UPDATE organizations SET tier = 'free' WHERE id = $1 AND tier <> 'enterprise' RETURNING id",
      [orgId],
    );
    return moved > 0;
  }

  async hasPaymentMethod(orgId: string): Promise<boolean> {
    const [row] = await this.db.query<{ has_payment_method: boolean }[]>(
      'SELECT has_payment_method FROM organizations WHERE id = $1',
      [orgId],
    );
    return row?.has_payment_method ?? false;
  }

  async recordPaymentMethod(
    orgId: string,
    method: { id: string | null; brand: string | null; last4: string | null },
    sql: Sql = this.db,
  ): Promise<void> {
    await sql.query(
      `UPDATE organizations SET has_payment_method = true, payment_method_id = $2, payment_method_brand = $3,
              payment_method_last4 = $4 WHERE id = $1`,
      [orgId, method.id, method.brand, method.last4],
    );
  }

  async findSubscription(orgId: string, subscriptionId: string, sql: Sql = this.db): Promise<SubscriptionRecord | null> {
    const [row] = await sql.query<Record<string, unknown>[]>(
      `SELECT ${SUBSCRIPTION_COLUMNS} FROM subscriptions WHERE org_id = $1 AND id = $2`,
      [orgId, subscriptionId],
    );
    return row ? toSubscription(row) : null;
  }

  /** The organisation's subscription that still runs (trialing, active or past due), newest first. */
  async liveSubscription(orgId: string, sql: Sql = this.db): Promise<SubscriptionRecord | null> {
    const [row] = await sql.query<Record<string, unknown>[]>(
      `SELECT ${SUBSCRIPTION_COLUMNS} FROM subscriptions WHERE org_id = $1 AND status = ANY($2)
        ORDER BY last_event_created DESC, created_at DESC LIMIT 1`,
      [orgId, LIVE_SUBSCRIPTION_STATUSES],
    );
    return row ? toSubscription(row) : null;
  }

  async findInvoice(orgId: string, invoiceId: string, sql: Sql = this.db): Promise<InvoiceRecord | null> {
    const [row] = await sql.query<Record<string, unknown>[]>('SELECT * FROM invoices WHERE org_id = $1 AND id = $2', [
      orgId,
      invoiceId,
    ]);
    return row ? toInvoice(row) : null;
  }

  async listInvoices(orgId: string, limit = 24, sql: Sql = this.db): Promise<InvoiceRecord[]> {
    const rows = await sql.query<Record<string, unknown>[]>(
      `SELECT * FROM invoices WHERE org_id = $1 AND status <> 'draft'
        ORDER BY COALESCE(period_end, created_at) DESC, id LIMIT $2`,
      [orgId, limit],
    );
    return rows.map(toInvoice);
  }

  /** The organisation's pricing: its plan's rule and prices, with its contract terms for Enterprise. */
  async pricingTerms(orgId: string, sql: Sql = this.db): Promise<PricingTerms | null> {
    const [row] = await sql.query<Record<string, unknown>[]>(
      `SELECT p.tier, p.pricing_rule, p.flat_monthly_cents, p.percent_of_spend::text AS percent_of_spend,
              p.contract_percent_min::text AS contract_percent_min, p.contract_percent_max::text AS contract_percent_max,
              t.contract_percent::text AS contract_percent, t.contract_minimum_cents
         FROM organizations o
         JOIN plans p ON p.tier = o.tier
         LEFT JOIN organization_plan_overrides t ON t.org_id = o.id
        WHERE o.id = $1`,
      [orgId],
    );
    if (!row) return null;
    return {
      tier: row['tier'] as Tier,
      rule: row['pricing_rule'] as PricingRule,
      flatMonthlyCents: row['flat_monthly_cents'] as number | null,
      percentOfSpend: row['percent_of_spend'] as string | null,
      contractPercent: row['contract_percent'] as string | null,
      contractMinimumCents: row['contract_minimum_cents'] as number | null,
      contractPercentMin: row['contract_percent_min'] as string | null,
      contractPercentMax: row['contract_percent_max'] as string | null,
    };
  }

  /**
   * Sets an organisation's Enterprise contract (percent of measured AI spend, monthly minimum) and moves it to
   * Enterprise, in the caller's transaction (which also records the contract's subscription).
   */
  async setEnterpriseTerms(orgId: string, terms: { percent: string; minimumCents: number }, operatorId: string, tx: Sql): Promise<boolean> {
    const updated = await tx.query<[unknown[], number]>("UPDATE organizations SET tier = 'enterprise' WHERE id = $1 RETURNING id", [orgId]);
    if (updated[1] === 0) return false;
    await tx.query(
      `INSERT INTO organization_plan_overrides (org_id, contract_percent, contract_minimum_cents, updated_by)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (org_id) DO UPDATE SET contract_percent = EXCLUDED.contract_percent,
         contract_minimum_cents = EXCLUDED.contract_minimum_cents, updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [orgId, terms.percent, terms.minimumCents, operatorId],
    );
    return true;
  }

  /**
   * The contract's Stripe subscription as remembered with its terms, and its status once its first webhook has
   * been stored (null until then).
   */
  async contractSubscription(orgId: string, sql: Sql = this.db): Promise<{ id: string; status: SubscriptionStatus | null } | null> {
    const [row] = await sql.query<{ id: string; status: SubscriptionStatus | null }[]>(
      `SELECT t.contract_subscription_id AS id, s.status
         FROM organization_plan_overrides t LEFT JOIN subscriptions s ON s.id = t.contract_subscription_id
        WHERE t.org_id = $1 AND t.contract_subscription_id IS NOT NULL`,
      [orgId],
    );
    return row ?? null;
  }

  async recordContractSubscription(orgId: string, subscriptionId: string, sql: Sql = this.db): Promise<void> {
    await sql.query('UPDATE organization_plan_overrides SET contract_subscription_id = $2, updated_at = now() WHERE org_id = $1', [
      orgId,
      subscriptionId,
    ]);
  }

  /** Every subscription of the organisation that still runs on one of `tiers`. */
  async liveSubscriptionsOn(orgId: string, tiers: readonly Tier[], sql: Sql = this.db): Promise<SubscriptionRecord[]> {
    const rows = await sql.query<Record<string, unknown>[]>(
      `SELECT ${SUBSCRIPTION_COLUMNS} FROM subscriptions WHERE org_id = $1 AND status = ANY($2) AND tier = ANY($3) ORDER BY id`,
      [orgId, LIVE_SUBSCRIPTION_STATUSES, tiers],
    );
    return rows.map(toSubscription);
  }

  // ---- Trials ---------------------------------------------------------------------------------------------

  async findTrial(orgId: string, sql: Sql = this.db): Promise<TrialRecord | null> {
    const [row] = await sql.query<Record<string, unknown>[]>('SELECT * FROM trials WHERE org_id = $1', [orgId]);
    return row ? toTrial(row) : null;
  }

  /**
   * Records the organisation's one trial and gives it the trial's tier, in the given transaction or a new one.
   * False (and no change) when the organisation has had a trial before.
   */
  async startTrial(
    trial: { orgId: string; tier: Tier; startedBy: string; startedAt: Date; endsAt: Date },
    transaction?: EntityManager,
  ): Promise<boolean> {
    const run = (work: (tx: EntityManager) => Promise<boolean>) => (transaction ? work(transaction) : this.db.transaction(work));
    return run(async (tx) => {
      const inserted = await tx.query<unknown[]>(
        `INSERT INTO trials (org_id, tier, status, started_by, started_at, ends_at) VALUES ($1, $2, 'active', $3, $4, $5)
         ON CONFLICT (org_id) DO NOTHING RETURNING org_id`,
        [trial.orgId, trial.tier, trial.startedBy, trial.startedAt, trial.endsAt],
      );
      if (inserted.length === 0) return false;
      await tx.query('UPDATE organizations SET tier = $2, trial_started_at = $3, trial_ends_at = $4 WHERE id = $1', [
        trial.orgId,
        trial.tier,
        trial.startedAt,
        trial.endsAt,
      ]);
      return true;
    });
  }

  /** Ends an active trial; a trial that has already ended keeps how it ended. True when this call ended it. */
  async endTrial(
    orgId: string,
    status: Exclude<TrialState, 'active'>,
    subscriptionId: string | null = null,
    sql: Sql = this.db,
  ): Promise<boolean> {
    // An UPDATE answers [rows, affected count].
    const [ended] = await sql.query<[unknown[], number]>(
      `UPDATE trials SET status = $2, ended_at = now(), subscription_id = COALESCE($3, subscription_id)
        WHERE org_id = $1 AND status = 'active' RETURNING org_id`,
      [orgId, status, subscriptionId],
    );
    return ended.length > 0;
  }

  // ---- Dunning --------------------------------------------------------------------------------------------

  async recordDunningCase(update: {
    orgId: string;
    invoiceId: string;
    subscriptionId: string | null;
    status: 'open' | 'recovered' | 'downgraded';
    attempts: number;
  }): Promise<void> {
    await this.db.query(
      `INSERT INTO dunning_cases (invoice_id, org_id, subscription_id, status, attempts, closed_at)
       VALUES ($1, $2, $3, $4, $5, CASE WHEN $4 = 'open' THEN NULL ELSE now() END)
       ON CONFLICT (invoice_id) DO UPDATE SET
         status = EXCLUDED.status,
         attempts = GREATEST(dunning_cases.attempts, EXCLUDED.attempts),
         subscription_id = COALESCE(EXCLUDED.subscription_id, dunning_cases.subscription_id),
         closed_at = COALESCE(dunning_cases.closed_at, EXCLUDED.closed_at),
         updated_at = now()
       WHERE dunning_cases.org_id = EXCLUDED.org_id AND dunning_cases.status = 'open'`,
      [update.invoiceId, update.orgId, update.subscriptionId, update.status, update.attempts],
    );
  }

  // ---- Billing periods ------------------------------------------------------------------------------------

  /** SUM(effective_cost) of the organisation's AI cost rows charged in [start, end), in USD. */
  async measuredAiSpend(orgId: string, periodStart: Date, periodEnd: Date, sql: Sql = this.db): Promise<MeasuredAiSpend> {
    const [row] = await sql.query<{ amount: string; row_count: number }[]>(
      `SELECT COALESCE(sum(effective_cost), 0)::text AS amount, count(*)::int AS row_count
         FROM cost_rows
        WHERE org_id = $1 AND is_ai AND billing_currency = 'USD'
          AND charge_period_start >= $2 AND charge_period_start < $3`,
      [orgId, periodStart, periodEnd],
    );
    return {
      periodStart: periodStart.toISOString(),
      periodEnd: periodEnd.toISOString(),
      currency: 'USD',
      amount: row!.amount,
      rowCount: row!.row_count,
    };
  }

  async findPeriodCharge(orgId: string, subscriptionId: string, periodStart: Date): Promise<PeriodChargeRecord | null> {
    const [row] = await this.db.query<Record<string, unknown>[]>(
      'SELECT * FROM billing_period_charges WHERE org_id = $1 AND subscription_id = $2 AND period_start = $3',
      [orgId, subscriptionId, periodStart],
    );
    return row ? toPeriodCharge(row) : null;
  }

  /** Stores a period's computed charge once; the first computation stands. Returns the stored record. */
  async recordPeriodCharge(
    charge: Omit<PeriodChargeRecord, 'stripeInvoiceId' | 'stripeInvoiceItemId' | 'appliedAt'>,
  ): Promise<PeriodChargeRecord> {
    await this.db.query(
      `INSERT INTO billing_period_charges (subscription_id, period_start, period_end, org_id, tier, rule, measured_spend,
         spend_currency, spend_row_count, flat_cents, percent, minimum_cents, charge_cents, description)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
       ON CONFLICT (subscription_id, period_start) DO NOTHING`,
      [
        charge.subscriptionId,
        charge.periodStart,
        charge.periodEnd,
        charge.orgId,
        charge.tier,
        charge.rule,
        charge.measuredSpend,
        charge.spendCurrency,
        charge.spendRowCount,
        charge.flatCents,
        charge.percent,
        charge.minimumCents,
        charge.chargeCents,
        charge.description,
      ],
    );
    return (await this.findPeriodCharge(charge.orgId, charge.subscriptionId, charge.periodStart))!;
  }

  /** Remembers the invoice a contract period's charge goes on; the first one stands. Returns the one remembered. */
  async recordPeriodChargeInvoice(orgId: string, subscriptionId: string, periodStart: Date, invoiceId: string): Promise<string> {
    const [[row]] = await this.db.query<[{ stripe_invoice_id: string }[], number]>(
      `UPDATE billing_period_charges SET stripe_invoice_id = COALESCE(stripe_invoice_id, $4)
        WHERE org_id = $1 AND subscription_id = $2 AND period_start = $3 RETURNING stripe_invoice_id`,
      [orgId, subscriptionId, periodStart, invoiceId],
    );
    if (!row) throw new Error(`no charge is recorded for subscription ${subscriptionId} from ${periodStart.toISOString()}`);
    return row.stripe_invoice_id;
  }

  async markPeriodChargeApplied(
    orgId: string,
    subscriptionId: string,
    periodStart: Date,
    stripeInvoiceItemId: string | null,
  ): Promise<void> {
    await this.db.query(
      `UPDATE billing_period_charges SET applied_at = COALESCE(applied_at, now()),
              stripe_invoice_item_id = COALESCE(stripe_invoice_item_id, $4)
        WHERE org_id = $1 AND subscription_id = $2 AND period_start = $3`,
      [orgId, subscriptionId, periodStart, stripeInvoiceItemId],
    );
  }
}
