import { Injectable } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { sandboxClaimedSignal, sandboxWorkflowId, sandboxWorkflowName, SandboxWorkflowInput } from '@apex/contracts';
import { AppConfig } from '@apex/config';

const TEMPORAL_DEADLINE_MS = 5_000;

/** Starts `sandbox-<id>`, the sandbox's deletion at its expiry, and tells it of a claim. */
@Injectable()
export class SandboxWorkflows {
  constructor(
    private readonly temporal: Client,
    private readonly config: AppConfig,
  ) {}

  async start(input: SandboxWorkflowInput): Promise<void> {
    try {
      await this.temporal.withDeadline(Date.now() + TEMPORAL_DEADLINE_MS, () =>
        this.temporal.workflow.start(sandboxWorkflowName, {
          taskQueue: this.config.temporal.taskQueue,
          workflowId: sandboxWorkflowId(input.sandboxId),
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

  /** Ends the wait at once. Its delivery is not needed for safety: the deletion checks the claim itself. */
  async claimed(sandboxId: string): Promise<void> {
    await this.temporal.withDeadline(Date.now() + TEMPORAL_DEADLINE_MS, () => this.temporal.workflow.getHandle(sandboxWorkflowId(sandboxId)).signal(sandboxClaimedSignal));
  }
}
