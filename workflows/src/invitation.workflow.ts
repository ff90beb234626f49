import { proxyActivities } from '@temporalio/workflow';
import type { AccountEmailActivities, AccountEmailInput, AccountEmailResult } from '@apex/contracts';

const { sendInvitationEmail } = proxyActivities<AccountEmailActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '5 minutes' },
  scheduleToCloseTimeout: '7 days',
});

/** `invitation-<invitationId>`: emails the invitation link. The input names the invitation only, never its token. */
export async function invitationWorkflow(input: AccountEmailInput): Promise<AccountEmailResult> {
  return sendInvitationEmail(input);
}
