import { Controller, Get } from '@nestjs/common';
import { Client as Pg } from 'pg';
import type { Feature, Tier } from '@apex/contracts';
import { FEATURES, ProblemType, TIERS } from '@apex/contracts';
import { ApiOnTestDatabase, startApiOnTestDatabase } from '../testing/api-on-test-database';
import { ApiUnderTest } from '../testing/api-under-test';
import { signUpSession } from '../testing/signed-up-session';
import { RequiresFeature } from './requires-feature.decorator';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const readJson = (response: Response): Promise<any> => response.json();

/** One route per feature, gated exactly as a product route would be. */
@Controller('test-gates')
class GatedRoutes {
  @RequiresFeature('basic_chat') @Get('basic_chat') basicChat() { return { used: 'basic_chat' }; }
  @RequiresFeature('simple_optimization') @Get('simple_optimization') simpleOptimization() { return { used: 'simple_optimization' }; }
  @RequiresFeature('advanced_optimization') @Get('advanced_optimization') advancedOptimization() { return { used: 'advanced_optimization' }; }
  @RequiresFeature('basic_analytics') @Get('basic_analytics') basicAnalytics() { return { used: 'basic_analytics' }; }
  @RequiresFeature('api_access') @Get('api_access') apiAccess() { return { used: 'api_access' }; }
  @RequiresFeature('all_agents') @Get('all_agents') allAgents() { return { used: 'all_agents' }; }
  @RequiresFeature('team_collaboration') @Get('team_collaboration') teamCollaboration() { return { used: 'team_collaboration' }; }
  @RequiresFeature('advanced_analytics') @Get('advanced_analytics') advancedAnalytics() { return { used: 'advanced_analytics' }; }
  @RequiresFeature('white_label') @Get('white_label') whiteLabel() { return { used: 'white_label' }; }
  @RequiresFeature('custom_models') @Get('custom_models') customModels() { return { used: 'custom_models' }; }
  @RequiresFeature('dedicated_support') @Get('dedicated_support') dedicatedSupport() { return { used: 'dedicated_support' }; }
}

/** The product's tier matrix, written out independently of the seeded plans it checks. */
const UNLOCKED_AT: Record<Feature, Tier> = {
  basic_chat: 'free',
  simple_optimization: 'free',
  advanced_optimization: 'early',
  basic_analytics: 'early',
  api_access: 'early',
  all_agents: 'mid',
  team_collaboration: 'mid',
  advanced_analytics: 'mid',
  white_label: 'enterprise',
  custom_models: 'enterprise',
  dedicated_support: 'enterprise',
};
const rank = (tier: Tier) => TIERS.indexOf(tier);

describe('Plans, entitlements and feature gates over HTTP', () => {
  let started: ApiOnTestDatabase;
  let api: ApiUnderTest;
  let pg: Pg;
  let operator: string;
  const sessions = {} as Record<Tier, { token: string; orgId: string }>;

  const signUp = (email: string) => signUpSession(api, email);

  beforeAll(async () => {
    started = await startApiOnTestDatabase({}, { controllers: [GatedRoutes] });
    api = started.api;
    pg = new Pg({ connectionString: started.database.url });
    await pg.connect();
    const op = await signUp('operator@apex.test');
    await pg.query("UPDATE users SET is_operator = true WHERE email = 'operator@apex.test'");
    operator = op.token;
    for (const tier of TIERS) {
      sessions[tier] = await signUp(`${tier}@example.com`);
      const moved = await api.call('PUT', `/admin/organizations/${sessions[tier].orgId}/plan`, { token: operator, body: { tier } });
      expect(moved.status).toBe(200);
    }
  });
  afterAll(async () => {
    await pg?.end();
    await started?.stop();
  });

  it('lists the plans publicly, lowest rank first, for the tier comparison', async () => {
    const response = await api.call('GET', '/plans');
    expect(response.status).toBe(200);
    const plans = await readJson(response);
    expect(plans.map((p: { tier: string }) => p.tier)).toEqual(['free', 'early', 'mid', 'enterprise']);
    expect(plans[0]).toEqual({
      tier: 'free', name: 'Free', rank: 0, runLimit: 3, windowSeconds: 18000, features: ['basic_chat', 'simple_optimization'],
      pricing: { rule: 'free', flatMonthlyCents: 0, percentOfSpend: null, contractPercentMin: null, contractPercentMax: null },
    });
  });

  it("tells the caller what its organisation's plan allows and which flags are on", async () => {
    const view = await readJson(await api.call('GET', '/entitlements', { token: sessions.early.token }));
    expect(view).toEqual({
      tier: 'early',
      runLimit: 100,
      windowSeconds: 18000,
      features: ['basic_chat', 'simple_optimization', 'advanced_optimization', 'basic_analytics', 'api_access'],
      flags: { payments_enabled: false, trial_enabled: true, usage_limits_enforced: true, cloud_billing_integration: true },
    });
    expect((await api.call('GET', '/entitlements')).status).toBe(401);
  });

  describe.each(TIERS)('an organisation on %s', (tier) => {
    it.each(FEATURES)('%s: allowed exactly when the tier includes it, otherwise 403 naming the unlocking tier', async (feature) => {
      const response = await api.call('GET', `/test-gates/${feature}`, { token: sessions[tier].token });
      const required = UNLOCKED_AT[feature];
      if (rank(tier) >= rank(required)) {
        expect(response.status).toBe(200);
        expect(await readJson(response)).toEqual({ used: feature });
        return;
      }
      expect(response.status).toBe(403);
      expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
      const problem = await readJson(response);
      expect(problem).toMatchObject({
        type: ProblemType.featureGated,
        status: 403,
        feature,
        requiredTier: required,
        upgrade: { tier: required, name: expect.any(String), runLimit: expect.any(Number), windowSeconds: 18000, pricing: { rule: expect.any(String) } },
      });
      expect(Object.keys(problem.upgrade).sort()).toEqual(['name', 'pricing', 'runLimit', 'tier', 'windowSeconds']);
    });
  });

  it('names the upgrade with its real price: Early at $99 or 2 %', async () => {
    const problem = await readJson(await api.call('GET', '/test-gates/api_access', { token: sessions.free.token }));
    expect(problem.upgrade).toEqual({
      tier: 'early', name: 'Early', runLimit: 100, windowSeconds: 18000,
      pricing: { rule: 'flat_or_percent', flatMonthlyCents: 9900, percentOfSpend: '2.00', contractPercentMin: null, contractPercentMax: null },
    });
  });

  it('opens a feature granted by contract terms, and closes it again when the terms go', async () => {
    const { orgId, token } = sessions.free;
    expect((await api.call('GET', '/test-gates/white_label', { token })).status).toBe(403);
    await api.call('PUT', `/admin/organizations/${orgId}/overrides`, { token: operator, body: { extraFeatures: ['white_label'] } });
    expect((await api.call('GET', '/test-gates/white_label', { token })).status).toBe(200);
    expect((await readJson(await api.call('GET', '/entitlements', { token }))).features).toContain('white_label');
    await api.call('DELETE', `/admin/organizations/${orgId}/overrides`, { token: operator });
    expect((await api.call('GET', '/test-gates/white_label', { token })).status).toBe(403);
  });

  it('applies a plan change to the very next request', async () => {
    const { orgId, token } = await signUp('upgrader@example.com');
    expect((await api.call('GET', '/test-gates/all_agents', { token })).status).toBe(403);
    await api.call('PUT', `/admin/organizations/${orgId}/plan`, { token: operator, body: { tier: 'mid' } });
    expect((await api.call('GET', '/test-gates/all_agents', { token })).status).toBe(200);
  });
});
