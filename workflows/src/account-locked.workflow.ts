import { proxyActivities } from '@temporalio/workflow';
import type { AccountEmailActivities, AccountEmailInput, AccountEmailResult } from '@apex/contracts';

const { sendAccountLockedEmail } = proxyActivities<AccountEmailActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
  // Past this the lock has long ended, and the activity would report the email skipped.
  scheduleToCloseTimeout: '1 day',
});

/** `account-locked-<lockId>`: tells the account's owner that sign-in was locked after many failed attempts. */
export async function accountLockedWorkflow(input: AccountEmailInput): Promise<AccountEmailResult> {
  return sendAccountLockedEmail(input);
}
