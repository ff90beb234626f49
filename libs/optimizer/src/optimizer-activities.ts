import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { OptimizationAgentName, OptimizerActivities, SupervisorRunOutcome } from '@apex/contracts';
import { PriceBook } from '@apex/pricing';
import { RunsService } from '@apex/runs';
import { withHeartbeat } from './activity-heartbeat';
import { DataAgent, RunPrices } from './agents/data/data-agent';
import { CloudAgent } from './agents/cloud';
import { LLM_AGENTS } from './agents/llm';
import type { Finding } from './findings/finding';
import { modelScopes } from './profile/model-scopes';
import { ReportingAgent } from './reporting/reporting-agent';
import { sqlRunnerOf } from './sql-runner';
import { RunWorkspaceStore } from './stores/run-workspace.store';

/** The supervisor run's agents as activities; each reads the run's organisation and its data agent's profile. */
@Injectable()
export class OptimizerActivitiesService {
  private readonly snapshots = new Map<number, Promise<RunPrices>>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly runs: RunsService,
    private readonly priceBook: PriceBook,
    private readonly workspace: RunWorkspaceStore,
    private readonly reporting: ReportingAgent,
  ) {}

  activities(): OptimizerActivities {
    return {
      runDataAgent: (runId) => this.runDataAgent(runId),
      runOptimizationAgent: (runId, agent) => this.runOptimizationAgent(runId, agent),
      runReportingAgent: (runId) => this.runReportingAgent(runId),
    };
  }

  async runDataAgent(runId: string): Promise<{ hasData: boolean }> {
    const run = await this.runs.byId(runId);
    if (run.status !== 'running') throw new Error(`Run ${runId} is ${run.status}, not running`);
    return withHeartbeat(async (checkpoint) => {
      const version = await this.priceBook.activeVersion();
      const prices = version === null ? null : await this.prices(version);
      const profile = await new DataAgent(sqlRunnerOf(this.db), checkpoint).analyse(run.org_id, runId, prices);
      if (!profile) return { hasData: false };
      await this.workspace.saveProfile(runId, run.org_id, profile);
      return { hasData: true };
    });
  }

  async runOptimizationAgent(runId: string, agent: OptimizationAgentName): Promise<{ findings: number }> {
    const run = await this.runs.byId(runId);
    const profile = await this.workspace.profile(runId);
    if (!profile) throw new Error(`Run ${runId} has no profile: its data agent has not run`);
    return withHeartbeat(async (checkpoint) => {
      const findings: Finding[] = [];
      const version = profile.context.priceBookVersion;
      if (agent === 'cloud') {
        // Aggregates the rows itself: the profile keeps no cost rows, and commitments are read per service and day.
        findings.push(...(await new CloudAgent(sqlRunnerOf(this.db), checkpoint).findings(profile.context)));
      } else if (version !== null) {
        const prices = await this.prices(version);
        const today = new Date().toISOString().slice(0, 10);
        for (const scope of modelScopes(profile)) {
          checkpoint();
          findings.push(...LLM_AGENTS[agent]({ scope, profile, prices, today }));
        }
      }
      await this.workspace.replaceFindings(runId, run.org_id, agent, findings);
      return { findings: findings.length };
    });
  }

  async runReportingAgent(runId: string): Promise<SupervisorRunOutcome> {
    const run = await this.runs.byId(runId);
    const profile = await this.workspace.profile(runId);
    if (!profile) return this.reporting.noData(run.org_id, runId);
    const findings = await this.workspace.findings(runId);
    const version = profile.context.priceBookVersion;
    return this.reporting.report(run.org_id, runId, profile, findings, version === null ? null : await this.prices(version));
  }

  /** A version's prices, loaded once per worker: a version never changes once imported. */
  private prices(version: number): Promise<RunPrices> {
    let loaded = this.snapshots.get(version);
    if (!loaded) {
      loaded = this.priceBook.load(version).then((snapshot) => ({
        version,
        priceAt: (provider: string, model: string, day: string) => snapshot.priceAt(provider, model, day),
        entries: () => snapshot.entries(),
        rules: () => snapshot.rules(),
        resolve: (raw: string, providerName: string | null) => snapshot.resolve(raw, providerName),
      }));
      loaded.catch(() => this.snapshots.delete(version));
      this.snapshots.set(version, loaded);
    }
    return loaded;
  }
}
