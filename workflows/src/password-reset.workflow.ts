import { proxyActivities } from '@temporalio/workflow';
import type { AccountEmailActivities, AccountEmailInput, AccountEmailResult } from '@apex/contracts';

const { sendPasswordResetEmail } = proxyActivities<AccountEmailActivities>({
  startToCloseTimeout: '1 minute',
  // The link is valid for an hour; after that the activity reports it skipped rather than send it.
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
  scheduleToCloseTimeout: '65 minutes',
});

/** `password-reset-<resetId>`: emails the reset link. The input names the reset only, never its token. */
export async function passwordResetWorkflow(input: AccountEmailInput): Promise<AccountEmailResult> {
  return sendPasswordResetEmail(input);
}
