import { Context } from '@temporalio/activity';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker, WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { BillingEmailRequest, TrialActivities, TrialStatus, TrialWorkflowInput } from '@apex/contracts';
import {
  trialCancelledSignal,
  trialConvertedSignal,
  trialPaymentMethodAddedSignal,
  trialStatusQuery,
  trialWorkflowId,
  trialWorkflowName,
  trialWorkflowStartPolicy,
} from '@apex/contracts';
import { workflowBundleOptions } from '@apex/temporal';
import { createTimeSkippingEnv, workspaceRoot } from '@apex/testing';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

/** Stub activities that log each call with the day of the trial it happened on (workflow time, to the hour). */
function stubTrial(startedAt: number, paymentMethodOnFile = false, conversionStatus = 'active') {
  const calls: { day: number; call: string }[] = [];
  const emails: BillingEmailRequest[] = [];
  const log = (call: string) => calls.push({ day: Math.round((Context.current().info.currentAttemptScheduledTimestampMs - startedAt) / HOUR) / 24, call });
  const activities: TrialActivities = {
    sendBillingEmail: async (request) => {
      log(`email ${request.template}`);
      emails.push(request);
      return { status: 'sent', messageId: `<${request.idempotencyKey}@test>` };
    },
    hasPaymentMethod: async () => {
      log('hasPaymentMethod');
      return paymentMethodOnFile;
    },
    convertTrialToPaid: async (request) => {
      log(`convert ${request.idempotencyKey}`);
      return conversionStatus === 'contract' ? { subscriptionId: null, status: 'contract' } : { subscriptionId: 'sub_1', status: conversionStatus };
    },
    downgradeToFree: async (request) => void log(`downgrade ${request.reason} ${request.idempotencyKey}`),
    recordTrialEnd: async (request) => void log(`record ${request.state}`),
  };
  return { calls, emails, activities, steps: () => calls.map((c) => c.call) };
}

describe('trialWorkflow on the time-skipping test server', () => {
  let env: TestWorkflowEnvironment;
  let bundle: WorkflowBundleWithSourceMap;
  beforeAll(async () => {
    [env, bundle] = await Promise.all([createTimeSkippingEnv(), bundleWorkflowCode(workflowBundleOptions(workspaceRoot))]);
  });
  afterAll(() => env?.teardown());

  async function trial(orgId: string, over: Partial<TrialWorkflowInput> = {}) {
    const startedAt = await env.currentTimeMs();
    const input: TrialWorkflowInput = {
      orgId,
      tier: 'early',
      startedAt: new Date(startedAt).toISOString(),
      trialDays: 7,
      reminderDays: [1, 3],
      hasPaymentMethod: false,
      ...over,
    };
    return { input, startedAt };
  }

  async function withWorker<T>(activities: TrialActivities, taskQueue: string, body: () => Promise<T>): Promise<T> {
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, activities, workflowBundle: bundle });
    return worker.runUntil(body());
  }

  it('runs a 7-day trial without a payment method to a downgrade to Free, with reminders on days 4 and 6', async () => {
    const orgId = 'org-downgraded';
    const { input, startedAt } = await trial(orgId);
    const stub = stubTrial(startedAt);
    const taskQueue = 'trial-downgrade';
    const statuses: TrialStatus[] = [];
    const outcome = await withWorker(stub.activities, taskQueue, async () => {
      const handle = await env.client.workflow.start(trialWorkflowName, {
        args: [input],
        workflowId: trialWorkflowId(orgId),
        taskQueue,
        ...trialWorkflowStartPolicy,
      });
      await env.sleep('60 hours');
      statuses.push(await handle.query<TrialStatus>(trialStatusQuery));
      const result = await handle.result();
      statuses.push(await handle.query<TrialStatus>(trialStatusQuery));
      return result;
    });

    expect(outcome).toBe('downgraded');
    expect(stub.calls).toEqual([
      { day: 0, call: 'email trial-started' },
      { day: 4, call: 'email trial-reminder' },
      { day: 6, call: 'email trial-reminder' },
      { day: 7, call: 'hasPaymentMethod' },
      { day: 7, call: `downgrade trial_ended trial:${orgId}:downgrade` },
      { day: 7, call: 'record downgraded' },
      { day: 7, call: 'email trial-ended-downgraded' },
    ]);
    expect(stub.emails.map((e) => [e.idempotencyKey, e.vars.daysLeft ?? null])).toEqual([
      [`trial:${orgId}:started`, null],
      [`trial:${orgId}:reminder-3`, 3],
      [`trial:${orgId}:reminder-1`, 1],
      [`trial:${orgId}:downgraded`, null],
    ]);
    expect(stub.emails[1].vars.nextStep).toMatch(/Add a payment method/);
    expect(statuses).toEqual([
      {
        orgId,
        state: 'active',
        startedAt: input.startedAt,
        endsAt: new Date(startedAt + 7 * DAY).toISOString(),
        daysLeft: 5,
        hasPaymentMethod: false,
      },
      expect.objectContaining({ state: 'downgraded', daysLeft: 0 }),
    ]);
  });

  it('never runs a second trial for the same organisation, even after the first has ended', async () => {
    const orgId = 'org-downgraded';
    const { input } = await trial(orgId);
    await expect(
      env.client.workflow.start(trialWorkflowName, {
        args: [input],
        workflowId: trialWorkflowId(orgId),
        taskQueue: 'trial-downgrade',
        ...trialWorkflowStartPolicy,
      }),
    ).rejects.toBeInstanceOf(WorkflowExecutionAlreadyStartedError);
  });

  it('converts at once when a payment method is added on day 3: no reminder, no downgrade', async () => {
    const orgId = 'org-card-on-day-3';
    const { input, startedAt } = await trial(orgId);
    const stub = stubTrial(startedAt);
    const taskQueue = 'trial-card';
    const outcome = await withWorker(stub.activities, taskQueue, async () => {
      const handle = await env.client.workflow.start(trialWorkflowName, { args: [input], workflowId: trialWorkflowId(orgId), taskQueue });
      await env.sleep('3 days');
      await handle.signal(trialPaymentMethodAddedSignal, { paymentMethodId: 'pm_card_visa', at: new Date().toISOString() });
      return handle.result();
    });

    expect(outcome).toBe('converted');
    expect(stub.calls).toEqual([
      { day: 0, call: 'email trial-started' },
      { day: 3, call: `convert trial:${orgId}:convert` },
      { day: 3, call: 'record converted' },
      { day: 3, call: 'email trial-converted' },
    ]);
  });

  it('continues as paid at the end when a payment method was on file from the start', async () => {
    const orgId = 'org-card-on-file';
    const { input, startedAt } = await trial(orgId, { hasPaymentMethod: true, reminderDays: [2] });
    const stub = stubTrial(startedAt);
    const outcome = await withWorker(stub.activities, 'trial-on-file', () =>
      env.client.workflow.execute(trialWorkflowName, { args: [input], workflowId: trialWorkflowId(orgId), taskQueue: 'trial-on-file' }),
    );
    expect(outcome).toBe('converted');
    expect(stub.calls).toEqual([
      { day: 0, call: 'email trial-started' },
      { day: 5, call: 'email trial-reminder' },
      { day: 7, call: `convert trial:${orgId}:convert` },
      { day: 7, call: 'record converted' },
      { day: 7, call: 'email trial-converted' },
    ]);
    expect(stub.emails[1].vars.nextStep).toMatch(/continues as paid/);
  });

  it('says the contract replaced the trial when an Enterprise contract got there before its signal', async () => {
    const orgId = 'org-contract-before-signal';
    const { input, startedAt } = await trial(orgId, { hasPaymentMethod: true, trialDays: 1, reminderDays: [] });
    const stub = stubTrial(startedAt, true, 'contract');
    const outcome = await withWorker(stub.activities, 'trial-contract-first', () =>
      env.client.workflow.execute(trialWorkflowName, { args: [input], workflowId: trialWorkflowId(orgId), taskQueue: 'trial-contract-first' }),
    );
    expect(outcome).toBe('converted');
    expect(stub.steps()).toEqual(['email trial-started', `convert trial:${orgId}:convert`, 'record converted', 'email trial-ended-by-contract']);
  });

  it('asks at the end whether a payment method arrived unannounced, and converts if so', async () => {
    const orgId = 'org-card-unannounced';
    const { input, startedAt } = await trial(orgId, { trialDays: 1, reminderDays: [] });
    const stub = stubTrial(startedAt, true);
    const outcome = await withWorker(stub.activities, 'trial-unannounced', () =>
      env.client.workflow.execute(trialWorkflowName, { args: [input], workflowId: trialWorkflowId(orgId), taskQueue: 'trial-unannounced' }),
    );
    expect(outcome).toBe('converted');
    expect(stub.steps()).toEqual(['email trial-started', 'hasPaymentMethod', `convert trial:${orgId}:convert`, 'record converted', 'email trial-converted']);
  });

  it('ends at once without converting again when Stripe reports the subscription paid', async () => {
    const orgId = 'org-checked-out';
    const { input, startedAt } = await trial(orgId);
    const stub = stubTrial(startedAt);
    const taskQueue = 'trial-converted';
    const outcome = await withWorker(stub.activities, taskQueue, async () => {
      const handle = await env.client.workflow.start(trialWorkflowName, { args: [input], workflowId: trialWorkflowId(orgId), taskQueue });
      await env.sleep('5 days');
      await handle.signal(trialConvertedSignal, { subscriptionId: 'sub_1', at: new Date().toISOString() });
      return handle.result();
    });
    expect(outcome).toBe('converted');
    expect(stub.calls).toEqual([
      { day: 0, call: 'email trial-started' },
      { day: 4, call: 'email trial-reminder' },
      { day: 5, call: 'record converted' },
      { day: 5, call: 'email trial-converted' },
    ]);
  });

  it('ends at once when an operator puts the organisation on an Enterprise contract, and says so', async () => {
    const orgId = 'org-contracted';
    const { input, startedAt } = await trial(orgId);
    const stub = stubTrial(startedAt);
    const taskQueue = 'trial-contracted';
    const outcome = await withWorker(stub.activities, taskQueue, async () => {
      const handle = await env.client.workflow.start(trialWorkflowName, { args: [input], workflowId: trialWorkflowId(orgId), taskQueue });
      await env.sleep('2 days');
      await handle.signal(trialConvertedSignal, { subscriptionId: 'sub_contract', at: new Date().toISOString(), byContract: true });
      return handle.result();
    });
    expect(outcome).toBe('converted');
    expect(stub.calls).toEqual([
      { day: 0, call: 'email trial-started' },
      { day: 2, call: 'record converted' },
      { day: 2, call: 'email trial-ended-by-contract' },
    ]);
  });

  it('drops to Free at once when the trial is cancelled, and says why', async () => {
    const orgId = 'org-cancelled';
    const { input, startedAt } = await trial(orgId);
    const stub = stubTrial(startedAt);
    const taskQueue = 'trial-cancelled';
    const outcome = await withWorker(stub.activities, taskQueue, async () => {
      const handle = await env.client.workflow.start(trialWorkflowName, { args: [input], workflowId: trialWorkflowId(orgId), taskQueue });
      await env.sleep('1 day');
      await handle.signal(trialCancelledSignal, { reason: 'customer cancelled', at: new Date().toISOString() });
      return handle.result();
    });
    expect(outcome).toBe('cancelled');
    expect(stub.calls).toEqual([
      { day: 0, call: 'email trial-started' },
      { day: 1, call: `downgrade trial_cancelled trial:${orgId}:downgrade` },
      { day: 1, call: 'record cancelled' },
      { day: 1, call: 'email trial-ended-downgraded' },
    ]);
    expect(stub.emails.at(-1)?.vars.reason).toBe('The trial was cancelled.');
  });
});
