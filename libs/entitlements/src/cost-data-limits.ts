import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Tier } from '@apex/contracts';
import { UnknownOrganizationError } from './entitlements.service';

/** What a plan lets an organisation hold and send of cost data (columns of `plans`). */
export interface CostDataLimits {
  tier: Tier;
  name: string;
  /** Cost rows the organisation may hold. */
  heldRows: number;
  /** Decompressed bytes of uploaded files whose rows it may hold. */
  heldBytes: number;
  /** Rows one upload may carry. */
  uploadRows: number;
  /** Uploads it may start in an hour. */
  uploadsPerHour: number;
}

export type CostDataLimit = 'heldRows' | 'heldBytes' | 'uploadRows' | 'uploadsPerHour';

interface LimitsRow {
  tier: string;
  name: string;
  rank: number;
  cost_rows_limit: string;
  cost_bytes_limit: string;
  upload_rows_limit: number;
  uploads_per_hour: number;
}

const LIMIT_COLUMNS = 'p.tier, p.name, p.rank, p.cost_rows_limit, p.cost_bytes_limit, p.upload_rows_limit, p.uploads_per_hour';

const toLimits = (row: LimitsRow): CostDataLimits => ({
  tier: row.tier as Tier,
  name: row.name,
  heldRows: Number(row.cost_rows_limit),
  heldBytes: Number(row.cost_bytes_limit),
  uploadRows: row.upload_rows_limit,
  uploadsPerHour: row.uploads_per_hour,
});

/** The cost-data limits of plans, read from the database on every call like the rest of the plan. */
@Injectable()
export class CostDataLimitsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async forOrganization(orgId: string): Promise<CostDataLimits> {
    const [row]: LimitsRow[] = await this.db.query(`SELECT ${LIMIT_COLUMNS} FROM organizations o JOIN plans p ON p.tier = o.tier WHERE o.id = $1`, [orgId]);
    if (!row) throw new UnknownOrganizationError(`No organisation has the id ${orgId}`);
    return toLimits(row);
  }

  /** The lowest plan above `tier` whose `limit` is at least `needed`; null when none is (Enterprise terms are agreed apart). */
  async upgradeLifting(tier: Tier, limit: CostDataLimit, needed: number): Promise<CostDataLimits | null> {
    const rows: LimitsRow[] = await this.db.query(
      `SELECT ${LIMIT_COLUMNS} FROM plans p WHERE p.rank > (SELECT rank FROM plans WHERE tier = $1) ORDER BY p.rank`,
      [tier],
    );
    return rows.map(toLimits).find((plan) => plan[limit] >= needed) ?? null;
  }
}
