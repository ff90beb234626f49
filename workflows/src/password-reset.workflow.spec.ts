import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { AccountEmailInput, AccountEmailResult } from '@apex/contracts';
import { invitationWorkflowName, passwordResetWorkflowName } from '@apex/contracts';
import { workflowBundleOptions } from '@apex/temporal';
import { createTimeSkippingEnv, workspaceRoot } from '@apex/testing';

const sent: AccountEmailResult = { status: 'sent', messageId: '<m@test>' };

describe('password-reset and invitation workflows on the time-skipping test server', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await createTimeSkippingEnv();
  });
  afterAll(() => env?.teardown());

  async function run(workflowType: string, activities: object, workflowId: string, input: AccountEmailInput) {
    const { workflowsPath, webpackConfigHook } = workflowBundleOptions(workspaceRoot);
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: workflowId,
      activities,
      workflowsPath,
      bundlerOptions: { webpackConfigHook },
    });
    return worker.runUntil(async () => {
      const handle = await env.client.workflow.start(workflowType, { args: [input], workflowId, taskQueue: workflowId });
      return { result: await handle.result(), history: JSON.stringify(await handle.fetchHistory()) };
    });
  }

  it('hands the reset id, and nothing else, to the activity that emails the link, and reports what it did', async () => {
    const calls: AccountEmailInput[] = [];
    const { result, history } = await run(
      passwordResetWorkflowName,
      { sendPasswordResetEmail: async (input: AccountEmailInput) => (calls.push(input), sent) },
      'password-reset-r1',
      { id: 'r1' },
    );
    expect(calls).toEqual([{ id: 'r1' }]);
    expect(result).toEqual(sent);
    expect(history).not.toMatch(/token/i);
  });

  it('retries a failing send with backoff until it goes out', async () => {
    let attempts = 0;
    const { result } = await run(
      passwordResetWorkflowName,
      {
        sendPasswordResetEmail: async () => {
          attempts += 1;
          if (attempts < 4) throw new Error('SMTP server unavailable');
          return sent;
        },
      },
      'password-reset-r2',
      { id: 'r2' },
    );
    expect(attempts).toBe(4);
    expect(result).toEqual(sent);
  });

  it('ends quietly when the activity finds the reset already used or expired', async () => {
    const skipped: AccountEmailResult = { status: 'skipped', reason: 'the reset was already used' };
    const { result } = await run(passwordResetWorkflowName, { sendPasswordResetEmail: async () => skipped }, 'password-reset-r3', { id: 'r3' });
    expect(result).toEqual(skipped);
  });

  it('emails an invitation through its own activity, retrying failures', async () => {
    const calls: AccountEmailInput[] = [];
    const { result } = await run(
      invitationWorkflowName,
      {
        sendInvitationEmail: async (input: AccountEmailInput) => {
          calls.push(input);
          if (calls.length < 3) throw new Error('SMTP server unavailable');
          return sent;
        },
      },
      'invitation-i1',
      { id: 'i1' },
    );
    expect(calls).toEqual([{ id: 'i1' }, { id: 'i1' }, { id: 'i1' }]);
    expect(result).toEqual(sent);
  });
});
