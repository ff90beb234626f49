/**
 * "Talk to sales": a prospect asks for Enterprise terms. The API starts
 * `enterprise-inquiry-<id>`; the workflow records the inquiry, acknowledges it
 * by email and notifies the sales inbox.
 */
export interface CreateEnterpriseInquiry {
  email: string;
  name: string;
  company: string;
  message?: string;
}

export type EnterpriseInquiryStatus = 'processing' | 'received' | 'acknowledged';

/** While the workflow has not yet recorded the inquiry, only `id` and `status` are known. */
export interface EnterpriseInquiryView {
  id: string;
  email: string | null;
  name: string | null;
  company: string | null;
  message: string | null;
  status: EnterpriseInquiryStatus;
  createdAt: string | null;
  acknowledgedAt: string | null;
}

export interface EnterpriseInquiryAccepted {
  id: string;
  workflowId: string;
  /** False when an identical inquiry was already on record and nothing new was started. */
  started: boolean;
}

export interface EnterpriseInquiryWorkflowInput extends CreateEnterpriseInquiry {
  id: string;
  /** Where the prospect can follow the inquiry in the portal. */
  statusUrl: string;
  salesInbox: string;
}

export interface EnterpriseInquiryActivities {
  recordInquiry(input: EnterpriseInquiryWorkflowInput): Promise<void>;
  markInquiryAcknowledged(inquiryId: string): Promise<void>;
}

export const enterpriseInquiryStatusQuery = 'enterpriseInquiryStatus';

export const enterpriseInquiryWorkflowName = 'enterpriseInquiryWorkflow';
export const enterpriseInquiryWorkflowId = (inquiryId: string) => `enterprise-inquiry-${inquiryId}`;
