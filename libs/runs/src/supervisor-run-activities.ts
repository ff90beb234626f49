import { Injectable } from '@nestjs/common';
import type { SupervisorRunActivities } from '@apex/contracts';
import { RunUsageService } from './run-usage.service';
import { RunsService } from './runs.service';
import { SupervisorRunExecutor } from './supervisor-run-executor';

/** The activities of `supervisorRunWorkflow`. */
@Injectable()
export class SupervisorRunActivitiesService {
  constructor(
    private readonly runs: RunsService,
    private readonly executor: SupervisorRunExecutor,
    private readonly usage: RunUsageService,
  ) {}

  activities(): SupervisorRunActivities {
    return {
      markRunRunning: (runId) => this.runs.markRunning(runId),
      executeSupervisorRun: (runId) => this.executor.execute(runId),
      finishRun: async (runId, ending) => void (await this.runs.finish(runId, ending)),
      recordRunUsage: (runId) => this.usage.record(runId),
    };
  }
}
