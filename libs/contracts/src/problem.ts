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
  conflict: `${base}conflict`,
  unauthorized: `${base}unauthorized`,
  invalidToken: `${base}invalid-token`,
  forbidden: `${base}forbidden`,
  payloadTooLarge: `${base}payload-too-large`,
  unsupportedMediaType: `${base}unsupported-media-type`,
  serviceUnavailable: `${base}service-unavailable`,
  limitReached: `${base}limit-reached`,
  featureGated: `${base}feature-gated`,
  idempotencyConflict: `${base}idempotency-conflict`,
  paymentsDisabled: `${base}payments-disabled`,
  internal: `${base}internal`,
  http: `${base}http-error`,
} as const;
