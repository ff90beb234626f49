import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Feature, OrganizationPlanView, OrganizationTerms, Tier } from '@apex/contracts';
import { LIVE_SUBSCRIPTION_STATUSES } from '@apex/contracts';
import { EntitlementsService, UnknownOrganizationError } from './entitlements.service';

interface TermsRow {
  run_limit: number | null;
  window_seconds: number | null;
  extra_features: string[];
  contract_percent: string | null;
  contract_minimum_cents: number | null;
  contract_subscription_id: string | null;
}

/** The organisation is billed on an Enterprise contract: moving it off Enterprise would bill a plan it no longer has. */
export class ContractStillBilledError extends Error {
  constructor(readonly subscriptionId: string) {
    super(
      `The organisation's Enterprise contract is billed on Stripe subscription ${subscriptionId}, which is still running: ` +
        'cancel it in Stripe first, then move the organisation to another plan.',
    );
  }
}

/**
 * Which plan an organisation is on, and the overrides it gets beyond it (run limit, window, extra features). An
 * Enterprise contract's price and billing are the billing library's (enterprise terms); they are shown here and
 * never changed.
 */
@Injectable()
export class OrganizationPlansService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly entitlements: EntitlementsService,
  ) {}

  async setTier(orgId: string, tier: Tier): Promise<OrganizationPlanView> {
    if (tier !== 'enterprise') {
      const [billed] = await this.db.query<{ id: string }[]>(
        `SELECT s.id FROM organizations o
           JOIN organization_plan_overrides t ON t.org_id = o.id
           JOIN subscriptions s ON s.id = t.contract_subscription_id
          WHERE o.id = $1 AND o.tier = 'enterprise' AND s.status = ANY($2)`,
        [orgId, LIVE_SUBSCRIPTION_STATUSES],
      );
      if (billed) throw new ContractStillBilledError(billed.id);
    }
    const updated = await this.db.query('UPDATE organizations SET tier = $2 WHERE id = $1 RETURNING id', [orgId, tier]);
    if (updated[1] === 0) throw new UnknownOrganizationError(`No organisation has the id ${orgId}`);
    return this.view(orgId);
  }

  /** Replaces the organisation's overrides as a whole; fields left out fall back to the plan. */
  async setTerms(orgId: string, terms: OrganizationTerms, operatorId: string): Promise<OrganizationPlanView> {
    const [exists] = await this.db.query('SELECT 1 FROM organizations WHERE id = $1', [orgId]);
    if (!exists) throw new UnknownOrganizationError(`No organisation has the id ${orgId}`);
    await this.db.query(
      `INSERT INTO organization_plan_overrides (org_id, run_limit, window_seconds, extra_features, updated_by)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (org_id) DO UPDATE SET
         run_limit = EXCLUDED.run_limit, window_seconds = EXCLUDED.window_seconds,
         extra_features = EXCLUDED.extra_features, updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [orgId, terms.runLimit ?? null, terms.windowSeconds ?? null, [...new Set(terms.extraFeatures ?? [])], operatorId],
    );
    return this.view(orgId);
  }

  /** Removes the overrides: the plan applies as it is. A contract's terms stay. */
  async clearTerms(orgId: string): Promise<OrganizationPlanView> {
    await this.db.query(
      `UPDATE organization_plan_overrides SET run_limit = NULL, window_seconds = NULL, extra_features = '{}', updated_at = now()
        WHERE org_id = $1`,
      [orgId],
    );
    await this.db.query(
      `DELETE FROM organization_plan_overrides
        WHERE org_id = $1 AND contract_percent IS NULL AND contract_minimum_cents IS NULL AND contract_subscription_id IS NULL`,
      [orgId],
    );
    return this.view(orgId);
  }

  async view(orgId: string): Promise<OrganizationPlanView> {
    const [org] = await this.db.query('SELECT tier FROM organizations WHERE id = $1', [orgId]);
    if (!org) throw new UnknownOrganizationError(`No organisation has the id ${orgId}`);
    const [terms]: TermsRow[] = await this.db.query(
      `SELECT run_limit, window_seconds, extra_features, contract_percent::text AS contract_percent, contract_minimum_cents,
              contract_subscription_id
         FROM organization_plan_overrides WHERE org_id = $1`,
      [orgId],
    );
    return {
      orgId,
      tier: org.tier as Tier,
      terms: terms
        ? {
            runLimit: terms.run_limit,
            windowSeconds: terms.window_seconds,
            extraFeatures: terms.extra_features as Feature[],
            contractPercent: terms.contract_percent,
            contractMinimumCents: terms.contract_minimum_cents,
            contractSubscriptionId: terms.contract_subscription_id,
          }
        : null,
      entitlements: await this.entitlements.forOrganization(orgId),
    };
  }
}
