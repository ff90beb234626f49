import { stripeFixtureObject } from '@apex/testing';
import type { BillingSnapshot, Reduction, StripeEventInput, SubscriptionState } from '../reduction';
import { subscriptionCreated, subscriptionDeleted, subscriptionUpdated, tierAfter } from './subscription-changed';
import { billingSnapshot, eventInput as event, ORG_ID as orgId, T0 } from './testing/reducer-fixtures';

const snapshot = (overrides: Partial<BillingSnapshot> = {}) => billingSnapshot({ stripeCustomerId: 'cus_00000000000000', ...overrides });

function subscription(status: string, options: { lookupKey?: string | null; periodStart?: number; cancelAtPeriodEnd?: boolean } = {}) {
  const object = stripeFixtureObject('subscription.created') as Record<string, any>;
  object['status'] = status;
  object['cancel_at_period_end'] = options.cancelAtPeriodEnd ?? false;
  const item = object['items'].data[0];
  item.price.lookup_key = options.lookupKey === undefined ? 'apex_early_monthly' : options.lookupKey;
  item.current_period_start = options.periodStart ?? T0;
  item.current_period_end = (options.periodStart ?? T0) + 30 * 86_400;
  return object;
}

/** Applies a reduction to the snapshot the way the processor applies it to the database. */
function apply(state: BillingSnapshot, reduction: Reduction): BillingSnapshot {
  let next = state;
  for (const change of reduction.changes) {
    if (change.kind === 'putSubscription') next = { ...next, subscription: change.subscription };
    if (change.kind === 'setTier') next = { ...next, tier: change.tier };
  }
  return next;
}

const REDUCERS = {
  'customer.subscription.created': subscriptionCreated,
  'customer.subscription.updated': subscriptionUpdated,
  'customer.subscription.deleted': subscriptionDeleted,
} as const;

describe('subscription events', () => {
  it('a new active subscription gives the organisation its tier and starts its billing period', () => {
    const reduction = subscriptionCreated(event('customer.subscription.created', subscription('active'), T0), snapshot());

    expect(reduction.outcome).toBe('applied');
    const put = reduction.changes.find((c) => c.kind === 'putSubscription') as { subscription: SubscriptionState };
    expect(put.subscription).toMatchObject({
      id: 'sub_00000000000000',
      tier: 'early',
      status: 'active',
      currentPeriodStart: '2026-01-01T00:00:00.000Z',
      currentPeriodEnd: '2026-01-31T00:00:00.000Z',
    });
    expect(reduction.changes).toContainEqual({ kind: 'setTier', tier: 'early' });
    expect(reduction.effects).toEqual([
      {
        kind: 'startBillingPeriod',
        input: {
          orgId,
          subscriptionId: 'sub_00000000000000',
          periodStart: '2026-01-01T00:00:00.000Z',
          periodEnd: '2026-01-31T00:00:00.000Z',
        },
      },
    ]);
  });

  it('an event older than the stored state changes nothing', () => {
    const newer = apply(snapshot(), subscriptionUpdated(event('customer.subscription.updated', subscription('active', { lookupKey: 'apex_mid_monthly' }), T0 + 60), snapshot()));
    const late = subscriptionCreated(event('customer.subscription.created', subscription('active'), T0), newer);
    expect(late).toEqual({ outcome: 'stale', changes: [], effects: [] });
    expect(newer.tier).toBe('mid');
  });

  it('a deleted subscription is final: the organisation drops to Free and no later event revives it', () => {
    const active = apply(snapshot(), subscriptionCreated(event('customer.subscription.created', subscription('active'), T0), snapshot()));
    const deleted = subscriptionDeleted(event('customer.subscription.deleted', subscription('active'), T0 + 10), active);
    expect(deleted.changes).toContainEqual({ kind: 'setTier', tier: 'free' });
    expect(deleted.effects).toContainEqual({
      kind: 'billingPeriodEnded',
      subscriptionId: 'sub_00000000000000',
      signal: { endedAt: expect.any(String) },
    });
    const ended = apply(active, deleted);
    expect(ended.subscription?.status).toBe('canceled');

    const later = subscriptionUpdated(event('customer.subscription.updated', subscription('active'), T0 + 3600), ended);
    expect(later.outcome).toBe('stale');
  });

  it('reaches the same final state whatever order the events arrive in', () => {
    const events = [
      event('customer.subscription.created', subscription('incomplete'), T0, 'evt_a'),
      event('customer.subscription.updated', subscription('active'), T0 + 5, 'evt_b'),
      event('customer.subscription.updated', subscription('active', { lookupKey: 'apex_mid_monthly' }), T0 + 50, 'evt_c'),
      event('customer.subscription.updated', subscription('active', { lookupKey: 'apex_mid_monthly', cancelAtPeriodEnd: true }), T0 + 50, 'evt_d'),
    ];
    const permutations = (items: StripeEventInput[]): StripeEventInput[][] =>
      items.length <= 1 ? [items] : items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));

    const finals = permutations(events).map((order) =>
      order.reduce((state, e) => apply(state, REDUCERS[e.type as keyof typeof REDUCERS](e, state)), snapshot()),
    );
    for (const final of finals) expect(final).toEqual(finals[0]);
    expect(finals[0]!.tier).toBe('mid');
    expect(finals[0]!.subscription).toMatchObject({ status: 'active', cancelAtPeriodEnd: true, version: { id: 'evt_d' } });
  });

  it('keeps access while a payment is past due and ends it when the subscription is unpaid', () => {
    const active = apply(snapshot(), subscriptionCreated(event('customer.subscription.created', subscription('active'), T0), snapshot()));
    const pastDue = subscriptionUpdated(event('customer.subscription.updated', subscription('past_due'), T0 + 1), active);
    expect(pastDue.changes.some((c) => c.kind === 'setTier')).toBe(false);
    const unpaid = subscriptionUpdated(event('customer.subscription.updated', subscription('unpaid'), T0 + 2), apply(active, pastDue));
    expect(unpaid.changes).toContainEqual({ kind: 'setTier', tier: 'free' });
  });

  it('signals the renewal of a period', () => {
    const active = apply(snapshot(), subscriptionCreated(event('customer.subscription.created', subscription('active'), T0), snapshot()));
    const renewed = subscriptionUpdated(
      event('customer.subscription.updated', subscription('active', { periodStart: T0 + 30 * 86_400 }), T0 + 30 * 86_400),
      active,
    );
    expect(renewed.effects).toEqual([
      {
        kind: 'billingPeriodRenewed',
        subscriptionId: 'sub_00000000000000',
        signal: { periodStart: '2026-01-31T00:00:00.000Z', periodEnd: '2026-03-02T00:00:00.000Z' },
      },
    ]);
  });

  it('never changes an Enterprise organisation, and a trial keeps its tier when a subscription ends', () => {
    const enterprise = subscriptionCreated(event('customer.subscription.created', subscription('active'), T0), snapshot({ tier: 'enterprise' }));
    expect(enterprise.changes.some((c) => c.kind === 'setTier')).toBe(false);

    const next = { id: 'sub_1', customerId: 'cus_1', tier: 'early', priceId: null, status: 'canceled', currentPeriodStart: null, currentPeriodEnd: null, cancelAtPeriodEnd: false, canceledAt: null, endedAt: null, trialEnd: null, version: { created: T0, id: 'evt_1' } } as const;
    expect(tierAfter(snapshot({ tier: 'early', trialActive: true }), next)).toBe('early');
    expect(tierAfter(snapshot({ tier: 'mid', otherLiveSubscriptionTier: 'mid' }), next)).toBe('mid');
    expect(tierAfter(snapshot({ tier: 'early' }), next)).toBe('free');
  });

  it("records an Enterprise contract's subscription and starts its billing period; its end leaves the contract in place", () => {
    const contract = subscription('active', { lookupKey: 'apex_enterprise_monthly' });
    const created = subscriptionCreated(event('customer.subscription.created', contract, T0), snapshot({ tier: 'enterprise' }));
    const put = created.changes.find((c) => c.kind === 'putSubscription') as { subscription: SubscriptionState };
    expect(put.subscription).toMatchObject({ id: 'sub_00000000000000', tier: 'enterprise', status: 'active' });
    expect(created.changes.some((c) => c.kind === 'setTier')).toBe(false);
    expect(created.effects).toEqual([
      { kind: 'startBillingPeriod', input: { orgId, subscriptionId: 'sub_00000000000000', periodStart: '2026-01-01T00:00:00.000Z', periodEnd: '2026-01-31T00:00:00.000Z' } },
    ]);

    const byMetadata = subscription('active', { lookupKey: null });
    byMetadata['metadata'] = { tier: 'enterprise' };
    const fromMetadata = subscriptionCreated(event('customer.subscription.created', byMetadata, T0), snapshot({ tier: 'enterprise' }));
    expect((fromMetadata.changes[0] as { subscription: SubscriptionState }).subscription.tier).toBe('enterprise');

    const deleted = subscriptionDeleted(event('customer.subscription.deleted', contract, T0 + 10), apply(snapshot({ tier: 'enterprise' }), created));
    expect(deleted.changes.some((c) => c.kind === 'setTier')).toBe(false);
    expect(deleted.effects).toContainEqual({ kind: 'billingPeriodEnded', subscriptionId: 'sub_00000000000000', signal: { endedAt: expect.any(String) } });

    // Only the operator's terms grant Enterprise: a contract subscription alone leaves the plan as it is.
    const withoutTerms = subscriptionCreated(event('customer.subscription.created', contract, T0), snapshot({ tier: 'free' }));
    expect(withoutTerms.changes.some((c) => c.kind === 'setTier')).toBe(false);

    // A self-serve subscription that starts beside the contract (a Checkout page opened before it) is ended at once.
    const stray = subscriptionCreated(event('customer.subscription.created', subscription('active'), T0), snapshot({ tier: 'enterprise' }));
    expect(stray.changes.some((c) => c.kind === 'setTier')).toBe(false);
    expect(stray.effects).toContainEqual({ kind: 'cancelSubscription', subscriptionId: 'sub_00000000000000', idempotencyKey: `enterprise-contract:${orgId}:replaces:sub_00000000000000` });

    // The terms end a running trial themselves; the contract's subscription signals it nothing.
    const duringTrial = subscriptionCreated(event('customer.subscription.created', contract, T0), snapshot({ tier: 'early', trialActive: true }));
    expect(duringTrial.effects.map((e) => e.kind)).toEqual(['startBillingPeriod']);
  });

  it('signals a running trial when a paid subscription starts', () => {
    const reduction = subscriptionCreated(event('customer.subscription.created', subscription('active'), T0), snapshot({ tier: 'early', trialActive: true }));
    expect(reduction.effects).toContainEqual({
      kind: 'trialConverted',
      orgId,
      signal: { subscriptionId: 'sub_00000000000000', at: '2026-01-01T00:00:00.000Z' },
    });
  });

  it('leaves a subscription whose tier it cannot tell unmatched', () => {
    const reduction = subscriptionCreated(event('customer.subscription.created', subscription('active', { lookupKey: null }), T0), snapshot());
    expect(reduction.outcome).toBe('unmatched');
    expect(reduction.changes).toEqual([]);
  });
});
