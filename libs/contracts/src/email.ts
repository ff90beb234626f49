export type TemplateVars = Record<string, string | number>;

export interface SendEmailRequest {
  /** One logical email, e.g. `enterprise-inquiry-ack:<id>`; sending it again is a no-op. */
  idempotencyKey: string;
  template: string;
  to: string;
  vars: TemplateVars;
}

export interface SendEmailResult {
  status: 'sent' | 'already-sent';
  messageId: string;
}

export interface EmailActivities {
  sendEmail(request: SendEmailRequest): Promise<SendEmailResult>;
}
