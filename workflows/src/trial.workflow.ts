import { defineQuery, defineSignal, proxyActivities, setHandler } from '@temporalio/workflow';
import type {
  TrialActivities,
  TrialCancelled,
  TrialConverted,
  TrialPaymentMethodAdded,
  TrialState,
  TrialStatus,
  TrialWorkflowInput,
} from '@apex/contracts';
import {
  trialCancelledSignal,
  trialConvertedSignal,
  trialPaymentMethodAddedSignal,
  trialStatusQuery,
} from '@apex/contracts';
import { DAY_MS, waitUntil } from './billing-time';

const { sendBillingEmail, hasPaymentMethod, convertTrialToPaid, downgradeToFree, recordTrialEnd } =
  proxyActivities<TrialActivities>({
    startToCloseTimeout: '1 minute',
    retry: { initialInterval: '1 second', maximumInterval: '10 minutes' },
  });

export const trialPaymentMethodAdded = defineSignal<[TrialPaymentMethodAdded]>(trialPaymentMethodAddedSignal);
export const trialConverted = defineSignal<[TrialConverted]>(trialConvertedSignal);
export const trialCancelled = defineSignal<[TrialCancelled]>(trialCancelledSignal);
export const trialStatus = defineQuery<TrialStatus>(trialStatusQuery);

type TrialEvent = 'payment_method_added' | 'converted' | 'cancelled';

/**
 * `trial-<orgId>`: a trial of the input's tier for `trialDays`. Reminders go out `reminderDays` before the
 * end. A payment method added during the trial converts it to paid at once; a conversion on Stripe's side
 * or a cancellation ends it at once too, as does an Enterprise contract. At the end, an organisation with a payment method continues as
 * paid; one without drops to Free (its Stripe subscription cancelled) and is told so.
 */
export async function trialWorkflow(input: TrialWorkflowInput): Promise<TrialState> {
  const { orgId } = input;
  const startedAt = Date.parse(input.startedAt);
  const endsAt = startedAt + input.trialDays * DAY_MS;
  let state: TrialState = 'active';
  let paymentMethodOnFile = input.hasPaymentMethod;
  let event: TrialEvent | null = null;
  let byContract = false;

  const onEvent = (happened: TrialEvent) => {
    if (state === 'active' && event === null) event = happened;
  };
  setHandler(trialPaymentMethodAdded, () => {
    paymentMethodOnFile = true;
    onEvent('payment_method_added');
  });
  setHandler(trialConverted, (signal) => {
    if (state === 'active' && event === null) byContract = signal.byContract === true;
    onEvent('converted');
  });
  setHandler(trialCancelled, () => onEvent('cancelled'));
  setHandler(trialStatus, () => ({
    orgId,
    state,
    startedAt: new Date(startedAt).toISOString(),
    endsAt: new Date(endsAt).toISOString(),
    daysLeft: state === 'active' ? Math.max(0, Math.ceil((endsAt - Date.now()) / DAY_MS)) : 0,
    hasPaymentMethod: paymentMethodOnFile,
  }));

  const endDate = new Date(endsAt).toISOString().slice(0, 10);
  const planName = input.tier.charAt(0).toUpperCase() + input.tier.slice(1);
  const email = (template: string, step: string, vars: Record<string, string | number> = {}) =>
    sendBillingEmail({ orgId, template, idempotencyKey: `trial:${orgId}:${step}`, vars: { planName, endDate, ...vars } });
  const ended = () => event !== null;
  /** Waits until `at` or an event, waking at each whole day of the trial so that the query's days left stays exact. */
  const waitForEventUntil = async (at: number): Promise<boolean> => {
    while (!ended() && Date.now() < at) {
      const nextDay = startedAt + (Math.floor((Date.now() - startedAt) / DAY_MS) + 1) * DAY_MS;
      await waitUntil(Math.min(at, nextDay), ended);
    }
    return ended();
  };

  await email('trial-started', 'started', { trialDays: input.trialDays });

  const reminders = [...new Set(input.reminderDays)].filter((days) => days >= 1 && days < input.trialDays).sort((a, b) => b - a);
  for (const daysBefore of reminders) {
    if (await waitForEventUntil(endsAt - daysBefore * DAY_MS)) break;
    await email('trial-reminder', `reminder-${daysBefore}`, {
      daysLeft: daysBefore,
      timeLeft: `${daysBefore} day${daysBefore === 1 ? '' : 's'}`,
      nextStep: paymentMethodOnFile
        ? 'Your subscription continues as paid with the payment method on file.'
        : 'Add a payment method before then to keep your plan; otherwise your organisation moves to the Free plan.',
    });
  }
  await waitForEventUntil(endsAt);

  // Decided here; signals arriving from now on change nothing.
  const happened = event as TrialEvent | null;
  state = 'converted';
  if (happened === 'cancelled') {
    state = 'cancelled';
  } else if (happened === null && !paymentMethodOnFile && !(await hasPaymentMethod(orgId))) {
    state = 'downgraded';
  }

  if (state === 'converted') {
    if (happened !== 'converted') {
      const conversion = await convertTrialToPaid({ orgId, idempotencyKey: `trial:${orgId}:convert` });
      // An Enterprise contract replaced the trial's plan while its signal was on the way.
      if (conversion.status === 'contract') byContract = true;
    }
    await recordTrialEnd({ orgId, state });
    await (byContract ? email('trial-ended-by-contract', 'converted') : email('trial-converted', 'converted'));
  } else {
    await downgradeToFree({
      orgId,
      reason: state === 'cancelled' ? 'trial_cancelled' : 'trial_ended',
      subscriptionId: null,
      idempotencyKey: `trial:${orgId}:downgrade`,
    });
    await recordTrialEnd({ orgId, state });
    await email('trial-ended-downgraded', 'downgraded', {
      reason: state === 'cancelled' ? 'The trial was cancelled.' : 'The trial ended without a payment method on file.',
    });
  }
  return state;
}
