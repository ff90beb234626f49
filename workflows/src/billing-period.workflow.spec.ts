import { Context } from '@temporalio/activity';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker, WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type {
  ApplyPeriodChargeRequest,
  BillingPeriodActivities,
  BillingPeriodStatus,
  BillingPeriodWorkflowInput,
  MeasuredAiSpend,
} from '@apex/contracts';
import {
  billingPeriodRenewedSignal,
  billingPeriodStatusQuery,
  billingPeriodSubscriptionEndedSignal,
  billingPeriodWorkflowId,
  billingPeriodWorkflowName,
} from '@apex/contracts';
import { workflowBundleOptions } from '@apex/temporal';
import { createTimeSkippingEnv, PLAN_PRICING_TERMS, workspaceRoot } from '@apex/testing';

const DAY = 24 * 60 * 60 * 1000;
const iso = (ms: number) => new Date(ms).toISOString();

const early = PLAN_PRICING_TERMS.early;

/**
 * Stub activities: the measured spend per period start, and a Stripe-like ledger that keeps one invoice item
 * per idempotency key. With `loseFirstResponse`, the first apply creates its item and then fails, as when the
 * answer is lost on the way back; the retry must find the same item, not bill again.
 */
function stubBilling(spendByStart: Record<string, Pick<MeasuredAiSpend, 'amount' | 'rowCount'>>, loseFirstResponse = false) {
  const measured: { periodStart: string; periodEnd: string }[] = [];
  /** When each measurement ran, in workflow time. */
  const measuredAt: number[] = [];
  const applyAttempts: { attempt: number; key: string }[] = [];
  const invoiceItems = new Map<string, ApplyPeriodChargeRequest>();
  const activities: BillingPeriodActivities = {
    measureAiSpend: async ({ periodStart, periodEnd }) => {
      measured.push({ periodStart, periodEnd });
      measuredAt.push(Context.current().info.currentAttemptScheduledTimestampMs);
      const spend = spendByStart[periodStart] ?? { amount: '0', rowCount: 0 };
      return { periodStart, periodEnd, currency: 'USD', ...spend };
    },
    loadPricingTerms: async () => early,
    applyPeriodCharge: async (request) => {
      const { attempt } = Context.current().info;
      applyAttempts.push({ attempt, key: request.idempotencyKey });
      const existing = invoiceItems.has(request.idempotencyKey);
      if (!existing) invoiceItems.set(request.idempotencyKey, request);
      if (loseFirstResponse && applyAttempts.length === 1) throw new Error('socket hang up');
      return { stripeInvoiceItemId: `ii_${invoiceItems.size}`, adjustmentCents: request.charge.chargeCents - 9900, appliedNow: !existing };
    },
  };
  return { activities, measured, measuredAt, applyAttempts, invoiceItems };
}

describe('billingPeriodWorkflow on the time-skipping test server', () => {
  let env: TestWorkflowEnvironment;
  let bundle: WorkflowBundleWithSourceMap;
  beforeAll(async () => {
    [env, bundle] = await Promise.all([createTimeSkippingEnv(), bundleWorkflowCode(workflowBundleOptions(workspaceRoot))]);
  });
  afterAll(() => env?.teardown());

  async function withWorker<T>(activities: BillingPeriodActivities, taskQueue: string, body: () => Promise<T>): Promise<T> {
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, activities, workflowBundle: bundle });
    return worker.runUntil(body());
  }

  const startPeriod = (input: BillingPeriodWorkflowInput, taskQueue: string) =>
    env.client.workflow.start(billingPeriodWorkflowName, { args: [input], workflowId: billingPeriodWorkflowId(input.subscriptionId), taskQueue });

  async function subscription(subscriptionId: string): Promise<BillingPeriodWorkflowInput> {
    const now = await env.currentTimeMs();
    return { orgId: 'org-1', subscriptionId, periodStart: iso(now - 10 * DAY), periodEnd: iso(now + 20 * DAY) };
  }

  it('charges min($99, 2% of spend) for each finished period, once, under a stable key even when applying is retried', async () => {
    const input = await subscription('sub_periods');
    const secondStart = input.periodEnd;
    const secondEnd = iso(Date.parse(secondStart) + 31 * DAY);
    const stub = stubBilling({ [input.periodStart]: { amount: '1234.56', rowCount: 412 } }, true);
    const taskQueue = 'billing-period-two';
    const statuses: BillingPeriodStatus[] = [];
    const settled = await withWorker(stub.activities, taskQueue, async () => {
      const handle = await startPeriod(input, taskQueue);
      await env.sleep('21 days');
      statuses.push(await handle.query<BillingPeriodStatus>(billingPeriodStatusQuery));
      await handle.signal(billingPeriodRenewedSignal, { periodStart: secondStart, periodEnd: secondEnd });
      await env.sleep('32 days');
      await handle.signal(billingPeriodSubscriptionEndedSignal, { endedAt: secondEnd });
      return handle.result();
    });

    expect(settled).toBe(2);
    expect(statuses).toEqual([
      { subscriptionId: 'sub_periods', periodStart: secondStart, periodEnd: expect.any(String), periodsSettled: 1, ended: false },
    ]);
    expect(stub.measured).toEqual([
      { periodStart: input.periodStart, periodEnd: input.periodEnd },
      { periodStart: secondStart, periodEnd: secondEnd },
    ]);
    const firstKey = `billing-period:sub_periods:${input.periodStart}`;
    expect(stub.applyAttempts).toEqual([
      { attempt: 1, key: firstKey },
      { attempt: 2, key: firstKey },
      { attempt: 1, key: `billing-period:sub_periods:${secondStart}` },
    ]);
    expect([...stub.invoiceItems.values()].map((item) => [item.periodStart, item.charge.chargeCents, item.charge.rule, item.charge.description])).toEqual([
      [input.periodStart, 2469, 'percent_of_spend', '2% of $1,234.56 measured AI spend (412 cost rows), less than the $99.00 flat price'],
      [secondStart, 9900, 'flat_price', '$99.00 flat price: no measured AI spend this period'],
    ]);
  });

  it('waits the settlement delay after a period ends, so cost rows that arrive late are measured with it', async () => {
    const input = { ...(await subscription('sub_settle_later')), settleAfterMs: 2 * DAY };
    const stub = stubBilling({});
    const taskQueue = 'billing-period-settle-later';
    const settled = await withWorker(stub.activities, taskQueue, async () => {
      const handle = await startPeriod(input, taskQueue);
      await env.sleep('21 days');
      // The period ended a day ago: not measured yet.
      const waiting = stub.measured.length;
      await env.sleep('2 days');
      await handle.signal(billingPeriodSubscriptionEndedSignal, { endedAt: new Date(await env.currentTimeMs()).toISOString() });
      return { waiting, periods: await handle.result() };
    });

    expect(settled).toEqual({ waiting: 0, periods: 2 });
    expect(stub.measured[0]).toEqual({ periodStart: input.periodStart, periodEnd: input.periodEnd });
    expect(stub.measuredAt[0] - Date.parse(input.periodEnd)).toBeGreaterThanOrEqual(2 * DAY);
    expect(stub.measuredAt[0] - Date.parse(input.periodEnd)).toBeLessThan(2 * DAY + 60_000);
  });

  it('closes a period early when a plan change starts the next one, and settles the part that ran when the subscription ends', async () => {
    const input = await subscription('sub_changed');
    const changedAt = iso(Date.parse(input.periodStart) + 15 * DAY);
    const changedEnd = iso(Date.parse(changedAt) + 30 * DAY);
    const endedAt = iso(Date.parse(changedAt) + 3 * DAY);
    const stub = stubBilling({ [input.periodStart]: { amount: '20000.00', rowCount: 9 }, [changedAt]: { amount: '100.00', rowCount: 2 } });
    const taskQueue = 'billing-period-changed';
    const settled = await withWorker(stub.activities, taskQueue, async () => {
      const handle = await startPeriod(input, taskQueue);
      await env.sleep('5 days');
      await handle.signal(billingPeriodRenewedSignal, { periodStart: changedAt, periodEnd: changedEnd });
      await env.sleep('3 days');
      await handle.signal(billingPeriodSubscriptionEndedSignal, { endedAt });
      return handle.result();
    });

    expect(settled).toBe(2);
    expect(stub.measured).toEqual([
      { periodStart: input.periodStart, periodEnd: changedAt },
      { periodStart: changedAt, periodEnd: endedAt },
    ]);
    expect([...stub.invoiceItems.values()].map((item) => [item.idempotencyKey, item.charge.chargeCents, item.charge.rule])).toEqual([
      [`billing-period:sub_changed:${input.periodStart}`, 9900, 'flat_price'],
      [`billing-period:sub_changed:${changedAt}`, 200, 'percent_of_spend'],
    ]);
  });
});
