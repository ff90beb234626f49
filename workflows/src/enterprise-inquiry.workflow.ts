import { defineQuery, proxyActivities, setHandler } from '@temporalio/workflow';
import {
  EmailActivities,
  EnterpriseInquiryActivities,
  enterpriseInquiryStatusQuery,
  EnterpriseInquiryStatus,
  EnterpriseInquiryWorkflowInput,
} from '@apex/contracts';

const { recordInquiry, markInquiryAcknowledged } = proxyActivities<EnterpriseInquiryActivities>({
  startToCloseTimeout: '30 seconds',
});
const { sendEmail } = proxyActivities<EmailActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '5 minutes' },
});

export const statusQuery = defineQuery<EnterpriseInquiryStatus>(enterpriseInquiryStatusQuery);

/** Records an Enterprise inquiry, acknowledges it to the prospect and tells the sales inbox. */
export async function enterpriseInquiryWorkflow(input: EnterpriseInquiryWorkflowInput): Promise<void> {
  let status: EnterpriseInquiryStatus = 'processing';
  setHandler(statusQuery, () => status);

  await recordInquiry(input);
  status = 'received';

  const vars = {
    name: input.name,
    company: input.company,
    email: input.email,
    inquiryId: input.id,
    statusUrl: input.statusUrl,
    message: input.message || '(no message)',
  };
  await Promise.all([
    sendEmail({
      idempotencyKey: `enterprise-inquiry-ack:${input.id}`,
      template: 'enterprise-inquiry-received',
      to: input.email,
      vars,
    }),
    sendEmail({
      idempotencyKey: `enterprise-inquiry-sales-notice:${input.id}`,
      template: 'enterprise-inquiry-sales-notice',
      to: input.salesInbox,
      vars,
    }),
  ]);
  await markInquiryAcknowledged(input.id);
  status = 'acknowledged';
}
