import { proxyActivities } from '@temporalio/workflow';
import type { AccountEmailActivities, AccountEmailInput, AccountEmailResult } from '@apex/contracts';

const { sendEmailVerificationEmail } = proxyActivities<AccountEmailActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
  // Past this the link is close to expiring; the account can ask for a new one.
  scheduleToCloseTimeout: '1 day',
});

/** `email-verification-<verificationId>`: emails the link that verifies a new account's email. */
export async function emailVerificationWorkflow(input: AccountEmailInput): Promise<AccountEmailResult> {
  return sendEmailVerificationEmail(input);
}
