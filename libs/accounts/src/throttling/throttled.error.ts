/** An attempt refused because a throttling limit is reached; nothing of the attempt was done. */
export class ThrottledError extends Error {
  override name = 'ThrottledError';

  constructor(
    message: string,
    /** The limit of the rule that refused, per window. */
    readonly limit: number,
    /** Seconds until the window of that rule starts over. */
    readonly resetSeconds: number,
    /** Seconds until an attempt would be let through. */
    readonly retryAfterSeconds: number,
    /** Set when this attempt locked the account: the lock whose email goes to the owner. */
    readonly newLockId: string | null = null,
  ) {
    super(message);
  }
}
