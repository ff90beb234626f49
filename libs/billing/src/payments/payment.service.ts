import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '@apex/config';
import {
  BillingRedirect,
  EnterpriseTerms,
  EnterpriseTermsView,
  ENDED_SUBSCRIPTION_STATUSES,
  LIVE_SUBSCRIPTION_STATUSES,
  SELF_SERVE_TIERS,
  SelfServeTier,
  SubscriptionView,
  Tier,
  TrialConverted,
  trialConvertedSignal,
  TrialStarted,
  trialWorkflowId,
  TrialWorkflowInput,
  trialWorkflowName,
  trialWorkflowStartPolicy,
} from '@apex/contracts';
import { FeatureFlagsPort } from '@apex/entitlements';
import {
  BillingConflictError,
  ContractReplacementPendingError,
  NotBillingOwnerError,
  PaymentsDisabledError,
  TrialUnavailableError,
  UnknownBillingOrganizationError,
} from '../errors';
import { OrganizationBilling, SubscriptionRecord } from '../organization-billing';
import { StripeGateway, VerifiedStripeEvent } from '../stripe/stripe-gateway';
import { WebhookProcessor, WebhookReceipt } from '../webhooks/webhook-processor';
import { subscriptionView, trialView } from './billing-views';

const TIER_NAMES: Record<Tier, string> = { free: 'Free', early: 'Early', mid: 'Mid', enterprise: 'Enterprise' };

interface Owner {
  userId: string;
  orgId: string;
}

/**
 * What an organisation owner does with billing (checkout, customer portal, plan changes, cancellation, the
 * trial), what operators do (Enterprise terms) and what Stripe tells Apex (webhooks). With `payments_enabled`
 * off every operation refuses before anything is sent to Stripe. The organisation's plan changes when Stripe
 * confirms it by webhook, never on the strength of a request alone.
 */
@Injectable()
export class PaymentService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly stripe: StripeGateway,
    private readonly billing: OrganizationBilling,
    private readonly flags: FeatureFlagsPort,
    private readonly temporal: Client,
    private readonly config: AppConfig,
    private readonly webhooks: WebhookProcessor,
  ) {}

  /** A Stripe Checkout page that subscribes the organisation to `tier`. */
  async createCheckoutSession(userId: string, tier: SelfServeTier, requestKey?: string): Promise<BillingRedirect> {
    const owner = await this.owner(userId);
    const org = await this.selfServeOrganization(owner.orgId);
    const live = await this.billing.liveSubscription(owner.orgId);
    const trial = await this.billing.findTrial(owner.orgId);
    const inTrial = trial?.status === 'active';
    if (live?.tier === tier || (!live && !inTrial && org.tier === tier)) {
      throw new BillingConflictError(`Your organisation already has the ${TIER_NAMES[tier]} plan.`, org.tier);
    }
    if (live) {
      throw new BillingConflictError(
        `Your organisation already subscribes to ${TIER_NAMES[live.tier]}: change the plan of that subscription instead (POST /billing/subscription).`,
        org.tier,
      );
    }
    const customerId = await this.billing.ensureStripeCustomer(owner.orgId);
    const daysLeft = inTrial ? Math.ceil((trial.endsAt.getTime() - Date.now()) / 86_400_000) : 0;
    const session = await this.stripe.createCheckoutSession(
      {
        orgId: owner.orgId,
        customerId,
        tier,
        successUrl: `${this.config.http.appUrl}/billing?checkout=success`,
        cancelUrl: `${this.config.http.appUrl}/upgrade?checkout=cancelled`,
        // Buying during the trial: the first charge comes when the trial would have ended.
        ...(daysLeft > 0 ? { trialDays: daysLeft } : {}),
      },
      `checkout:${owner.orgId}:${tier}:${requestKey ?? randomUUID()}`,
    );
    return { url: session.url };
  }

  /** The Stripe customer portal: payment methods, invoices, billing details (and plan changes, but not for a contract). */
  async createPortalSession(userId: string, requestKey?: string): Promise<BillingRedirect> {
    const owner = await this.owner(userId);
    const { tier } = await this.organization(owner.orgId);
    const customerId = await this.billing.ensureStripeCustomer(owner.orgId);
    return this.stripe.createPortalSession(
      customerId,
      `${this.config.http.appUrl}/billing`,
      `portal:${owner.orgId}:${requestKey ?? randomUUID()}`,
      { contract: tier === 'enterprise' },
    );
  }

  /** Moves the organisation's live subscription to `tier` now, prorated (an upgrade or a downgrade). */
  async changePlan(userId: string, tier: SelfServeTier, requestKey?: string): Promise<SubscriptionView> {
    const owner = await this.owner(userId);
    await this.selfServeOrganization(owner.orgId);
    return this.changeTier(owner, await this.liveSubscriptionOf(owner.orgId), tier, requestKey);
  }

  /** Moves one of the organisation's subscriptions to `tier`, prorated. */
  async updateSubscription(userId: string, subscriptionId: string, tier: SelfServeTier, requestKey?: string): Promise<SubscriptionView> {
    const owner = await this.owner(userId);
    await this.selfServeOrganization(owner.orgId);
    const subscription = await this.billing.findSubscription(owner.orgId, subscriptionId);
    if (!subscription || !LIVE_SUBSCRIPTION_STATUSES.includes(subscription.status)) {
      const { tier: current } = await this.organization(owner.orgId);
      throw new BillingConflictError('That subscription is not running: start one through checkout.', current);
    }
    return this.changeTier(owner, subscription, tier, requestKey);
  }

  private async changeTier(owner: Owner, subscription: SubscriptionRecord, tier: SelfServeTier, requestKey?: string): Promise<SubscriptionView> {
    if (subscription.tier === tier) {
      throw new BillingConflictError(`The subscription is already on the ${TIER_NAMES[tier]} plan.`, subscription.tier);
    }
    await this.stripe.changeSubscriptionTier(
      { orgId: owner.orgId, subscriptionId: subscription.id, tier },
      `change-plan:${subscription.id}:${tier}:${requestKey ?? randomUUID()}`,
    );
    // The tier changes when Stripe confirms the change with customer.subscription.updated.
    return { ...subscriptionView(subscription), cancelAtPeriodEnd: false };
  }

  /** Cancels at the end of the period: the organisation keeps its plan until then. */
  async cancelSubscription(userId: string, requestKey?: string): Promise<SubscriptionView> {
    const owner = await this.owner(userId);
    await this.selfServeOrganization(owner.orgId);
    const live = await this.liveSubscriptionOf(owner.orgId);
    if (!live.cancelAtPeriodEnd) {
      await this.stripe.cancelAtPeriodEnd(live.id, `cancel:${live.id}:${requestKey ?? randomUUID()}`);
      // Shown at once; the subscription's next webhook confirms it (its version is left for that event to set).
      await this.db.query('UPDATE subscriptions SET cancel_at_period_end = true, updated_at = now() WHERE org_id = $1 AND id = $2', [
        owner.orgId,
        live.id,
      ]);
    }
    return { ...subscriptionView(live), cancelAtPeriodEnd: true };
  }

  /**
   * Starts the organisation's one trial of Early (TRIAL_DAYS long) and its workflow `trial-<orgId>`, which
   * ends it: paid with a payment method, back to Free without one.
   */
  async startTrial(userId: string): Promise<TrialStarted> {
    const owner = await this.owner(userId);
    if (!(await this.flags.isEnabled('trial_enabled'))) {
      throw new TrialUnavailableError('Trials are not offered at the moment.', 'disabled');
    }
    const org = await this.organization(owner.orgId);
    if (org.tier !== 'free') {
      throw new TrialUnavailableError(`Your organisation is already on the ${TIER_NAMES[org.tier]} plan.`, 'on_paid_plan');
    }
    const startedAt = new Date();
    const trialDays = this.config.billing.trialDays;
    const endsAt = new Date(startedAt.getTime() + trialDays * 86_400_000);
    const workflowId = trialWorkflowId(owner.orgId);
    const input: TrialWorkflowInput = {
      orgId: owner.orgId,
      tier: 'early',
      startedAt: startedAt.toISOString(),
      trialDays,
      reminderDays: this.config.billing.trialReminderDays,
      hasPaymentMethod: org.hasPaymentMethod,
    };
    await this.db.transaction(async (tx) => {
      const started = await this.billing.startTrial(
        { orgId: owner.orgId, tier: 'early', startedBy: owner.userId, startedAt, endsAt },
        tx,
      );
      if (!started) throw new TrialUnavailableError('Your organisation has already had its trial: each organisation gets one.', 'used');
      try {
        // Inside the transaction: if Temporal refuses, no trial is recorded and the request can be retried.
        await this.temporal.workflow.start(trialWorkflowName, {
          taskQueue: this.config.temporal.taskQueue,
          workflowId,
          args: [input],
          ...trialWorkflowStartPolicy,
        });
      } catch (error) {
        if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      }
    });
    const trial = await this.billing.findTrial(owner.orgId);
    if (!trial) throw new Error(`the trial of ${owner.orgId} was recorded but cannot be read back`);
    return { trial: trialView(trial), workflowId };
  }

  handleWebhook(event: VerifiedStripeEvent): Promise<WebhookReceipt> {
    return this.webhooks.process(event);
  }

  async requirePaymentsEnabled(): Promise<void> {
    if (!(await this.flags.isEnabled('payments_enabled'))) throw new PaymentsDisabledError();
  }

  /**
   * An operator sets an organisation's Enterprise contract: percent of measured AI spend (8–15) and a monthly
   * minimum. Setting it again is safe and converges on the same state:
   * - the terms are stored and the organisation is on Enterprise;
   * - the contract has one Stripe subscription (the $0 Enterprise price, invoices sent rather than charged), whose
   *   creation webhook starts `billing-period-<subscriptionId>`, which bills each period's contract charge;
   * - Checkout pages still open are closed, and a self-serve subscription still running ends now, its last period
   *   settled by its own billing period;
   * - a running trial ends, converted by the contract.
   * The terms, the contract's subscription and the trial's end are recorded together, after the subscription
   * exists at Stripe (an idempotent request), so a refusal on the way leaves Apex as it was.
   */
  async setEnterpriseTerms(orgId: string, terms: EnterpriseTerms, operatorId: string): Promise<EnterpriseTermsView> {
    await this.requirePaymentsEnabled();
    await this.organization(orgId);
    const customerId = await this.billing.ensureStripeCustomer(orgId);
    const subscriptionId = await this.db.transaction(async (tx) => {
      // Operators setting the same contract take turns; the organisation's row, which webhooks lock, is not held meanwhile.
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`enterprise-contract:${orgId}`]);
      const contractId = await this.contractSubscription(orgId, customerId, tx);
      if (!(await this.billing.setEnterpriseTerms(orgId, terms, operatorId, tx))) throw new UnknownBillingOrganizationError(orgId);
      await this.billing.recordContractSubscription(orgId, contractId, tx);
      await this.billing.endTrial(orgId, 'converted', null, tx);
      return contractId;
    });

    try {
      // A Checkout page opened before the contract would otherwise start a self-serve subscription beside it.
      await this.stripe.expireOpenCheckoutSessions(customerId, `enterprise-contract:${orgId}:expire`);
    } catch (error) {
      throw new ContractReplacementPendingError('open Checkout pages', error);
    }
    for (const replaced of await this.billing.liveSubscriptionsOn(orgId, SELF_SERVE_TIERS)) {
      try {
        await this.stripe.cancelNow(replaced.id, `enterprise-contract:${orgId}:replaces:${replaced.id}`);
      } catch (error) {
        throw new ContractReplacementPendingError(`subscription ${replaced.id}`, error);
      }
    }
    if (await this.billing.findTrial(orgId)) {
      try {
        await this.endTrialByContract(orgId, subscriptionId);
      } catch (error) {
        throw new ContractReplacementPendingError('the trial', error);
      }
    }

    const stored = await this.billing.pricingTerms(orgId);
    if (!stored?.contractPercent || stored.contractMinimumCents === null) {
      throw new Error(`the Enterprise terms of ${orgId} were stored but cannot be read back`);
    }
    return { orgId, tier: stored.tier, percent: stored.contractPercent, minimumCents: stored.contractMinimumCents, subscriptionId };
  }

  /** The contract's running Stripe subscription: the one remembered, or a new one if there is none or it has ended. */
  private async contractSubscription(orgId: string, customerId: string, tx: EntityManager): Promise<string> {
    const recorded = await this.billing.contractSubscription(orgId, tx);
    if (recorded && !(recorded.status && ENDED_SUBSCRIPTION_STATUSES.includes(recorded.status))) return recorded.id;
    const created = await this.stripe.createContractSubscription(
      { orgId, customerId, daysUntilDue: this.config.billing.contractInvoiceDaysDue },
      `enterprise-contract:${orgId}:${recorded?.id ?? 'first'}`,
    );
    return created.id;
  }

  private async endTrialByContract(orgId: string, subscriptionId: string): Promise<void> {
    const signal: TrialConverted = { subscriptionId, at: new Date().toISOString(), byContract: true };
    try {
      await this.temporal.workflow.getHandle(trialWorkflowId(orgId)).signal(trialConvertedSignal, signal);
    } catch (error) {
      // The trial's workflow finished long ago (or on its own just now): there is nothing left to end.
      if (!(error instanceof WorkflowNotFoundError)) throw error;
    }
  }

  /** The caller, if they may change the organisation's billing: payments on, and an owner. */
  private async owner(userId: string): Promise<Owner> {
    await this.requirePaymentsEnabled();
    const [user] = await this.db.query<{ org_id: string; role: string }[]>(
      'SELECT org_id, role FROM users WHERE id = $1 AND removed_at IS NULL',
      [userId],
    );
    if (!user || user.role !== 'owner') throw new NotBillingOwnerError();
    return { userId, orgId: user.org_id };
  }

  private async organization(orgId: string) {
    const org = await this.billing.find(orgId);
    if (!org) throw new UnknownBillingOrganizationError(orgId);
    return org;
  }

  /** The organisation, unless an Enterprise contract governs its billing (which only Apex sales change). */
  private async selfServeOrganization(orgId: string) {
    const org = await this.organization(orgId);
    if (org.tier === 'enterprise') {
      throw new BillingConflictError('Your organisation is on an Enterprise contract; its terms change through Apex sales.', org.tier);
    }
    return org;
  }

  private async liveSubscriptionOf(orgId: string): Promise<SubscriptionRecord> {
    const live = await this.billing.liveSubscription(orgId);
    if (!live) {
      const { tier } = await this.organization(orgId);
      throw new BillingConflictError('Your organisation has no running subscription: choose a plan through checkout first.', tier);
    }
    return live;
  }
}
