import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { OrganizationSummary, Tier } from '@apex/contracts';

interface SummaryRow {
  id: string;
  name: string;
  tier: Tier;
  owner_email: string | null;
  member_count: number;
  created_at: Date;
  stripe_customer_id: string | null;
}

/** Finds organisations for operators: by name, by a member's email, or by id; newest first. */
@Injectable()
export class OrganizationDirectory {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async search(query: string, limit: number): Promise<OrganizationSummary[]> {
    const text = query.trim();
    const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const rows = await this.db.query<SummaryRow[]>(
      `SELECT o.id, o.name, o.tier, o.created_at, o.stripe_customer_id,
              (SELECT u.email FROM users u WHERE u.org_id = o.id AND u.role = 'owner' AND u.removed_at IS NULL
                ORDER BY u.created_at LIMIT 1) AS owner_email,
              (SELECT count(*)::int FROM users u WHERE u.org_id = o.id AND u.removed_at IS NULL) AS member_count
         FROM organizations o
        WHERE $1 = ''
           OR o.name ILIKE $2
           OR o.id::text = lower($1)
           OR EXISTS (SELECT 1 FROM users u WHERE u.org_id = o.id AND u.removed_at IS NULL AND u.email ILIKE $2)
        ORDER BY o.created_at DESC, o.id
        LIMIT $3`,
      [text, pattern, limit],
    );
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      tier: row.tier,
      ownerEmail: row.owner_email,
      memberCount: row.member_count,
      createdAt: row.created_at.toISOString(),
      stripeCustomerId: row.stripe_customer_id,
    }));
  }
}
