/** Failures of sandbox operations; the API turns each into one problem type. */
export class SandboxError extends Error {}

/** The token is malformed, unknown, expired or already claimed: one error for all, so a token cannot be probed. */
export class SandboxUnavailableError extends SandboxError {
  override name = 'SandboxUnavailableError';
  constructor() {
    super('This sandbox does not exist or has expired: sandboxes are deleted 24 hours after the upload. Drop the file again to see your potential savings.');
  }
}

/** The address opened as many sandboxes as the hour allows. */
export class SandboxRateLimitedError extends SandboxError {
  override name = 'SandboxRateLimitedError';
  constructor(
    readonly limit: number,
    readonly retryAfterSeconds: number,
  ) {
    super(`At most ${limit} sandboxes an hour can be opened from one address; try again in ${Math.ceil(retryAfterSeconds / 60)} minutes.`);
  }
}
