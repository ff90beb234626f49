import { Injectable } from '@nestjs/common';
import type { SupervisorRunOutcome } from '@apex/contracts';
import { RunsService } from './runs.service';

/**
 * The supervisor's work for one run. What a run analyses is not defined yet, so
 * today it analyses nothing and reports exactly that: no tokens, nothing saved.
 */
@Injectable()
export class SupervisorRunExecutor {
  constructor(private readonly runs: RunsService) {}

  async execute(runId: string): Promise<SupervisorRunOutcome> {
    const run = await this.runs.byId(runId);
    if (run.status !== 'running') throw new Error(`Run ${runId} is ${run.status}, not running`);
    return { tokensUsed: 0, costSaved: '0' };
  }
}
