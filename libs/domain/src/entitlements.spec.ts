import type { PlanView } from '@apex/contracts';
import { entitlementsOf, nextTierForRuns, tierUnlocking } from './entitlements';

const pricing = { rule: 'free' as const, flatMonthlyCents: null, percentOfSpend: null, contractPercentMin: null, contractPercentMax: null };
const plans: PlanView[] = [
  { tier: 'mid', name: 'Mid', rank: 2, runLimit: 1000, windowSeconds: 18000, features: ['basic_chat', 'all_agents'], pricing },
  { tier: 'free', name: 'Free', rank: 0, runLimit: 3, windowSeconds: 18000, features: ['basic_chat'], pricing },
  { tier: 'enterprise', name: 'Enterprise', rank: 3, runLimit: 1000, windowSeconds: 18000, features: ['basic_chat', 'all_agents', 'white_label'], pricing },
  { tier: 'early', name: 'Early', rank: 1, runLimit: 100, windowSeconds: 18000, features: ['basic_chat', 'api_access'], pricing },
];

describe('entitlements', () => {
  it('applies an organisation override on top of its plan', () => {
    const e = entitlementsOf(plans[2], { runLimit: 5000, windowSeconds: null, extraFeatures: ['custom_models'] });
    expect(e).toEqual({ tier: 'enterprise', runLimit: 5000, windowSeconds: 18000, features: ['basic_chat', 'all_agents', 'white_label', 'custom_models'] });
  });

  it('offers the next tier that actually raises the run limit', () => {
    expect(nextTierForRuns(plans, 'free')?.tier).toBe('early');
    expect(nextTierForRuns(plans, 'early')?.tier).toBe('mid');
    expect(nextTierForRuns(plans, 'mid')).toBeNull();
  });

  it('names the lowest tier that unlocks a feature', () => {
    expect(tierUnlocking(plans, 'api_access')?.tier).toBe('early');
    expect(tierUnlocking(plans, 'white_label')?.tier).toBe('enterprise');
    expect(tierUnlocking(plans, 'dedicated_support')).toBeNull();
  });
});
