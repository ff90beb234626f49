import type { Tier } from '@apex/contracts';

/** Refusals of billing operations; the API turns each into one problem type. */
export class BillingError extends Error {}

/** The runtime flag `payments_enabled` is off: nothing is sent to Stripe. */
export class PaymentsDisabledError extends BillingError {
  override name = 'PaymentsDisabledError';
  constructor() {
    super('Payments are turned off for now; nothing was sent to the payment provider. Try again later.');
  }
}

export class NotBillingOwnerError extends BillingError {
  override name = 'NotBillingOwnerError';
  constructor() {
    super('Only an owner of the organisation can change its billing.');
  }
}

export class UnknownBillingOrganizationError extends BillingError {
  override name = 'UnknownBillingOrganizationError';
  constructor(id: string) {
    super(`No organisation has the id ${id}`);
  }
}

/** A request that conflicts with the organisation's plan as it stands (same tier, no subscription, a contract). */
export class BillingConflictError extends BillingError {
  override name = 'BillingConflictError';
  constructor(
    message: string,
    readonly tier: Tier,
  ) {
    super(message);
  }
}

export class TrialUnavailableError extends BillingError {
  override name = 'TrialUnavailableError';
  constructor(
    message: string,
    readonly reason: 'disabled' | 'used' | 'on_paid_plan',
  ) {
    super(message);
  }
}

/** The contract is set and billed, but what it replaces (a self-serve subscription, open Checkout pages) was not ended at Stripe yet. */
export class ContractReplacementPendingError extends BillingError {
  override name = 'ContractReplacementPendingError';
  constructor(
    readonly replaced: string,
    override readonly cause: unknown,
  ) {
    super(
      `The Enterprise terms are set and the contract's billing is open, but Stripe did not end ${replaced}, ` +
        'which the contract replaces: set the terms again to finish.',
    );
  }
}
