import { defineSignal, proxyActivities, setHandler } from '@temporalio/workflow';
import type { SandboxActivities, SandboxEnding, SandboxWorkflowInput } from '@apex/contracts';
import { sandboxClaimedSignal } from '@apex/contracts';
import { waitUntil } from './billing-time';

const { deleteExpiredSandbox } = proxyActivities<SandboxActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '10 minutes' },
});

export const sandboxClaimed = defineSignal(sandboxClaimedSignal);

/**
 * `sandbox-<id>`: waits until the sandbox expires, then deletes its organisation and everything of it. A claim at
 * sign-up signals the workflow, which ends at once; the activity checks the claim itself too, so a claim whose
 * signal never arrived is not deleted either.
 */
export async function sandboxWorkflow(input: SandboxWorkflowInput): Promise<SandboxEnding> {
  let claimed = false;
  setHandler(sandboxClaimed, () => void (claimed = true));
  if (await waitUntil(Date.parse(input.expiresAt), () => claimed)) return 'claimed';
  return deleteExpiredSandbox({ sandboxId: input.sandboxId });
}
