/** RFC 9457 problem details, as every API error is returned. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  requestId?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

export interface FieldError {
  field: string;
  message: string;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

const base = 'https://apex.dev/problems/';

/** Stable `type` URIs, one per kind of error. */
export const ProblemType = {
  validation: `${base}validation`,
  malformedBody: `${base}malformed-body`,
  notFound: `${base}not-found`,
  /** The path exists but not for this method; the `Allow` header lists the methods it answers. */
  methodNotAllowed: `${base}method-not-allowed`,
  conflict: `${base}conflict`,
  unauthorized: `${base}unauthorized`,
  invalidToken: `${base}invalid-token`,
  forbidden: `${base}forbidden`,
  payloadTooLarge: `${base}payload-too-large`,
  unsupportedMediaType: `${base}unsupported-media-type`,
  serviceUnavailable: `${base}service-unavailable`,
  limitReached: `${base}limit-reached`,
  /**
   * Too many attempts at signing in, signing up, resetting a password or presenting a token or API key; the attempt
   * was not made. `Retry-After` and the `RateLimit-*` headers say when to try again.
   */
  tooManyAttempts: `${base}too-many-attempts`,
  featureGated: `${base}feature-gated`,
  /** The account has not verified its email yet; `resend` is the route that emails a new verification link. */
  emailUnverified: `${base}email-unverified`,
  idempotencyConflict: `${base}idempotency-conflict`,
  paymentsDisabled: `${base}payments-disabled`,
  /** A Stripe webhook whose signature is missing, wrong or too old, or whose body is not a Stripe event; nothing was stored. */
  invalidWebhook: `${base}invalid-webhook`,
  /** No trial can start: `trial_enabled` is off, or the organisation has had its one trial. */
  trialUnavailable: `${base}trial-unavailable`,
  /** Stripe refused or could not be reached; nothing changed in Apex. */
  paymentProviderError: `${base}payment-provider-error`,
  /** The runtime flag `cloud_billing_integration` is off: cost connections and cost file uploads are unavailable. */
  cloudBillingDisabled: `${base}cloud-billing-disabled`,
  /** A FOCUS cost file was refused; `errors` name file, line and column, and nothing of it was stored. */
  costFileInvalid: `${base}cost-file-invalid`,
  /** The provider refused the credentials of a new cost connection (`detail` says why); nothing was saved. */
  costCredentialsRejected: `${base}cost-credentials-rejected`,
  /** CREDENTIALS_KEY is not configured, so no provider credentials can be stored. */
  costCredentialsKeyMissing: `${base}cost-credentials-key-missing`,
  /** A price file was refused; `errors` name the entry and field, and the active price-book version stays. */
  priceFileInvalid: `${base}price-file-invalid`,
  /** A proof share link's token is malformed, unknown, expired or revoked: one answer for all four, so a token cannot be probed. */
  proofShareLinkUnavailable: `${base}proof-share-link-unavailable`,
  /** The proof has no signed report yet (it is still measuring, or it failed), so it cannot be shared or exported. */
  proofNotFinished: `${base}proof-not-finished`,
  /** A sandbox token that is malformed, unknown, expired or already claimed: one answer for all. */
  sandboxUnavailable: `${base}sandbox-unavailable`,
  internal: `${base}internal`,
  http: `${base}http-error`,
} as const;
