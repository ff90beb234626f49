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

/** What the holder of an inquiry's status token may read: where it stands, and nothing of what it said. */
export interface EnterpriseInquiryView {
  id: string;
  status: EnterpriseInquiryStatus;
}

export interface EnterpriseInquiryAccepted {
  id: string;
  workflowId: string;
  /** False when an identical inquiry was already on record and nothing new was started. */
  started: boolean;
  /**
   * Reads the inquiry's status (header X-Inquiry-Token of GET /enterprise-inquiries/{id}); given only when this
   * request started the inquiry, null otherwise (the acknowledgement email links to the status with its token).
   */
  statusToken: string | null;
}

export interface EnterpriseInquiryWorkflowInput extends CreateEnterpriseInquiry {
  id: string;
  /** Where the prospect can follow the inquiry in the portal, with its status token. */
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
