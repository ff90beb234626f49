import { Context } from '@temporalio/activity';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker, WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { BillingEmailRequest, DunningActivities, DunningStatus, DunningWorkflowInput } from '@apex/contracts';
import { dunningInvoicePaidSignal, dunningStatusQuery, dunningWorkflowId, dunningWorkflowName } from '@apex/contracts';
import { workflowBundleOptions } from '@apex/temporal';
import { createTimeSkippingEnv, workspaceRoot } from '@apex/testing';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

/**
 * Stub activities over a card that keeps failing: `payOnAttempt` makes that retry succeed, `fallback` is the
 * other payment method on file (paying with it succeeds when `fallbackPays`). Each call is logged with its day.
 */
function stubDunning(failedAt: number, options: { payOnAttempt?: number; fallback?: string; fallbackPays?: boolean } = {}) {
  const calls: { day: number; call: string }[] = [];
  const emails: BillingEmailRequest[] = [];
  const log = (call: string) => calls.push({ day: Math.round((Context.current().info.currentAttemptScheduledTimestampMs - failedAt) / HOUR) / 24, call });
  const activities: DunningActivities = {
    sendBillingEmail: async (request) => {
      log(`email ${request.template}`);
      emails.push(request);
      return { status: 'sent', messageId: `<${request.idempotencyKey}@test>` };
    },
    retryInvoicePayment: async (request) => {
      log(`retry ${request.idempotencyKey}${request.paymentMethodId ? ` with ${request.paymentMethodId}` : ''}`);
      const paid = request.paymentMethodId ? !!options.fallbackPays : request.attempt === options.payOnAttempt;
      return { paid, failure: paid ? null : 'Your card was declined.' };
    },
    findFallbackPaymentMethod: async () => {
      log('findFallbackPaymentMethod');
      return options.fallback ?? null;
    },
    downgradeToFree: async (request) => void log(`downgrade ${request.reason} ${request.subscriptionId} ${request.idempotencyKey}`),
    recordDunningCase: async (update) => void log(`record ${update.status} ${update.attempts}`),
  };
  return { calls, emails, activities };
}

describe('dunningWorkflow on the time-skipping test server', () => {
  let env: TestWorkflowEnvironment;
  let bundle: WorkflowBundleWithSourceMap;
  beforeAll(async () => {
    [env, bundle] = await Promise.all([createTimeSkippingEnv(), bundleWorkflowCode(workflowBundleOptions(workspaceRoot))]);
  });
  afterAll(() => env?.teardown());

  async function failedInvoice(invoiceId: string) {
    const failedAt = await env.currentTimeMs();
    const input: DunningWorkflowInput = {
      orgId: 'org-1',
      invoiceId,
      subscriptionId: 'sub_1',
      failedAt: new Date(failedAt).toISOString(),
      retryDays: [5, 3, 7],
      amountDueCents: 9900,
      currency: 'usd',
    };
    return { input, failedAt };
  }

  async function withWorker<T>(activities: DunningActivities, taskQueue: string, body: () => Promise<T>): Promise<T> {
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, activities, workflowBundle: bundle });
    return worker.runUntil(body());
  }

  it('retries on days 3, 5 and 7, emails at each step, keeps the plan meanwhile and downgrades after the third failure', async () => {
    const { input, failedAt } = await failedInvoice('in_three_failures');
    const stub = stubDunning(failedAt);
    const taskQueue = 'dunning-downgrade';
    let midway: DunningStatus | undefined;
    const outcome = await withWorker(stub.activities, taskQueue, async () => {
      const handle = await env.client.workflow.start(dunningWorkflowName, { args: [input], workflowId: dunningWorkflowId(input.invoiceId), taskQueue });
      await env.sleep('4 days');
      midway = await handle.query<DunningStatus>(dunningStatusQuery);
      return handle.result();
    });

    expect(outcome).toBe('downgraded');
    expect(midway).toEqual({
      invoiceId: 'in_three_failures',
      state: 'retrying',
      attempts: 1,
      nextRetryAt: new Date(failedAt + 5 * DAY).toISOString(),
    });
    expect(stub.calls).toEqual([
      { day: 0, call: 'record open 0' },
      { day: 0, call: 'email payment-failed' },
      { day: 3, call: 'retry dunning:in_three_failures:retry-1' },
      { day: 3, call: 'record open 1' },
      { day: 3, call: 'email payment-retry-failed' },
      { day: 5, call: 'retry dunning:in_three_failures:retry-2' },
      { day: 5, call: 'record open 2' },
      { day: 5, call: 'email payment-retry-failed' },
      { day: 7, call: 'retry dunning:in_three_failures:retry-3' },
      { day: 7, call: 'record open 3' },
      { day: 7, call: 'findFallbackPaymentMethod' },
      { day: 7, call: 'record downgraded 3' },
      { day: 7, call: 'downgrade non_payment sub_1 dunning:in_three_failures:downgrade' },
      { day: 7, call: 'email downgraded-for-non-payment' },
    ]);
    expect(stub.emails.map((e) => [e.idempotencyKey, e.vars.nextRetry ?? null])).toEqual([
      ['dunning:org-1:in_three_failures:failed', new Date(failedAt + 3 * DAY).toISOString().slice(0, 10)],
      ['dunning:org-1:in_three_failures:retry-1', new Date(failedAt + 5 * DAY).toISOString().slice(0, 10)],
      ['dunning:org-1:in_three_failures:retry-2', new Date(failedAt + 7 * DAY).toISOString().slice(0, 10)],
      ['dunning:org-1:in_three_failures:downgraded', null],
    ]);
    expect(stub.emails[0].vars).toMatchObject({ amount: '$99.00', retries: 3 });
    expect(stub.emails[1].vars).toMatchObject({ attempt: 1, failure: 'Your card was declined.' });
  });

  it('ends at once with a recovery email when the invoice is paid on day 4, retrying nothing more', async () => {
    const { input, failedAt } = await failedInvoice('in_paid_on_day_4');
    const stub = stubDunning(failedAt);
    const taskQueue = 'dunning-paid';
    const outcome = await withWorker(stub.activities, taskQueue, async () => {
      const handle = await env.client.workflow.start(dunningWorkflowName, { args: [input], workflowId: dunningWorkflowId(input.invoiceId), taskQueue });
      await env.sleep('4 days');
      await handle.signal(dunningInvoicePaidSignal, { invoiceId: input.invoiceId, at: new Date().toISOString() });
      return handle.result();
    });
    expect(outcome).toBe('recovered');
    expect(stub.calls.slice(-2)).toEqual([
      { day: 4, call: 'record recovered 1' },
      { day: 4, call: 'email payment-recovered' },
    ]);
    expect(stub.calls.map((c) => c.call).filter((c) => c.startsWith('retry'))).toEqual(['retry dunning:in_paid_on_day_4:retry-1']);
    expect(stub.calls.some((c) => c.call.startsWith('downgrade'))).toBe(false);
    expect(stub.emails.at(-1)?.idempotencyKey).toBe('dunning:org-1:in_paid_on_day_4:recovered');
  });

  it('ends when the second retry succeeds', async () => {
    const { input, failedAt } = await failedInvoice('in_second_retry_pays');
    const stub = stubDunning(failedAt, { payOnAttempt: 2 });
    const outcome = await withWorker(stub.activities, 'dunning-retry-pays', () =>
      env.client.workflow.execute(dunningWorkflowName, { args: [input], workflowId: dunningWorkflowId(input.invoiceId), taskQueue: 'dunning-retry-pays' }),
    );
    expect(outcome).toBe('recovered');
    expect(stub.calls.slice(-3)).toEqual([
      { day: 5, call: 'retry dunning:in_second_retry_pays:retry-2' },
      { day: 5, call: 'record recovered 2' },
      { day: 5, call: 'email payment-recovered' },
    ]);
  });

  it('tries the fallback payment method before downgrading, and keeps the plan when it pays', async () => {
    const { input, failedAt } = await failedInvoice('in_fallback_pays');
    const stub = stubDunning(failedAt, { fallback: 'pm_backup_card', fallbackPays: true });
    const outcome = await withWorker(stub.activities, 'dunning-fallback', () =>
      env.client.workflow.execute(dunningWorkflowName, { args: [input], workflowId: dunningWorkflowId(input.invoiceId), taskQueue: 'dunning-fallback' }),
    );
    expect(outcome).toBe('recovered');
    expect(stub.calls.slice(-5)).toEqual([
      { day: 7, call: 'record open 3' },
      { day: 7, call: 'findFallbackPaymentMethod' },
      { day: 7, call: 'retry dunning:in_fallback_pays:fallback with pm_backup_card' },
      { day: 7, call: 'record recovered 4' },
      { day: 7, call: 'email payment-recovered' },
    ]);
  });

  it('downgrades after the fallback payment method fails too', async () => {
    const { input, failedAt } = await failedInvoice('in_fallback_fails');
    const stub = stubDunning(failedAt, { fallback: 'pm_backup_card', fallbackPays: false });
    const outcome = await withWorker(stub.activities, 'dunning-fallback-fails', () =>
      env.client.workflow.execute(dunningWorkflowName, { args: [input], workflowId: dunningWorkflowId(input.invoiceId), taskQueue: 'dunning-fallback-fails' }),
    );
    expect(outcome).toBe('downgraded');
    expect(stub.calls.slice(-5).map((c) => c.call)).toEqual([
      'findFallbackPaymentMethod',
      'retry dunning:in_fallback_fails:fallback with pm_backup_card',
      'record downgraded 4',
      'downgrade non_payment sub_1 dunning:in_fallback_fails:downgrade',
      'email downgraded-for-non-payment',
    ]);
  });
});
