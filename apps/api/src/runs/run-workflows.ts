import { Injectable } from '@nestjs/common';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { RunProgress, runProgressQueryName, runWorkflowId, SupervisorRunInput, supervisorRunWorkflowName } from '@apex/contracts';
import { AppConfig } from '@apex/config';

/**
 * How long a request waits for Temporal. Unbounded, an unreachable server keeps the
 * client retrying for tens of seconds while the caller waits for an answer.
 */
const TEMPORAL_DEADLINE_MS = 5_000;

const within = <T>(client: Client, call: () => Promise<T>) => client.withDeadline(Date.now() + TEMPORAL_DEADLINE_MS, call);

/** Starts and cancels `run-<runId>`. */
@Injectable()
export class RunWorkflows {
  constructor(
    private readonly temporal: Client,
    private readonly config: AppConfig,
  ) {}

  /**
   * Starts the run's workflow unless it already exists (running or finished); throws if Temporal
   * refuses or does not answer in time, in which case the workflow may or may not exist.
   */
  async start(input: SupervisorRunInput): Promise<void> {
    try {
      await within(this.temporal, () =>
        this.temporal.workflow.start(supervisorRunWorkflowName, {
          taskQueue: this.config.temporal.taskQueue,
          workflowId: runWorkflowId(input.runId),
          args: [input],
          workflowIdConflictPolicy: 'FAIL',
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
        }),
      );
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) return;
      throw error;
    }
  }

  /** Asks the run's workflow to cancel; 'absent' when no open workflow has that id. */
  async cancel(runId: string): Promise<'requested' | 'absent'> {
    try {
      await within(this.temporal, () => this.temporal.workflow.getHandle(runWorkflowId(runId)).cancel());
      return 'requested';
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return 'absent';
      throw error;
    }
  }

  /** Which agent the run's workflow is at; null when Temporal does not answer in time (the page polls again). */
  async progress(runId: string): Promise<RunProgress | null> {
    try {
      return await within(this.temporal, () => this.temporal.workflow.getHandle(runWorkflowId(runId)).query<RunProgress>(runProgressQueryName));
    } catch {
      return null;
    }
  }
}
