import { Client as Pg } from 'pg';
import { ProblemType } from '@apex/contracts';
import { ApiOnTestDatabase, startApiOnTestDatabase } from '../testing/api-on-test-database';
import { ApiUnderTest } from '../testing/api-under-test';
import { signUpSession } from '../testing/signed-up-session';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const readJson = (response: Response): Promise<any> => response.json();

describe('Operator controls: feature flags, plans and overrides', () => {
  let started: ApiOnTestDatabase;
  let api: ApiUnderTest;
  let pg: Pg;
  let operator: string;
  let customer: { token: string; orgId: string };

  const signUp = (email: string) => signUpSession(api, email);

  beforeAll(async () => {
    started = await startApiOnTestDatabase({ FLAG_CLOUD_BILLING_INTEGRATION: 'true' });
    api = started.api;
    pg = new Pg({ connectionString: started.database.url });
    await pg.connect();
    operator = (await signUp('operator@apex.test')).token;
    await pg.query("UPDATE users SET is_operator = true WHERE email = 'operator@apex.test'");
    customer = await signUp('customer@example.com');
  });
  afterAll(async () => {
    await pg?.end();
    await started?.stop();
  });

  it('keeps every admin endpoint from customers, even owners', async () => {
    for (const [method, path, body] of [
      ['GET', '/admin/feature-flags', undefined],
      ['PUT', '/admin/feature-flags/payments_enabled', { enabled: true }],
      ['DELETE', '/admin/feature-flags/payments_enabled', undefined],
      ['PUT', `/admin/organizations/${customer.orgId}/plan`, { tier: 'enterprise' }],
      ['PUT', `/admin/organizations/${customer.orgId}/overrides`, { runLimit: 1_000_000 }],
    ] as const) {
      const response = await api.call(method, path, { token: customer.token, body });
      expect([method, path, response.status]).toEqual([method, path, 403]);
      expect((await readJson(response)).type).toBe(ProblemType.forbidden);
    }
    expect((await api.call('GET', '/admin/feature-flags')).status).toBe(401);
    expect((await readJson(await api.call('GET', '/entitlements', { token: customer.token }))).tier).toBe('free');
  });

  it('lists the flags with their configured defaults', async () => {
    const flags = await readJson(await api.call('GET', '/admin/feature-flags', { token: operator }));
    expect(flags.map((f: { flag: string; enabled: boolean; source: string }) => [f.flag, f.enabled, f.source])).toEqual([
      ['payments_enabled', false, 'config'],
      ['trial_enabled', true, 'config'],
      ['usage_limits_enforced', true, 'config'],
      ['cloud_billing_integration', true, 'config'],
    ]);
  });

  it('switches a flag at runtime for every caller, and back to the default on DELETE', async () => {
    const set = await api.call('PUT', '/admin/feature-flags/payments_enabled', { token: operator, body: { enabled: true } });
    expect(set.status).toBe(200);
    expect(await readJson(set)).toMatchObject({ flag: 'payments_enabled', enabled: true, source: 'override', configDefault: false });
    expect((await readJson(await api.call('GET', '/entitlements', { token: customer.token }))).flags.payments_enabled).toBe(true);

    await api.call('PUT', '/admin/feature-flags/cloud_billing_integration', { token: operator, body: { enabled: false } });
    expect((await readJson(await api.call('GET', '/entitlements', { token: customer.token }))).flags.cloud_billing_integration).toBe(false);

    const cleared = await readJson(await api.call('DELETE', '/admin/feature-flags/payments_enabled', { token: operator }));
    expect(cleared).toMatchObject({ enabled: false, source: 'config', updatedAt: null });
    await api.call('DELETE', '/admin/feature-flags/cloud_billing_integration', { token: operator });
    expect((await readJson(await api.call('GET', '/entitlements', { token: customer.token }))).flags).toEqual({
      payments_enabled: false, trial_enabled: true, usage_limits_enforced: true, cloud_billing_integration: true,
    });
  });

  it('refuses unknown flags and non-boolean values', async () => {
    expect((await api.call('PUT', '/admin/feature-flags/free_money', { token: operator, body: { enabled: true } })).status).toBe(404);
    const bad = await readJson(await api.call('PUT', '/admin/feature-flags/trial_enabled', { token: operator, body: { enabled: 'yes' } }));
    expect(bad).toMatchObject({ status: 400, errors: [{ field: 'enabled' }] });
  });

  it("finds organisations by name, by a member's email or by id, newest first, and refuses a bad limit", async () => {
    const found = await readJson(await api.call('GET', '/admin/organizations?search=CUSTOMER@example', { token: operator }));
    expect(found).toEqual([
      {
        id: customer.orgId,
        name: expect.any(String),
        tier: expect.any(String),
        ownerEmail: 'customer@example.com',
        memberCount: 1,
        createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
        stripeCustomerId: null,
      },
    ]);
    const byName = await readJson(await api.call('GET', `/admin/organizations?search=${encodeURIComponent(found[0].name.slice(0, 6))}`, { token: operator }));
    expect(byName.map((o: { id: string }) => o.id)).toContain(customer.orgId);
    const byId = await readJson(await api.call('GET', `/admin/organizations?search=${customer.orgId.toUpperCase()}`, { token: operator }));
    expect(byId.map((o: { id: string }) => o.id)).toEqual([customer.orgId]);
    expect(await readJson(await api.call('GET', '/admin/organizations?search=%25', { token: operator }))).toEqual([]);

    const newest = await readJson(await api.call('GET', '/admin/organizations?limit=2', { token: operator }));
    expect(newest).toHaveLength(2);
    expect(Date.parse(newest[0].createdAt)).toBeGreaterThanOrEqual(Date.parse(newest[1].createdAt));
    const bad = await readJson(await api.call('GET', '/admin/organizations?limit=500', { token: operator }));
    expect(bad).toMatchObject({ status: 400, errors: [{ field: 'limit', message: 'limit must be between 1 and 100' }] });
    expect((await api.call('GET', '/admin/organizations', { token: customer.token })).status).toBe(403);
  });

  it('moves an organisation between tiers', async () => {
    const view = await readJson(await api.call('PUT', `/admin/organizations/${customer.orgId}/plan`, { token: operator, body: { tier: 'early' } }));
    expect(view).toMatchObject({ orgId: customer.orgId, tier: 'early', terms: null, entitlements: { tier: 'early', runLimit: 100 } });
    expect((await readJson(await api.call('GET', '/me', { token: customer.token }))).organization.tier).toBe('early');

    expect((await api.call('PUT', `/admin/organizations/${customer.orgId}/plan`, { token: operator, body: { tier: 'platinum' } })).status).toBe(400);
    expect((await api.call('PUT', '/admin/organizations/3f0b9a52-8a61-4c1e-9a0e-6c1f2b3d4e5f/plan', { token: operator, body: { tier: 'mid' } })).status).toBe(404);
    expect((await api.call('PUT', '/admin/organizations/not-a-uuid/plan', { token: operator, body: { tier: 'mid' } })).status).toBe(404);
  });

  it('sets overrides of the plan that the usage limits follow, and clears them', async () => {
    await api.call('PUT', `/admin/organizations/${customer.orgId}/plan`, { token: operator, body: { tier: 'enterprise' } });
    const terms = { runLimit: 5000, windowSeconds: 3600, extraFeatures: [] };
    const response = await api.call('PUT', `/admin/organizations/${customer.orgId}/overrides`, { token: operator, body: terms });
    expect(response.status).toBe(200);
    expect(await readJson(response)).toMatchObject({ tier: 'enterprise', terms, entitlements: { runLimit: 5000, windowSeconds: 3600 } });
    const usage = await readJson(await api.call('GET', '/usage/me', { token: customer.token }));
    expect(usage.runs).toMatchObject({ limit: 5000, windowSeconds: 3600 });

    const view = await readJson(await api.call('GET', `/admin/organizations/${customer.orgId}/plan`, { token: operator }));
    expect(view.terms).toEqual({ ...terms, contractPercent: null, contractMinimumCents: null, contractSubscriptionId: null });
    const cleared = await readJson(await api.call('DELETE', `/admin/organizations/${customer.orgId}/overrides`, { token: operator }));
    expect(cleared).toMatchObject({ terms: null, entitlements: { runLimit: 1000, windowSeconds: 18000 } });
  });

  it("keeps an Enterprise contract's price and billing out of the overrides: they are set as enterprise terms", async () => {
    const contracted = await signUp(`contracted-${Date.now()}@example.com`);
    await pg.query("UPDATE organizations SET tier = 'enterprise' WHERE id = $1", [contracted.orgId]);
    await pg.query(
      `INSERT INTO organization_plan_overrides (org_id, contract_percent, contract_minimum_cents, contract_subscription_id)
       VALUES ($1, 10.5, 250000, 'sub_contract_admin')`,
      [contracted.orgId],
    );
    await pg.query(
      `INSERT INTO subscriptions (id, org_id, customer_id, tier, status, last_event_created, last_event_id)
       VALUES ('sub_contract_admin', $1, 'cus_contract_admin', 'enterprise', 'active', now(), 'evt_1')`,
      [contracted.orgId],
    );
    const contract = { contractPercent: '10.50', contractMinimumCents: 250000, contractSubscriptionId: 'sub_contract_admin' };

    const refused = await readJson(
      await api.call('PUT', `/admin/organizations/${contracted.orgId}/overrides`, { token: operator, body: { contractPercent: '12', contractMinimumCents: 1 } }),
    );
    expect(refused).toMatchObject({ status: 400, type: ProblemType.validation });
    expect(refused.errors.map((e: { field: string }) => e.field).sort()).toEqual(['contractMinimumCents', 'contractPercent']);
    expect(refused.errors[0].message).toMatch(/PUT \/admin\/organizations\/:orgId\/enterprise-terms/);

    // Setting and clearing the overrides leaves the contract as it was.
    const set = await readJson(await api.call('PUT', `/admin/organizations/${contracted.orgId}/overrides`, { token: operator, body: { runLimit: 9000 } }));
    expect(set.terms).toEqual({ runLimit: 9000, windowSeconds: null, extraFeatures: [], ...contract });
    const cleared = await readJson(await api.call('DELETE', `/admin/organizations/${contracted.orgId}/overrides`, { token: operator }));
    expect(cleared.terms).toEqual({ runLimit: null, windowSeconds: null, extraFeatures: [], ...contract });

    // While Stripe still bills the contract, the organisation does not leave Enterprise.
    const conflict = await readJson(await api.call('PUT', `/admin/organizations/${contracted.orgId}/plan`, { token: operator, body: { tier: 'mid' } }));
    expect(conflict).toMatchObject({ status: 409, type: ProblemType.conflict });
    expect(conflict.detail).toMatch(/billed on Stripe subscription sub_contract_admin, which is still running: cancel it in Stripe first/);
    await pg.query("UPDATE subscriptions SET status = 'canceled' WHERE id = 'sub_contract_admin'");
    const moved = await readJson(await api.call('PUT', `/admin/organizations/${contracted.orgId}/plan`, { token: operator, body: { tier: 'mid' } }));
    expect(moved).toMatchObject({ tier: 'mid' });
  });

  it('refuses unknown features, negative limits and unknown fields in terms', async () => {
    const problem = await readJson(
      await api.call('PUT', `/admin/organizations/${customer.orgId}/overrides`, {
        token: operator,
        body: { extraFeatures: ['teleportation'], runLimit: -1, windowSeconds: 0, discount: 50 },
      }),
    );
    expect(problem.errors.map((e: { field: string }) => e.field).sort()).toEqual(['discount', 'extraFeatures', 'runLimit', 'windowSeconds']);
  });
});
