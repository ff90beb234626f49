import { Module } from '@nestjs/common';
import { EntitlementsModule } from '@apex/entitlements';
import { PriceBookModule } from '@apex/pricing';
import { RunsModule } from '@apex/runs';
import { NarrativeWriter } from './narrative';
import { OptimizerActivitiesService } from './optimizer-activities';
import { ReportingAgent } from './reporting/reporting-agent';
import { RecommendationsStore } from './stores/recommendations.store';
import { RunReportsStore } from './stores/run-reports.store';
import { RunWorkspaceStore } from './stores/run-workspace.store';

/** The supervisor's agents, recommendations and run reports; shared by the API (reads, decisions) and the worker (agents). */
@Module({
  imports: [EntitlementsModule, RunsModule, PriceBookModule],
  providers: [NarrativeWriter, RunWorkspaceStore, RecommendationsStore, RunReportsStore, ReportingAgent, OptimizerActivitiesService],
  exports: [RecommendationsStore, RunReportsStore, OptimizerActivitiesService],
})
export class OptimizerModule {}
