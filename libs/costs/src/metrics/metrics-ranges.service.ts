import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { MetricsRange, MetricsRangeQuery, SpendBucket } from '@apex/contracts';
import { COST_FACTS, CostFacts } from './cost-facts';
import { rangeErrors, resolveRange, throwIfAny } from './metrics-query';

export interface CostCoverage {
  firstDay: string;
  lastDay: string;
}

/** What an organisation's cost data spans, and the range a metrics query covers. */
@Injectable()
export class MetricsRanges {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(COST_FACTS) private readonly facts: CostFacts,
  ) {}

  /** The range of `query`, or the default one; throws a MetricsQueryError for a range the caller has to correct. */
  async resolve(orgId: string, query: MetricsRangeQuery, bucket?: SpendBucket): Promise<MetricsRange> {
    throwIfAny(rangeErrors(query, bucket));
    if (query.from !== undefined && query.to !== undefined) return resolveRange(query, null);
    const range = resolveRange(query, (await this.aiCoverage(orgId))?.lastDay ?? null);
    throwIfAny(rangeErrors(range, bucket));
    return range;
  }

  /** First and last day with AI spend, over all time. */
  async aiCoverage(orgId: string): Promise<CostCoverage | null> {
    const [row] = (await this.db.query(
      `SELECT to_char(min(${this.facts.day}), 'YYYY-MM-DD') AS first_day, to_char(max(${this.facts.day}), 'YYYY-MM-DD') AS last_day
       ${this.facts.from}
       WHERE r.org_id = $1 AND r.is_ai`,
      [orgId],
    )) as { first_day: string | null; last_day: string | null }[];
    return row?.first_day && row.last_day ? { firstDay: row.first_day, lastDay: row.last_day } : null;
  }

  /** Whether the organisation has any cost rows at all, AI or not, of any date. */
  async hasCostData(orgId: string): Promise<boolean> {
    const [row] = (await this.db.query(`SELECT EXISTS (SELECT 1 ${this.facts.from} WHERE r.org_id = $1) AS any`, [orgId])) as { any: boolean }[];
    return row.any;
  }
}
