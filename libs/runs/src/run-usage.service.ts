import { Injectable } from '@nestjs/common';
import { UsageTrackerPort } from '@apex/metering';
import { plainDecimal } from './run-record';
import { RunsService } from './runs.service';

/** Reports an ended run's usage, keyed on the run id so that reporting it again records nothing twice. */
@Injectable()
export class RunUsageService {
  constructor(
    private readonly runs: RunsService,
    private readonly usage: UsageTrackerPort,
  ) {}

  /** Every run that held a slot and has ended is usage; a run given back before it started is not. */
  async record(runId: string): Promise<void> {
    const run = await this.runs.byId(runId);
    if (run.status === 'failed_to_start') return;
    if (run.status === 'admitted' || run.status === 'running') throw new Error(`Run ${runId} has not ended`);
    await this.usage.trackOptimizationRun({
      orgId: run.org_id,
      userId: run.user_id,
      runId: run.id,
      tokensUsed: Number(run.tokens_used),
      costSaved: plainDecimal(run.cost_saved),
    });
  }
}
