import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** How a bucket admits a hit: at most `limit` per fixed window, and optionally spaced out after `backoff.after` hits. */
export interface CounterRule {
  limit: number;
  windowSeconds: number;
  /** From the `after`-th hit of a window on, the next waits 2^(hits − after) seconds after the last, at most `maxDelaySeconds`. */
  backoff?: { after: number; maxDelaySeconds: number };
}

export interface AdmittedHit {
  admitted: true;
  hits: number;
  windowStart: Date;
  /** Seconds until the window ends and the count starts over. */
  resetSeconds: number;
}

export interface RefusedHit {
  admitted: false;
  hits: number;
  resetSeconds: number;
  /** Seconds until a hit would be admitted again. */
  retryAfterSeconds: number;
}

export type HitOutcome = AdmittedHit | RefusedHit;

/** Expired rows removed by each hit: more than one hit adds, so the table never outgrows its live buckets. */
const SWEEP_PER_HIT = 20;

/**
 * Counters in `throttle_counters`, shared by every API process. A hit is one statement: it sweeps a few expired
 * rows, and inserts or increments the bucket's row of the current window only when the rule admits it (a refused
 * hit changes nothing, so hammering a closed bucket does not keep it closed).
 */
@Injectable()
export class ThrottleCounters {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async hit(bucket: string, rule: CounterRule): Promise<HitOutcome> {
    const [row] = (await this.db.query(
      `WITH swept AS (
         DELETE FROM throttle_counters WHERE ctid IN (
           SELECT ctid FROM throttle_counters WHERE window_end < now() ORDER BY window_end LIMIT ${SWEEP_PER_HIT} FOR UPDATE SKIP LOCKED)
       ), win AS (
         SELECT to_timestamp(floor(extract(epoch FROM now()) / $2::int) * $2::int) AS start
       )
       INSERT INTO throttle_counters AS c (bucket, window_start, window_end, hits, last_hit_at)
       SELECT $1, win.start, win.start + make_interval(secs => $2::int), 1, now() FROM win
       ON CONFLICT (bucket, window_start) DO UPDATE SET hits = c.hits + 1, last_hit_at = now()
         WHERE c.hits < $3
           AND ($4::int IS NULL OR c.hits < $4
                OR c.last_hit_at + make_interval(secs => least($5::float8, power(2, c.hits - $4))) <= now())
       RETURNING hits, window_start, ceil(extract(epoch FROM window_end - now()))::int AS reset_seconds`,
      [bucket, rule.windowSeconds, rule.limit, rule.backoff?.after ?? null, rule.backoff?.maxDelaySeconds ?? 0],
    )) as Array<{ hits: number; window_start: Date; reset_seconds: number }>;
    if (row) return { admitted: true, hits: row.hits, windowStart: row.window_start, resetSeconds: Math.max(1, row.reset_seconds) };
    return this.refusal(bucket, rule);
  }

  /** The count of the bucket's current window, without adding to it. */
  async current(bucket: string, windowSeconds: number): Promise<number> {
    const [row] = await this.db.query(
      `SELECT hits FROM throttle_counters
        WHERE bucket = $1 AND window_start = to_timestamp(floor(extract(epoch FROM now()) / $2::int) * $2::int)`,
      [bucket, windowSeconds],
    );
    return row?.hits ?? 0;
  }

  /** Takes back an admitted hit whose attempt turned out not to count (it succeeded). */
  async giveBack(bucket: string, hit: AdmittedHit): Promise<void> {
    await this.db.query('UPDATE throttle_counters SET hits = hits - 1 WHERE bucket = $1 AND window_start = $2 AND hits > 0', [bucket, hit.windowStart]);
  }

  /** Forgets every window of the bucket. */
  async clear(bucket: string): Promise<void> {
    await this.db.query('DELETE FROM throttle_counters WHERE bucket = $1', [bucket]);
  }

  private async refusal(bucket: string, rule: CounterRule): Promise<RefusedHit> {
    const [row] = (await this.db.query(
      `SELECT hits, ceil(extract(epoch FROM window_end - now()))::int AS reset_seconds,
              ceil(extract(epoch FROM last_hit_at + make_interval(secs => least($4::float8, power(2, hits - coalesce($3::int, 0)))) - now()))::int AS backoff_seconds
         FROM throttle_counters
        WHERE bucket = $1 AND window_start = to_timestamp(floor(extract(epoch FROM now()) / $2::int) * $2::int)`,
      [bucket, rule.windowSeconds, rule.backoff?.after ?? null, rule.backoff?.maxDelaySeconds ?? 0],
    )) as Array<{ hits: number; reset_seconds: number; backoff_seconds: number }>;
    // The window ended between the two statements: the next hit opens a new one.
    if (!row) return { admitted: false, hits: 0, resetSeconds: 1, retryAfterSeconds: 1 };
    const resetSeconds = Math.max(1, row.reset_seconds);
    const retryAfterSeconds = row.hits >= rule.limit ? resetSeconds : Math.max(1, Math.min(row.backoff_seconds, resetSeconds));
    return { admitted: false, hits: row.hits, resetSeconds, retryAfterSeconds };
  }
}
