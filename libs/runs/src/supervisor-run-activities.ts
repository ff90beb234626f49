import { Injectable } from '@nestjs/common';
import type { RunBookkeepingActivities } from '@apex/contracts';
import { RunUsageService } from './run-usage.service';
import { RunsService } from './runs.service';

/** The bookkeeping activities of `supervisorRunWorkflow`; its agents are the optimizer's. */
@Injectable()
export class SupervisorRunActivitiesService {
  constructor(
    private readonly runs: RunsService,
    private readonly usage: RunUsageService,
  ) {}

  activities(): RunBookkeepingActivities {
    return {
      markRunRunning: (runId) => this.runs.markRunning(runId),
      finishRun: async (runId, ending) => void (await this.runs.finish(runId, ending)),
      recordRunUsage: (runId) => this.usage.record(runId),
    };
  }
}
