import { Injectable } from '@nestjs/common';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import {
  CreateEnterpriseInquiry,
  EnterpriseInquiryAccepted,
  enterpriseInquiryStatusQuery,
  EnterpriseInquiryStatus,
  EnterpriseInquiryView,
  enterpriseInquiryWorkflowId,
  enterpriseInquiryWorkflowName,
  EnterpriseInquiryWorkflowInput,
} from '@apex/contracts';
import { AppConfig } from '@apex/config';
import { normalizeInquiry } from '@apex/domain';
import { EnterpriseInquiryService, inquiryIdFor } from '@apex/sales';

/** Starts `enterprise-inquiry-<id>` at most once per distinct inquiry and reports where it stands. */
@Injectable()
export class EnterpriseInquiryStarter {
  constructor(
    private readonly temporal: Client,
    private readonly inquiries: EnterpriseInquiryService,
    private readonly config: AppConfig,
  ) {}

  async start(request: CreateEnterpriseInquiry): Promise<EnterpriseInquiryAccepted> {
    const id = inquiryIdFor(request);
    const workflowId = enterpriseInquiryWorkflowId(id);
    const input: EnterpriseInquiryWorkflowInput = {
      ...normalizeInquiry(request),
      id,
      statusUrl: `${this.config.http.appUrl}/enterprise/inquiries/${id}`,
      salesInbox: this.config.email.salesInbox,
    };
    try {
      await this.temporal.workflow.start(enterpriseInquiryWorkflowName, {
        taskQueue: this.config.temporal.taskQueue,
        workflowId,
        args: [input],
        // Running or finished, an existing inquiry is never started again.
        workflowIdConflictPolicy: 'FAIL',
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      });
      return { id, workflowId, started: true };
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) return { id, workflowId, started: false };
      throw error;
    }
  }

  async view(id: string): Promise<EnterpriseInquiryView | null> {
    const recorded = await this.inquiries.find(id);
    if (recorded) return recorded;
    try {
      const handle = this.temporal.workflow.getHandle(enterpriseInquiryWorkflowId(id));
      const status = await handle.query<EnterpriseInquiryStatus>(enterpriseInquiryStatusQuery);
      return { id, email: null, name: null, company: null, message: null, status, createdAt: null, acknowledgedAt: null };
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return null;
      throw error;
    }
  }
}
