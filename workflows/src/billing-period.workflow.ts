import { allHandlersFinished, condition, continueAsNew, defineQuery, defineSignal, proxyActivities, setHandler, sleep, workflowInfo } from '@temporalio/workflow';
import type {
  BillingPeriodActivities,
  BillingPeriodRenewed,
  BillingPeriodStatus,
  BillingPeriodSubscriptionEnded,
  BillingPeriodWorkflowInput,
} from '@apex/contracts';
import { billingPeriodChargeKey, billingPeriodRenewedSignal, billingPeriodStatusQuery, billingPeriodSubscriptionEndedSignal } from '@apex/contracts';
import { spendBasedCharge } from '@apex/domain';
import { canonicalIso, nextMonthlyBoundary, waitUntil } from './billing-time';

const { measureAiSpend, loadPricingTerms, applyPeriodCharge } = proxyActivities<BillingPeriodActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '5 seconds', maximumInterval: '30 minutes' },
});

export const billingPeriodRenewed = defineSignal<[BillingPeriodRenewed]>(billingPeriodRenewedSignal);
export const billingSubscriptionEnded = defineSignal<[BillingPeriodSubscriptionEnded]>(billingPeriodSubscriptionEndedSignal);
export const billingPeriodStatus = defineQuery<BillingPeriodStatus>(billingPeriodStatusQuery);

interface Period {
  start: string;
  end: string;
}

/**
 * `billing-period-<subscriptionId>`: settles each finished period of a subscription at its spend-based
 * price. A period closes at its end (a timer), or earlier when a renewal signal starts the next one (a plan
 * change that moved the period); the following period is the renewal's, or one calendar month until Stripe
 * says otherwise. Settling, `settleAfterMs` after the period's end, measures the period's AI spend, prices it
 * with the subscription's terms and applies the charge through Stripe under
 * `billing-period:<subscriptionId>:<periodStart>`, so a retried activity bills nothing twice. Ends on
 * `subscriptionEnded`, after settling the period then running.
 */
export async function billingPeriodWorkflow(input: BillingPeriodWorkflowInput): Promise<number> {
  const { orgId, subscriptionId } = input;
  let current: Period = { start: canonicalIso(input.periodStart), end: canonicalIso(input.periodEnd) };
  const anchorDay = new Date(input.periodEnd).getUTCDate();
  const renewals: Period[] = [];
  let endedAt = null as string | null;
  let periodsSettled = input.periodsSettled ?? 0;
  const settleAfterMs = input.settleAfterMs ?? 0;

  const onRenewal = (signal: BillingPeriodRenewed) => {
    const period = { start: canonicalIso(signal.periodStart), end: canonicalIso(signal.periodEnd) };
    if (period.start === current.start) current = { ...current, end: period.end };
    else if (period.start > current.start && !renewals.some((known) => known.start === period.start)) renewals.push(period);
  };
  for (const renewal of input.pendingRenewals ?? []) onRenewal(renewal);
  setHandler(billingPeriodRenewed, onRenewal);
  setHandler(billingSubscriptionEnded, (signal) => {
    endedAt ??= canonicalIso(signal.endedAt);
  });
  setHandler(billingPeriodStatus, () => ({
    subscriptionId,
    periodStart: current.start,
    periodEnd: current.end,
    periodsSettled,
    ended: endedAt !== null,
  }));

  /** The renewal that starts the next period no later than the current one's end, if Stripe announced it. */
  const renewalInReach = () =>
    renewals.filter((renewal) => renewal.start > current.start && renewal.start <= current.end).sort((a, b) => (a.start < b.start ? -1 : 1))[0];

  for (;;) {
    await waitUntil(Date.parse(current.end), () => endedAt !== null || renewalInReach() !== undefined);

    const renewal = renewalInReach();
    const closesAt = [current.end, renewal?.start, endedAt].filter((at): at is string => !!at).sort()[0];
    const finished: Period = { start: current.start, end: closesAt };
    const next: Period | null =
      endedAt !== null && endedAt <= closesAt ? null : (renewal ?? { start: current.end, end: nextMonthlyBoundary(current.end, anchorDay) });
    if (renewal) renewals.splice(renewals.indexOf(renewal), 1);

    // The spend is measured once the period is over (a renewal can be announced just before its moment), and
    // once the cost data that providers deliver late has had time to arrive.
    const wait = Date.parse(finished.end) + settleAfterMs - Date.now();
    if (wait > 0) await sleep(wait);
    if (finished.end > finished.start) {
      await settle(orgId, subscriptionId, finished);
      periodsSettled += 1;
    }
    if (next === null) return periodsSettled;
    current = next;

    if (workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof billingPeriodWorkflow>({
        orgId,
        subscriptionId,
        periodStart: current.start,
        periodEnd: current.end,
        periodsSettled,
        settleAfterMs,
        pendingRenewals: renewals.map((period) => ({ periodStart: period.start, periodEnd: period.end })),
      });
    }
  }
}

async function settle(orgId: string, subscriptionId: string, period: Period): Promise<void> {
  const spend = await measureAiSpend({ orgId, periodStart: period.start, periodEnd: period.end });
  const terms = await loadPricingTerms({ orgId, subscriptionId });
  const charge = spendBasedCharge(terms, spend);
  await applyPeriodCharge({
    orgId,
    subscriptionId,
    periodStart: period.start,
    periodEnd: period.end,
    terms,
    charge,
    idempotencyKey: billingPeriodChargeKey(subscriptionId, period.start),
  });
}
