import { defineQuery, defineSignal, proxyActivities, setHandler } from '@temporalio/workflow';
import type { DunningActivities, DunningInvoicePaid, DunningState, DunningStatus, DunningWorkflowInput } from '@apex/contracts';
import { dunningInvoicePaidSignal, dunningStatusQuery } from '@apex/contracts';
import { formatUsdCents } from '@apex/domain';
import { DAY_MS, waitUntil } from './billing-time';

const { sendBillingEmail, retryInvoicePayment, findFallbackPaymentMethod, downgradeToFree, recordDunningCase } =
  proxyActivities<DunningActivities>({
    startToCloseTimeout: '1 minute',
    retry: { initialInterval: '1 second', maximumInterval: '10 minutes' },
  });

export const dunningInvoicePaid = defineSignal<[DunningInvoicePaid]>(dunningInvoicePaidSignal);
export const dunningStatus = defineQuery<DunningStatus>(dunningStatusQuery);

const money = (cents: number, currency: string) =>
  currency.toLowerCase() === 'usd' ? formatUsdCents(cents) : `${formatUsdCents(cents).replace('$', '')} ${currency.toUpperCase()}`;

/**
 * `dunning-<invoiceId>`: a failed invoice. Payment is retried `retryDays` after the failure, with an email at
 * each step; the organisation keeps its plan meanwhile. Before giving up, a fallback payment method is
 * tried; then the organisation drops to Free and its subscription is cancelled. A paid invoice (signal or a
 * retry that succeeds) ends the case at once with a recovery email.
 */
export async function dunningWorkflow(input: DunningWorkflowInput): Promise<DunningState> {
  const { orgId, invoiceId, subscriptionId } = input;
  const failedAt = Date.parse(input.failedAt);
  const schedule = [...new Set(input.retryDays)].filter((days) => days >= 0).sort((a, b) => a - b);
  let state: DunningState = 'retrying';
  let attempts = 0;
  let nextRetryAt: number | null = schedule.length > 0 ? failedAt + schedule[0] * DAY_MS : null;
  let paid = false;

  setHandler(dunningInvoicePaid, (signal) => {
    if (signal.invoiceId === invoiceId) paid = true;
  });
  setHandler(dunningStatus, () => ({
    invoiceId,
    state,
    attempts,
    nextRetryAt: state === 'retrying' && nextRetryAt !== null ? new Date(nextRetryAt).toISOString() : null,
  }));

  const amount = money(input.amountDueCents, input.currency);
  const email = (template: string, step: string, vars: Record<string, string | number> = {}) =>
    sendBillingEmail({ orgId, template, idempotencyKey: `dunning:${orgId}:${invoiceId}:${step}`, vars: { invoiceId, amount, ...vars } });
  const day = (at: number) => new Date(at).toISOString().slice(0, 10);
  const record = (status: 'open' | 'recovered' | 'downgraded') =>
    recordDunningCase({ orgId, invoiceId, subscriptionId, status, attempts });

  const recovered = async (): Promise<DunningState> => {
    state = 'recovered';
    await record('recovered');
    await email('payment-recovered', 'recovered');
    return state;
  };

  await record('open');
  await email('payment-failed', 'failed', {
    nextRetry: nextRetryAt !== null ? day(nextRetryAt) : 'none',
    retries: schedule.length,
  });

  for (let index = 0; index < schedule.length; index++) {
    if (await waitUntil(failedAt + schedule[index] * DAY_MS, () => paid)) return recovered();
    attempts = index + 1;
    const result = await retryInvoicePayment({
      orgId,
      invoiceId,
      attempt: attempts,
      paymentMethodId: null,
      idempotencyKey: `dunning:${invoiceId}:retry-${attempts}`,
    });
    if (result.paid || paid) return recovered();
    const next = index + 1 < schedule.length ? failedAt + schedule[index + 1] * DAY_MS : null;
    nextRetryAt = next;
    await record('open');
    if (next !== null) {
      await email('payment-retry-failed', `retry-${attempts}`, {
        attempt: attempts,
        failure: result.failure ?? 'The payment was declined.',
        nextRetry: day(next),
      });
    }
  }

  const fallback = paid ? null : await findFallbackPaymentMethod({ orgId, invoiceId });
  if (fallback !== null && !paid) {
    attempts += 1;
    const result = await retryInvoicePayment({
      orgId,
      invoiceId,
      attempt: attempts,
      paymentMethodId: fallback,
      idempotencyKey: `dunning:${invoiceId}:fallback`,
    });
    if (result.paid) return recovered();
  }
  if (paid) return recovered();

  state = 'downgraded';
  // Recorded first: the subscription's billing period, ended by the cancellation, prices its unpaid last period by it.
  await record('downgraded');
  await downgradeToFree({ orgId, reason: 'non_payment', subscriptionId, idempotencyKey: `dunning:${invoiceId}:downgrade` });
  await email('downgraded-for-non-payment', 'downgraded', { attempts });
  return state;
}
