import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Feature, OrganizationPlanView, OrganizationTerms, Tier } from '@apex/contracts';
import { EntitlementsService, UnknownOrganizationError } from './entitlements.service';

interface TermsRow {
  run_limit: number | null;
  window_seconds: number | null;
  extra_features: string[];
  contract_percent: string | null;
  contract_minimum_cents: number | null;
}

/** Which plan an organisation is on, and the contract terms that override it. */
@Injectable()
export class OrganizationPlansService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly entitlements: EntitlementsService,
  ) {}

  async setTier(orgId: string, tier: Tier): Promise<OrganizationPlanView> {
    const updated = await this.db.query('UPDATE organizations SET tier = $2 WHERE id = $1 RETURNING id', [orgId, tier]);
    if (updated[1] === 0) throw new UnknownOrganizationError(`No organisation has the id ${orgId}`);
    return this.view(orgId);
  }

  /** Replaces the organisation's terms as a whole; fields left out fall back to the plan. */
  async setTerms(orgId: string, terms: OrganizationTerms, operatorId: string): Promise<OrganizationPlanView> {
    const [exists] = await this.db.query('SELECT 1 FROM organizations WHERE id = $1', [orgId]);
    if (!exists) throw new UnknownOrganizationError(`No organisation has the id ${orgId}`);
    await this.db.query(
      `INSERT INTO organization_plan_overrides
         (org_id, run_limit, window_seconds, extra_features, contract_percent, contract_minimum_cents, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (org_id) DO UPDATE SET
         run_limit = EXCLUDED.run_limit, window_seconds = EXCLUDED.window_seconds,
         extra_features = EXCLUDED.extra_features, contract_percent = EXCLUDED.contract_percent,
         contract_minimum_cents = EXCLUDED.contract_minimum_cents, updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [
        orgId,
        terms.runLimit ?? null,
        terms.windowSeconds ?? null,
        [...new Set(terms.extraFeatures ?? [])],
        terms.contractPercent ?? null,
        terms.contractMinimumCents ?? null,
        operatorId,
      ],
    );
    return this.view(orgId);
  }

  async clearTerms(orgId: string): Promise<OrganizationPlanView> {
    await this.db.query('DELETE FROM organization_plan_overrides WHERE org_id = $1', [orgId]);
    return this.view(orgId);
  }

  async view(orgId: string): Promise<OrganizationPlanView> {
    const [org] = await this.db.query('SELECT tier FROM organizations WHERE id = $1', [orgId]);
    if (!org) throw new UnknownOrganizationError(`No organisation has the id ${orgId}`);
    const [terms]: TermsRow[] = await this.db.query(
      `SELECT run_limit, window_seconds, extra_features, contract_percent::text AS contract_percent, contract_minimum_cents
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
          }
        : null,
      entitlements: await this.entitlements.forOrganization(orgId),
    };
  }
}
