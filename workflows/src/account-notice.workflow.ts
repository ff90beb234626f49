import { proxyActivities } from '@temporalio/workflow';
import type { AccountEmailActivities, AccountEmailInput, AccountEmailResult } from '@apex/contracts';

const { sendAccountNoticeEmail } = proxyActivities<AccountEmailActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
  // A notice a day late is no longer news.
  scheduleToCloseTimeout: '1 day',
});

/** `account-notice-<noticeId>`: tells an account's owner what happened to the account (see AccountNoticeKind). */
export async function accountNoticeWorkflow(input: AccountEmailInput): Promise<AccountEmailResult> {
  return sendAccountNoticeEmail(input);
}
