import { Injectable } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { endReportingPeriodSignalName, ProofInput, proofWorkflowId, proofWorkflowName, proofWorkflowStartPolicy } from '@apex/contracts';
import { AppConfig } from '@apex/config';

/** How long a request waits for Temporal (see RunWorkflows). */
const TEMPORAL_DEADLINE_MS = 5_000;

/** Starts `proof-<recommendationId>`. */
@Injectable()
export class ProofWorkflows {
  constructor(
    private readonly temporal: Client,
    private readonly config: AppConfig,
  ) {}

  /**
   * Starts the proof's workflow, or joins the one that exists (a running one is used as it is, a finished one is
   * never started again); throws when Temporal refuses or does not answer in time.
   */
  async start(input: ProofInput): Promise<void> {
    try {
      await this.temporal.withDeadline(Date.now() + TEMPORAL_DEADLINE_MS, () =>
        this.temporal.workflow.start(proofWorkflowName, {
          taskQueue: this.config.temporal.taskQueue,
          workflowId: proofWorkflowId(input.recommendationId),
          args: [input],
          ...proofWorkflowStartPolicy,
        }),
      );
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) return;
      throw error;
    }
  }

  /** Ends the proof's reporting period now: the workflow takes its last reading and calculates the result. */
  async endReportingPeriod(recommendationId: string): Promise<void> {
    await this.temporal.withDeadline(Date.now() + TEMPORAL_DEADLINE_MS, () =>
      this.temporal.workflow.getHandle(proofWorkflowId(recommendationId)).signal(endReportingPeriodSignalName),
    );
  }
}
