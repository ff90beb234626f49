import { setTimeout as sleep } from 'node:timers/promises';
import { Connection, defaultGrpcRetryOptions, makeGrpcRetryInterceptor } from '@temporalio/client';

/**
 * A lazy client connection whose retries end with it. The SDK retries a failed call on a timer; a timer that fires
 * after the channel closed throws from nowhere ("Channel has been shut down"). Closing this connection first stops
 * new retries, then lets any retry already scheduled run (and fail) on the open channel before closing it.
 */
export class DrainableConnection {
  readonly connection: Connection;
  private closing = false;
  private lastRetryDueAt = 0;

  constructor(address: string) {
    const defaults = defaultGrpcRetryOptions();
    const retry = makeGrpcRetryInterceptor({
      retryableDecider: (attempt, status) => !this.closing && defaults.retryableDecider(attempt, status),
      delayFunction: (attempt, status) => {
        const delay = defaults.delayFunction(attempt, status);
        this.lastRetryDueAt = Math.max(this.lastRetryDueAt, Date.now() + delay);
        return delay;
      },
    });
    this.connection = Connection.lazy({ address, interceptors: [retry] });
  }

  async close(): Promise<void> {
    this.closing = true;
    const pending = this.lastRetryDueAt - Date.now();
    if (pending > 0) await sleep(pending + 50);
    await this.connection.close();
  }
}
