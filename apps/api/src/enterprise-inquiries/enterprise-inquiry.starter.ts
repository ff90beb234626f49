import { Injectable } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import {
  CreateEnterpriseInquiry,
  EnterpriseInquiryAccepted,
  EnterpriseInquiryView,
  enterpriseInquiryWorkflowId,
  enterpriseInquiryWorkflowName,
  EnterpriseInquiryWorkflowInput,
} from '@apex/contracts';
import { AppConfig } from '@apex/config';
import { normalizeInquiry } from '@apex/domain';
import { EnterpriseInquiryService, newInquiryStatusToken } from '@apex/sales';

/**
 * Records an inquiry (or finds the identical one) and starts `enterprise-inquiry-<id>` at most once for it.
 * The request that starts the workflow gets the status token, which the acknowledgement email links to as well.
 */
@Injectable()
export class EnterpriseInquiryStarter {
  constructor(
    private readonly temporal: Client,
    private readonly inquiries: EnterpriseInquiryService,
    private readonly config: AppConfig,
  ) {}

  async start(request: CreateEnterpriseInquiry): Promise<EnterpriseInquiryAccepted> {
    const statusToken = newInquiryStatusToken();
    const { id, created } = await this.inquiries.open(request, statusToken);
    const workflowId = enterpriseInquiryWorkflowId(id);
    const input: EnterpriseInquiryWorkflowInput = {
      ...normalizeInquiry(request),
      id,
      statusUrl: `${this.config.http.appUrl}/enterprise/inquiries/${id}?token=${statusToken}`,
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
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) return { id, workflowId, started: false, statusToken: null };
      throw error;
    }
    // An inquiry on record whose workflow never started (Temporal was down) is started by the identical request.
    if (!created) await this.inquiries.replaceStatusToken(id, statusToken);
    return { id, workflowId, started: true, statusToken };
  }

  view(id: string, statusToken: string): Promise<EnterpriseInquiryView | null> {
    return this.inquiries.statusFor(id, statusToken);
  }
}
