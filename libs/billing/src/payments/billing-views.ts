import type { InvoiceView, SubscriptionView, TrialView } from '@apex/contracts';
import type { InvoiceRecord, SubscriptionRecord, TrialRecord } from '../organization-billing';

const iso = (value: Date | null) => value?.toISOString() ?? null;

export const subscriptionView = (s: SubscriptionRecord): SubscriptionView => ({
  id: s.id,
  tier: s.tier,
  status: s.status,
  currentPeriodStart: iso(s.currentPeriodStart),
  currentPeriodEnd: iso(s.currentPeriodEnd),
  cancelAtPeriodEnd: s.cancelAtPeriodEnd,
  trialEnd: iso(s.trialEnd),
});

export const invoiceView = (i: InvoiceRecord): InvoiceView => ({
  id: i.id,
  number: i.number,
  status: i.status,
  amountDueCents: i.amountDueCents,
  amountPaidCents: i.amountPaidCents,
  currency: i.currency,
  hostedInvoiceUrl: i.hostedInvoiceUrl,
  periodStart: iso(i.periodStart),
  periodEnd: iso(i.periodEnd),
  createdAt: i.createdAt.toISOString(),
});

/** Whole days left, rounded up, while the trial runs; 0 once it has ended. */
export function trialDaysLeft(trial: Pick<TrialRecord, 'status' | 'endsAt'>, now: Date): number {
  if (trial.status !== 'active') return 0;
  return Math.max(0, Math.ceil((trial.endsAt.getTime() - now.getTime()) / 86_400_000));
}

export const trialView = (t: TrialRecord, now = new Date()): TrialView => ({
  status: t.status,
  startedAt: t.startedAt.toISOString(),
  endsAt: t.endsAt.toISOString(),
  daysLeft: trialDaysLeft(t, now),
});
