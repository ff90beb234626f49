import { Injectable } from '@nestjs/common';
import { AppConfig } from '@apex/config';
import { bucketOf } from './throttle-buckets';
import { AdmittedHit, CounterRule, ThrottleCounters } from './throttle-counters';
import { ThrottledError } from './throttled.error';

/** A limit applied to one subject: the rule's name, what it counts (for the answer), its limit and the subject. */
export interface LimitOn {
  rule: string;
  what: string;
  limit: CounterRule;
  subject: string[];
}

export const inSeconds = (seconds: number) => `${seconds} second${seconds === 1 ? '' : 's'}`;

const refusedMessage = (what: string, retryAfterSeconds: number) => `Too many ${what}. Try again in ${inSeconds(retryAfterSeconds)}.`;

/** Applies windowed limits through the shared counters. */
@Injectable()
export class Throttle {
  constructor(
    private readonly counters: ThrottleCounters,
    private readonly config: AppConfig,
  ) {}

  bucket(rule: string, ...subject: string[]): string {
    return bucketOf(this.config.auth.jwtSecret, rule, ...subject);
  }

  /** Counts an attempt against every limit, or refuses it (ThrottledError) without counting it. */
  async admit(limits: LimitOn[]): Promise<Array<{ bucket: string; hit: AdmittedHit }>> {
    const admitted: Array<{ bucket: string; hit: AdmittedHit }> = [];
    for (const { rule, what, limit, subject } of limits) {
      const bucket = this.bucket(rule, ...subject);
      const outcome = await this.counters.hit(bucket, limit);
      if (!outcome.admitted) {
        await Promise.all(admitted.map((earlier) => this.counters.giveBack(earlier.bucket, earlier.hit)));
        throw new ThrottledError(refusedMessage(what, outcome.retryAfterSeconds), limit.limit, outcome.resetSeconds, outcome.retryAfterSeconds);
      }
      admitted.push({ bucket, hit: outcome });
    }
    return admitted;
  }

  /**
   * Runs an attempt whose failures are limited: it counts before it runs (so parallel attempts cannot slip past the
   * limit together), and is given back when the attempt does not fail in the way `isFailure` names.
   */
  async limitFailures<T>(limits: LimitOn[], attempt: () => Promise<T>, isFailure: (error: unknown) => boolean): Promise<T> {
    const admitted = await this.admit(limits);
    const giveBack = () => Promise.all(admitted.map(({ bucket, hit }) => this.counters.giveBack(bucket, hit)));
    let result: T;
    try {
      result = await attempt();
    } catch (error) {
      if (!isFailure(error)) await giveBack();
      throw error;
    }
    await giveBack();
    return result;
  }

  /** Counts a failure that already happened; ThrottledError when it is one more than the limit allows. */
  async failed(limits: LimitOn[]): Promise<void> {
    let refusal: ThrottledError | null = null;
    for (const { rule, what, limit, subject } of limits) {
      const outcome = await this.counters.hit(this.bucket(rule, ...subject), limit);
      if (!outcome.admitted && (!refusal || outcome.retryAfterSeconds > refusal.retryAfterSeconds)) {
        refusal = new ThrottledError(refusedMessage(what, outcome.retryAfterSeconds), limit.limit, outcome.resetSeconds, outcome.retryAfterSeconds);
      }
    }
    if (refusal) throw refusal;
  }
}
