import { Catch } from '@nestjs/common';
import Stripe from 'stripe';
import { ProblemDetails, ProblemType } from '@apex/contracts';
import {
  BillingConflictError,
  BillingError,
  ContractReplacementPendingError,
  NotBillingOwnerError,
  PaymentsDisabledError,
  StripeNotConfiguredError,
  StripePriceMissingError,
  TrialUnavailableError,
  UnknownBillingOrganizationError,
} from '@apex/billing';
import { problemsFilter } from '@apex/http';

type BillingFailure = BillingError | StripeNotConfiguredError | StripePriceMissingError | Stripe.errors.StripeError;

function problemFor(error: BillingFailure): ProblemDetails {
  const detail = error.message;
  if (error instanceof PaymentsDisabledError) {
    return { type: ProblemType.paymentsDisabled, title: 'Payments are turned off', status: 403, detail };
  }
  if (error instanceof NotBillingOwnerError) return { type: ProblemType.forbidden, title: 'Only an owner can do this', status: 403, detail };
  if (error instanceof BillingConflictError) {
    return { type: ProblemType.conflict, title: 'This does not fit your current plan', status: 409, detail, tier: error.tier };
  }
  if (error instanceof TrialUnavailableError) {
    return {
      type: ProblemType.trialUnavailable,
      title: 'No trial is available',
      status: error.reason === 'disabled' ? 403 : 409,
      detail,
      reason: error.reason,
    };
  }
  if (error instanceof ContractReplacementPendingError) {
    return { type: ProblemType.paymentProviderError, title: 'The payment provider did not finish the change', status: 502, detail };
  }
  if (error instanceof UnknownBillingOrganizationError) return { type: ProblemType.notFound, title: 'No such organisation', status: 404, detail };
  if (error instanceof StripeNotConfiguredError || error instanceof StripePriceMissingError) {
    return {
      type: ProblemType.serviceUnavailable,
      title: 'Payments are not set up',
      status: 503,
      detail: 'The payment provider is not configured on this deployment; nothing was charged.',
    };
  }
  if (error instanceof Stripe.errors.StripeError) {
    return {
      type: ProblemType.paymentProviderError,
      title: 'The payment provider refused or could not be reached',
      status: 502,
      detail: `Nothing changed in Apex; try again. (${error.type}${error.requestId ? `, request ${error.requestId}` : ''})`,
    };
  }
  return { type: ProblemType.internal, title: 'Something went wrong on our side', status: 500 };
}

/** Turns billing refusals and Stripe failures into their problem+json answers. */
@Catch(BillingError, StripeNotConfiguredError, StripePriceMissingError, Stripe.errors.StripeError)
export class BillingProblemsFilter extends problemsFilter(problemFor) {}
