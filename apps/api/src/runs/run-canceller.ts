import { Injectable, Logger } from '@nestjs/common';
import { hasEnded, RunRow, RunsService, RunUsageService } from '@apex/runs';
import { runEndedProblem, runNotFoundProblem, runNotReachableProblem } from './run-problems';
import { RunWorkflows } from './run-workflows';

/** Cancels a run through its workflow, or directly when it has no workflow to cancel. */
@Injectable()
export class RunCanceller {
  private readonly logger = new Logger(RunCanceller.name);

  constructor(
    private readonly runs: RunsService,
    private readonly workflows: RunWorkflows,
    private readonly usage: RunUsageService,
  ) {}

  /** The run after the request: cancelled, or still ending while its workflow winds down. */
  async cancel(orgId: string, runId: string): Promise<RunRow> {
    const run = await this.runs.find(orgId, runId);
    if (!run) throw runNotFoundProblem(runId);
    if (hasEnded(run.status)) throw runEndedProblem(run.id, run.status);

    const requested = await this.workflows.cancel(run.id).catch((error: unknown) => {
      this.logger.warn(`Run ${run.id} could not be cancelled: ${error instanceof Error ? error.message : String(error)}`);
      throw runNotReachableProblem();
    });
    if (requested === 'absent') {
      // No open workflow: it never started, or it ended after the read above.
      if (await this.runs.finish(run.id, { status: 'cancelled' })) {
        await this.usage.record(run.id);
      } else {
        const now = await this.runs.byId(run.id);
        throw runEndedProblem(now.id, now.status);
      }
    }
    return this.runs.byId(run.id);
  }
}
