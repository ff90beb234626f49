import { Injectable } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import {
  AccountEmailInput,
  accountLockedWorkflowId,
  accountLockedWorkflowName,
  accountNoticeWorkflowId,
  accountNoticeWorkflowName,
  emailVerificationWorkflowId,
  emailVerificationWorkflowName,
  invitationWorkflowId,
  invitationWorkflowName,
  passwordResetWorkflowId,
  passwordResetWorkflowName,
} from '@apex/contracts';
import { AppConfig } from '@apex/config';

/** Long enough for a healthy server; short enough that an outage answers the caller in seconds. */
const START_DEADLINE_MS = 5_000;

/** Starts the workflows that email reset, invitation and verification links and account notices; the API itself never sends email. */
@Injectable()
export class AccountEmailStarter {
  constructor(
    private readonly temporal: Client,
    private readonly config: AppConfig,
  ) {}

  passwordReset(resetId: string): Promise<void> {
    return this.start(passwordResetWorkflowName, passwordResetWorkflowId(resetId), { id: resetId });
  }

  invitation(invitationId: string): Promise<void> {
    return this.start(invitationWorkflowName, invitationWorkflowId(invitationId), { id: invitationId });
  }

  accountLocked(lockId: string): Promise<void> {
    return this.start(accountLockedWorkflowName, accountLockedWorkflowId(lockId), { id: lockId });
  }

  emailVerification(verificationId: string): Promise<void> {
    return this.start(emailVerificationWorkflowName, emailVerificationWorkflowId(verificationId), { id: verificationId });
  }

  accountNotice(noticeId: string): Promise<void> {
    return this.start(accountNoticeWorkflowName, accountNoticeWorkflowId(noticeId), { id: noticeId });
  }

  private async start(workflowType: string, workflowId: string, input: AccountEmailInput): Promise<void> {
    try {
      await this.temporal.withDeadline(Date.now() + START_DEADLINE_MS, () =>
        this.temporal.workflow.start(workflowType, {
          taskQueue: this.config.temporal.taskQueue,
          workflowId,
          args: [input],
          workflowIdConflictPolicy: 'USE_EXISTING',
        }),
      );
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) return;
      throw error;
    }
  }
}
