import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Entitlements, Feature, PlanView, UpgradeOffer } from '@apex/contracts';
import { entitlementsOf, nextTierForRuns, PlanOverride, tierUnlocking } from '@apex/domain';
import { EntitlementsPort } from './entitlements-port';
import { PLAN_COLUMNS, PlanRow, toPlanView } from './plans.sql';

export class UnknownOrganizationError extends Error {
  override name = 'UnknownOrganizationError';
}

interface OrganizationPlanRow extends PlanRow {
  override_run_limit: number | null;
  override_window_seconds: number | null;
  override_extra_features: string[] | null;
}

/**
 * Reads plans and per-organisation terms from the database on every call, so
 * a change by an operator applies to the next request of every API and worker
 * process without a cache to invalidate.
 */
@Injectable()
export class EntitlementsService extends EntitlementsPort {
  constructor(@InjectDataSource() private readonly db: DataSource) {
    super();
  }

  async plans(): Promise<PlanView[]> {
    const rows: PlanRow[] = await this.db.query(`SELECT ${PLAN_COLUMNS} FROM plans p ORDER BY p.rank`);
    return rows.map(toPlanView);
  }

  async forOrganization(orgId: string): Promise<Entitlements> {
    const { plan, override } = await this.planOf(orgId);
    return entitlementsOf(plan, override);
  }

  async upgradeForRuns(orgId: string): Promise<UpgradeOffer | null> {
    const { plan } = await this.planOf(orgId);
    return nextTierForRuns(await this.plans(), plan.tier);
  }

  async upgradeForFeature(feature: Feature): Promise<UpgradeOffer | null> {
    return tierUnlocking(await this.plans(), feature);
  }

  private async planOf(orgId: string): Promise<{ plan: PlanView; override: PlanOverride | null }> {
    const [row]: OrganizationPlanRow[] = await this.db.query(
      `SELECT ${PLAN_COLUMNS}, ov.run_limit AS override_run_limit, ov.window_seconds AS override_window_seconds,
              ov.extra_features AS override_extra_features
         FROM organizations o
         JOIN plans p ON p.tier = o.tier
         LEFT JOIN organization_plan_overrides ov ON ov.org_id = o.id
        WHERE o.id = $1`,
      [orgId],
    );
    if (!row) throw new UnknownOrganizationError(`No organisation has the id ${orgId}`);
    const override: PlanOverride | null = row.override_extra_features
      ? {
          runLimit: row.override_run_limit,
          windowSeconds: row.override_window_seconds,
          extraFeatures: row.override_extra_features as Feature[],
        }
      : null;
    return { plan: toPlanView(row), override };
  }
}
