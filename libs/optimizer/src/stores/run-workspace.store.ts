import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { OptimizerAgent } from '@apex/contracts';
import type { Finding } from '../findings/finding';
import type { RunProfile } from '../profile/run-profile';

/** What a run's agents hand each other: the data agent's profile and each agent's findings (run_profiles, run_findings). */
@Injectable()
export class RunWorkspaceStore {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async saveProfile(runId: string, orgId: string, profile: RunProfile): Promise<void> {
    await this.db.query(
      `INSERT INTO run_profiles (run_id, org_id, profile) VALUES ($1, $2, $3)
       ON CONFLICT (run_id) DO UPDATE SET profile = EXCLUDED.profile, created_at = now()`,
      [runId, orgId, JSON.stringify(profile)],
    );
  }

  async profile(runId: string): Promise<RunProfile | null> {
    const [row] = (await this.db.query('SELECT profile FROM run_profiles WHERE run_id = $1', [runId])) as Array<{ profile: RunProfile }>;
    return row?.profile ?? null;
  }

  /** Replaces what `agent` found in this run, so that a retried agent leaves exactly one set of findings. */
  async replaceFindings(runId: string, orgId: string, agent: OptimizerAgent, findings: Finding[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query('DELETE FROM run_findings WHERE run_id = $1 AND agent = $2', [runId, agent]);
      for (const finding of findings) {
        await tx.query('INSERT INTO run_findings (run_id, org_id, agent, fingerprint, finding) VALUES ($1, $2, $3, $4, $5)', [
          runId,
          orgId,
          agent,
          finding.fingerprint,
          JSON.stringify(finding),
        ]);
      }
    });
  }

  async findings(runId: string): Promise<Finding[]> {
    const rows = (await this.db.query('SELECT finding FROM run_findings WHERE run_id = $1 ORDER BY fingerprint', [runId])) as Array<{ finding: Finding }>;
    return rows.map((row) => row.finding);
  }
}
