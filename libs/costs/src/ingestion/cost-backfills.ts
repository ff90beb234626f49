import { Injectable } from '@nestjs/common';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { CostBackfillInput, CostBackfillProgress } from '@apex/contracts';
import { costBackfillProgressQuery, costBackfillStartPolicy, costBackfillWorkflowId, costBackfillWorkflowName } from '@apex/contracts';
import { AppConfig } from '@apex/config';
import { temporalCall } from './temporal-call';

/** A progress query is for a status view: it waits briefly and answers nothing rather than hold the page up. */
const QUERY_DEADLINE_MS = 2_000;

/** Starts, reads and stops `cost-backfill-<connectionId>`. */
@Injectable()
export class CostBackfills {
  constructor(
    private readonly temporal: Client,
    private readonly config: AppConfig,
  ) {}

  /** Starts the connection's one backfill; 'existing' when it runs or ran already. */
  async start(input: Omit<CostBackfillInput, 'months'>): Promise<'started' | 'existing'> {
    try {
      await temporalCall(this.temporal, () =>
        this.temporal.workflow.start(costBackfillWorkflowName, {
          taskQueue: this.config.temporal.taskQueue,
          workflowId: costBackfillWorkflowId(input.connectionId),
          args: [{ ...input, months: this.config.costs.backfillMonths } satisfies CostBackfillInput],
          ...costBackfillStartPolicy,
        }),
      );
      return 'started';
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) return 'existing';
      throw error;
    }
  }

  /** The running backfill's progress; null when it is not running or Temporal does not answer in time. */
  async progress(connectionId: string): Promise<CostBackfillProgress | null> {
    const handle = this.temporal.workflow.getHandle(costBackfillWorkflowId(connectionId));
    try {
      return await temporalCall(this.temporal, () => handle.query<CostBackfillProgress>(costBackfillProgressQuery), QUERY_DEADLINE_MS);
    } catch {
      return null;
    }
  }

  /** Asks the backfill to stop (its running month with it); 'absent' when none is running. */
  async cancel(connectionId: string): Promise<'requested' | 'absent'> {
    try {
      await temporalCall(this.temporal, () => this.temporal.workflow.getHandle(costBackfillWorkflowId(connectionId)).cancel());
      return 'requested';
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return 'absent';
      throw error;
    }
  }
}
