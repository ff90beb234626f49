import type { SubscriptionStatus, Tier } from '@apex/contracts';
import { ENDED_SUBSCRIPTION_STATUSES, LIVE_SUBSCRIPTION_STATUSES } from '@apex/contracts';
import { isPricedTier, isSelfServeTier, tierForLookupKey } from '../../stripe/price-lookup-keys';
import { compareVersions, EventVersion, isoAt } from '../event-version';
import { BillingChange, BillingSnapshot, Reducer, Reduction, stale, StripeEventInput, SubscriptionState, unmatched, WorkflowEffect } from '../reduction';
import { readSubscription } from '../stripe-objects';

const isLive = (status: SubscriptionStatus | undefined) => status !== undefined && LIVE_SUBSCRIPTION_STATUSES.includes(status);
const isTerminal = (status: SubscriptionStatus | undefined) => status !== undefined && ENDED_SUBSCRIPTION_STATUSES.includes(status);

/** Whether an event's view of a subscription replaces the stored one: terminal states are final, otherwise newer wins. */
export function subscriptionSupersedes(
  current: SubscriptionState | null,
  incoming: { status: SubscriptionStatus; version: EventVersion },
): boolean {
  if (!current) return true;
  if (isTerminal(current.status)) return false;
  if (isTerminal(incoming.status)) return true;
  return compareVersions(incoming.version, current.version) > 0;
}

/**
 * The organisation's tier once a subscription is in `next`. Enterprise is set by contract (the operator's terms):
 * no subscription takes it away, and the contract's own subscription neither grants nor removes it. A live
 * self-serve subscription grants its tier; an ended one drops the organisation to Free unless another
 * subscription or its trial still grants a tier. A subscription still waiting for its first payment changes nothing.
 */
export function tierAfter(snapshot: BillingSnapshot, next: SubscriptionState): Tier {
  if (snapshot.tier === 'enterprise' || next.tier === 'enterprise') return snapshot.tier;
  if (isLive(next.status)) return next.tier;
  if (snapshot.otherLiveSubscriptionTier) return snapshot.otherLiveSubscriptionTier;
  if (next.status === 'incomplete' || snapshot.trialActive) return snapshot.tier;
  return isSelfServeTier(snapshot.tier) ? 'free' : snapshot.tier;
}

function effectsOf(
  snapshot: BillingSnapshot,
  current: SubscriptionState | null,
  next: SubscriptionState,
  at: string,
): WorkflowEffect[] {
  const effects: WorkflowEffect[] = [];
  const wasLive = isLive(current?.status);
  if (isLive(next.status) && !wasLive && next.currentPeriodStart && next.currentPeriodEnd) {
    effects.push({
      kind: 'startBillingPeriod',
      input: {
        orgId: snapshot.orgId,
        subscriptionId: next.id,
        periodStart: next.currentPeriodStart,
        periodEnd: next.currentPeriodEnd,
      },
    });
    // An Enterprise contract ends a trial through the operator's terms, not through its subscription.
    if (snapshot.trialActive && next.status === 'active' && next.tier !== 'enterprise') {
      effects.push({ kind: 'trialConverted', orgId: snapshot.orgId, signal: { subscriptionId: next.id, at } });
    }
  }
  if (
    isLive(next.status) &&
    wasLive &&
    current?.currentPeriodStart &&
    next.currentPeriodStart &&
    next.currentPeriodEnd &&
    next.currentPeriodStart > current.currentPeriodStart
  ) {
    effects.push({
      kind: 'billingPeriodRenewed',
      subscriptionId: next.id,
      signal: { periodStart: next.currentPeriodStart, periodEnd: next.currentPeriodEnd },
    });
  }
  if (snapshot.tier === 'enterprise' && isSelfServeTier(next.tier) && isLive(next.status) && !wasLive) {
    effects.push({ kind: 'cancelSubscription', subscriptionId: next.id, idempotencyKey: `enterprise-contract:${snapshot.orgId}:replaces:${next.id}` });
  }
  if (isTerminal(next.status) && !isTerminal(current?.status)) {
    effects.push({ kind: 'billingPeriodEnded', subscriptionId: next.id, signal: { endedAt: next.endedAt ?? at } });
    if (snapshot.trialActive && current?.status === 'trialing') {
      effects.push({ kind: 'trialCancelled', orgId: snapshot.orgId, signal: { reason: 'subscription_canceled', at } });
    }
  }
  return effects;
}

function reduceSubscription(event: StripeEventInput, snapshot: BillingSnapshot, deleted: boolean): Reduction {
  const facts = readSubscription(event.object);
  const status: SubscriptionStatus | null = deleted ? 'canceled' : facts.status;
  const current = snapshot.subscription;
  const metadataTier = facts.metadataTier && isPricedTier(facts.metadataTier) ? facts.metadataTier : null;
  const tier = tierForLookupKey(facts.lookupKey) ?? metadataTier ?? current?.tier ?? null;
  const customerId = facts.customerId ?? current?.customerId ?? snapshot.stripeCustomerId;
  if (!status || !tier || !customerId) return unmatched();

  const version = { created: event.created, id: event.id };
  if (!subscriptionSupersedes(current, { status, version })) return stale();

  const at = isoAt(event.created);
  const next: SubscriptionState = {
    id: facts.id,
    customerId,
    tier,
    priceId: facts.priceId ?? current?.priceId ?? null,
    status,
    currentPeriodStart: facts.currentPeriodStart ?? current?.currentPeriodStart ?? null,
    currentPeriodEnd: facts.currentPeriodEnd ?? current?.currentPeriodEnd ?? null,
    cancelAtPeriodEnd: facts.cancelAtPeriodEnd,
    canceledAt: facts.canceledAt ?? (deleted ? at : null),
    endedAt: facts.endedAt ?? (deleted ? at : null),
    trialEnd: facts.trialEnd,
    version,
  };
  const changes: BillingChange[] = [{ kind: 'putSubscription', subscription: next }];
  const tierNow = tierAfter(snapshot, next);
  if (tierNow !== snapshot.tier) changes.push({ kind: 'setTier', tier: tierNow });
  return { outcome: 'applied', changes, effects: effectsOf(snapshot, current, next, at) };
}

/** customer.subscription.created */
export const subscriptionCreated: Reducer = (event, snapshot) => reduceSubscription(event, snapshot, false);
/** customer.subscription.updated */
export const subscriptionUpdated: Reducer = (event, snapshot) => reduceSubscription(event, snapshot, false);
/**
 * customer.subscription.trial_will_end: three days before a Stripe-side trial ends. It carries the subscription
 * as it is now; the reminder emails are the trial workflow's, so it only refreshes the stored subscription.
 */
export const subscriptionTrialWillEnd: Reducer = (event, snapshot) => reduceSubscription(event, snapshot, false);
/** customer.subscription.deleted: the subscription has ended, for good. */
export const subscriptionDeleted: Reducer = (event, snapshot) => reduceSubscription(event, snapshot, true);
