import type { BillingSnapshot, StripeEventInput } from '../../reduction';

export const ORG_ID = '0b8a4f5e-1111-4222-8333-444455556666';

/** 2026-01-01T00:00:00Z, in whole seconds. */
export const T0 = 1_767_225_600;

/** What a reducer knows of a Free organisation with nothing on record; `overrides` sets what a test needs. */
export const billingSnapshot = (overrides: Partial<BillingSnapshot> = {}): BillingSnapshot => ({
  orgId: ORG_ID,
  tier: 'free',
  stripeCustomerId: null,
  hasPaymentMethod: false,
  paymentMethodVersion: null,
  trialActive: false,
  subscription: null,
  otherLiveSubscriptionTier: null,
  invoice: null,
  dunningRetryDays: [3, 5, 7],
  ...overrides,
});

/** An event as the processor hands it to a reducer. */
export const eventInput = (type: string, object: Record<string, unknown>, created: number, id = `evt_${created}`): StripeEventInput => ({
  id,
  type,
  created,
  object,
});
