import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { NarrativeUsage, OptimizerAgent, RunReport } from '@apex/contracts';
import { RecommendationsStore } from './recommendations.store';

/** A run's report as stored (owner of `run_reports`); the findings are the recommendations it last filed. */
export type StoredReport = Omit<RunReport, 'findings' | 'createdAt'>;

interface ReportRow {
  run_id: string;
  status: RunReport['status'];
  summary: string;
  summary_source: RunReport['summarySource'];
  price_book_version: number | null;
  agents: OptimizerAgent[];
  profiles: RunReport['profiles'];
  unpriced: RunReport['unpriced'];
  locked: RunReport['locked'];
  potential: { potentialMonthlySavings: RunReport['potentialMonthlySavings']; narrative: NarrativeUsage | null };
  created_at: Date;
}

@Injectable()
export class RunReportsStore {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly recommendations: RecommendationsStore,
  ) {}

  async save(tx: EntityManager, orgId: string, report: StoredReport): Promise<void> {
    await tx.query(
      `INSERT INTO run_reports (run_id, org_id, status, summary, summary_source, price_book_version, agents, profiles, unpriced, locked, potential)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (run_id) DO UPDATE SET status = EXCLUDED.status, summary = EXCLUDED.summary, summary_source = EXCLUDED.summary_source,
         price_book_version = EXCLUDED.price_book_version, agents = EXCLUDED.agents, profiles = EXCLUDED.profiles,
         unpriced = EXCLUDED.unpriced, locked = EXCLUDED.locked, potential = EXCLUDED.potential`,
      [
        report.runId,
        orgId,
        report.status,
        report.summary,
        report.summarySource,
        report.priceBookVersion,
        report.agents,
        JSON.stringify(report.profiles),
        JSON.stringify(report.unpriced),
        JSON.stringify(report.locked),
        JSON.stringify({ potentialMonthlySavings: report.potentialMonthlySavings, narrative: report.narrative }),
      ],
    );
  }

  async find(orgId: string, runId: string): Promise<RunReport | null> {
    const [row] = (await this.db.query('SELECT * FROM run_reports WHERE org_id = $1 AND run_id = $2', [orgId, runId])) as ReportRow[];
    if (!row) return null;
    return {
      runId: row.run_id,
      status: row.status,
      summary: row.summary,
      summarySource: row.summary_source,
      priceBookVersion: row.price_book_version,
      agents: row.agents,
      profiles: row.profiles,
      findings: await this.recommendations.ofRun(orgId, runId),
      potentialMonthlySavings: row.potential.potentialMonthlySavings,
      unpriced: row.unpriced,
      locked: row.locked,
      narrative: row.potential.narrative,
      createdAt: row.created_at.toISOString(),
    };
  }
}
