import { DataSource } from 'typeorm';
import { AppConfig } from '@apex/config';
import { createMigratedDataSource } from '@apex/testing';
import { EntitlementsService, UnknownOrganizationError } from './entitlements.service';
import { FeatureFlagsService } from './feature-flags.service';
import { OrganizationPlansService } from './organization-plans.service';

const configWith = (env: Record<string, string> = {}) =>
  AppConfig.fromEnv({
    DATABASE_URL: 'postgres://apex:apex@localhost:5432/apex',
    TEMPORAL_ADDRESS: 'localhost:7233',
    SMTP_URL: 'smtp://localhost:1025',
    JWT_SECRET: 'x'.repeat(32),
    ...env,
  });

describe('Plans, organisation terms and feature flags from the database', () => {
  let db: { dataSource: DataSource; close(): Promise<void> };
  let entitlements: EntitlementsService;
  let plans: OrganizationPlansService;
  const operatorId = '00000000-0000-0000-0000-000000000000';

  const newOrg = async (tier = 'free'): Promise<string> =>
    (await db.dataSource.query('INSERT INTO organizations (name, tier) VALUES ($1, $2) RETURNING id', ['Org', tier]))[0].id;

  beforeAll(async () => {
    db = await createMigratedDataSource();
    entitlements = new EntitlementsService(db.dataSource);
    plans = new OrganizationPlansService(db.dataSource, entitlements);
  });
  afterAll(() => db?.close());

  it('lists the four plans by rank with their limits, features and pricing', async () => {
    const list = await entitlements.plans();
    expect(list.map((p) => [p.tier, p.rank, p.runLimit, p.windowSeconds, p.features.length])).toEqual([
      ['free', 0, 3, 18000, 2],
      ['early', 1, 100, 18000, 5],
      ['mid', 2, 1000, 18000, 8],
      ['enterprise', 3, 1000, 18000, 11],
    ]);
    expect(list[1].pricing).toEqual({ rule: 'flat_or_percent', flatMonthlyCents: 9900, percentOfSpend: '2.00', contractPercentMin: null, contractPercentMax: null });
    expect(list[3].pricing).toMatchObject({ rule: 'contract', contractPercentMin: '8.00', contractPercentMax: '15.00' });
  });

  it("gives an organisation its plan's entitlements and offers the next tier that raises its run limit", async () => {
    const org = await newOrg();
    expect(await entitlements.forOrganization(org)).toEqual({ tier: 'free', runLimit: 3, windowSeconds: 18000, features: ['basic_chat', 'simple_optimization'] });
    expect(await entitlements.upgradeForRuns(org)).toMatchObject({ tier: 'early', runLimit: 100 });
    expect(await entitlements.upgradeForFeature('white_label')).toMatchObject({ tier: 'enterprise', name: 'Enterprise' });
  });

  it('applies a plan change and contract terms on the very next read', async () => {
    const org = await newOrg();
    await plans.setTier(org, 'mid');
    expect((await entitlements.forOrganization(org)).tier).toBe('mid');
    expect(await entitlements.upgradeForRuns(org)).toBeNull();

    await plans.setTier(org, 'enterprise');
    const view = await plans.setTerms(org, { runLimit: 5000, extraFeatures: ['custom_models'] }, operatorId);
    expect(view.terms).toEqual({
      runLimit: 5000,
      windowSeconds: null,
      extraFeatures: ['custom_models'],
      contractPercent: null,
      contractMinimumCents: null,
      contractSubscriptionId: null,
    });
    expect(view.entitlements).toMatchObject({ tier: 'enterprise', runLimit: 5000, windowSeconds: 18000 });

    const cleared = await plans.clearTerms(org);
    expect(cleared.terms).toBeNull();
    expect(cleared.entitlements.runLimit).toBe(1000);
  });

  it('lets extra features of a contract through on a lower plan', async () => {
    const org = await newOrg('early');
    await plans.setTerms(org, { extraFeatures: ['white_label'] }, operatorId);
    expect((await entitlements.forOrganization(org)).features).toEqual(expect.arrayContaining(['api_access', 'white_label']));
  });

  it('refuses a contract percent outside 8 to 15 at the database as well', async () => {
    const org = await newOrg('enterprise');
    await expect(
      db.dataSource.query('INSERT INTO organization_plan_overrides (org_id, contract_percent, contract_minimum_cents) VALUES ($1, 20, 0)', [org]),
    ).rejects.toThrow(/check constraint/);
  });

  it('knows no unknown organisation', async () => {
    await expect(entitlements.forOrganization('9d3c6f39-2c3e-4f0e-9d43-3a1f1b1e6f00')).rejects.toBeInstanceOf(UnknownOrganizationError);
    await expect(plans.setTier('9d3c6f39-2c3e-4f0e-9d43-3a1f1b1e6f00', 'mid')).rejects.toBeInstanceOf(UnknownOrganizationError);
  });

  describe('feature flags', () => {
    it('default to the configuration: payments and cloud billing off, trials and usage limits on', async () => {
      const flags = new FeatureFlagsService(db.dataSource, configWith());
      expect(await flags.values()).toEqual({ payments_enabled: false, trial_enabled: true, usage_limits_enforced: true, cloud_billing_integration: true });
    });

    it('take their defaults from FLAG_* variables', async () => {
      const flags = new FeatureFlagsService(db.dataSource, configWith({ FLAG_PAYMENTS_ENABLED: 'true', FLAG_TRIAL_ENABLED: 'off' }));
      expect(await flags.isEnabled('payments_enabled')).toBe(true);
      expect(await flags.isEnabled('trial_enabled')).toBe(false);
    });

    it('refuse to start with a flag that is not a boolean, naming the variable', () => {
      expect(() => configWith({ FLAG_USAGE_LIMITS_ENFORCED: 'maybe' })).toThrow(/FLAG_USAGE_LIMITS_ENFORCED: expected true or false/);
    });

    it('follow an operator override at once and return to the default when it is removed', async () => {
      const flags = new FeatureFlagsService(db.dataSource, configWith());
      const [operator] = await db.dataSource.query(
        "INSERT INTO users (org_id, email, name, password_hash, role, is_operator) VALUES ($1, 'op@apex.test', 'Op', 'x', 'owner', true) RETURNING id",
        [await newOrg()],
      );
      const view = await flags.override('payments_enabled', true, operator.id);
      expect(view).toMatchObject({ flag: 'payments_enabled', enabled: true, source: 'override', configDefault: false, updatedBy: operator.id });
      expect(await flags.isEnabled('payments_enabled')).toBe(true);
      // A second process with its own service instance sees the same value: nothing is cached.
      expect(await new FeatureFlagsService(db.dataSource, configWith()).isEnabled('payments_enabled')).toBe(true);

      expect(await flags.clearOverride('payments_enabled')).toMatchObject({ enabled: false, source: 'config', updatedAt: null });
      expect(await flags.isEnabled('payments_enabled')).toBe(false);
    });
  });
});
