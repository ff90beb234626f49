import type { PlanView } from '@apex/contracts';
import { earlySubscriber, inTrial, overview, PLANS } from '../billing/testing/billing-fixtures';
import { addedFeatures, offerAction, trialAvailable } from './offer-action';

const plan = (tier: string) => PLANS.find((p) => p.tier === tier) as PlanView;

describe('offerAction', () => {
  it('offers an owner of a Free organisation checkout for Early and Mid, and sales for Enterprise', () => {
    const free = overview();
    expect(offerAction(plan('free'), free, true)).toEqual({ kind: 'current' });
    expect(offerAction(plan('early'), free, true)).toEqual({ kind: 'checkout', tier: 'early', label: 'Subscribe to Early' });
    expect(offerAction(plan('mid'), free, true)).toEqual({ kind: 'checkout', tier: 'mid', label: 'Subscribe to Mid' });
    expect(offerAction(plan('enterprise'), free, true)).toEqual({ kind: 'sales' });
  });

  it('lets a trial’s plan be kept through checkout', () => {
    expect(offerAction(plan('early'), inTrial(), true)).toEqual({
      kind: 'checkout',
      tier: 'early',
      label: 'Keep Early',
      hint: 'The first payment is when your trial ends.',
    });
  });

  it('sends an organisation with a subscription to switch it, never to buy a second one', () => {
    const subscriber = earlySubscriber();
    expect(offerAction(plan('early'), subscriber, true)).toEqual({ kind: 'current' });
    expect(offerAction(plan('mid'), subscriber, true)).toEqual({ kind: 'switch', label: 'Switch to Mid' });
  });

  it('offers nothing to buy to non-owners, with payments off, or on an Enterprise contract', () => {
    expect(offerAction(plan('early'), overview(), false)).toEqual({ kind: 'none' });
    expect(offerAction(plan('early'), overview({ paymentsEnabled: false }), true)).toEqual({ kind: 'none' });
    expect(offerAction(plan('mid'), overview({ tier: 'enterprise' }), true)).toEqual({ kind: 'none' });
    expect(offerAction(plan('enterprise'), overview({ tier: 'enterprise' }), true)).toEqual({ kind: 'current' });
  });

  it('offers the trial only while the API says one can start', () => {
    expect(trialAvailable(overview())).toBe(true);
    expect(trialAvailable(overview({ trialUsed: true }))).toBe(false);
    expect(trialAvailable(overview({ trialEnabled: false }))).toBe(false);
    expect(trialAvailable(overview({ paymentsEnabled: false }))).toBe(false);
    expect(trialAvailable(earlySubscriber({ trialUsed: false }))).toBe(false);
    expect(trialAvailable(null)).toBe(false);
  });

  it('lists what each plan adds to the one below it', () => {
    expect(addedFeatures(PLANS, plan('free'))).toEqual(['basic_chat', 'simple_optimization']);
    expect(addedFeatures(PLANS, plan('mid'))).toEqual(['all_agents', 'team_collaboration', 'advanced_analytics']);
  });
});
