import { createHmac } from 'node:crypto';

export type EmailLinkPurpose = 'password-reset' | 'invitation' | 'email-verification';

/**
 * The token in an emailed link, derived from the row's id and the server secret. The API stores
 * only its hash; the worker derives it again to write the link; it never travels in between.
 */
export function emailLinkToken(secret: string, purpose: EmailLinkPurpose, id: string): string {
  const key = createHmac('sha256', secret).update('apex:email-link-token').digest();
  return createHmac('sha256', key).update(`${purpose}:${id}`).digest('base64url');
}
