import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Throttling of authentication, shared by every API process (libs/accounts owns both tables).
 *
 * `throttle_counters` holds one row per bucket and fixed window: a bucket names a rule and an HMAC of what it
 * counts (an address, an account's email, an API-key prefix), never the value itself. Rows are swept once their
 * window has ended. `login_lockouts` holds an account's current or last sign-in lock: `locks` counts the locks in a
 * row (each lasts twice the one before, and the count starts over a day after the last), `lock_id` names the lock
 * whose email went to the owner.
 */
export class AuthThrottling1764700000000 implements MigrationInterface {
  name = 'AuthThrottling1764700000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE throttle_counters (
        bucket text NOT NULL,
        window_start timestamptz NOT NULL,
        window_end timestamptz NOT NULL,
        hits integer NOT NULL CHECK (hits >= 0),
        last_hit_at timestamptz NOT NULL,
        PRIMARY KEY (bucket, window_start),
        CHECK (window_end > window_start)
      )`);
    await db.query('CREATE INDEX throttle_counters_window_end_idx ON throttle_counters (window_end)');
    await db.query(`
      CREATE TABLE login_lockouts (
        account_key text PRIMARY KEY,
        user_id uuid REFERENCES users (id) ON DELETE CASCADE,
        lock_id uuid NOT NULL UNIQUE,
        locked_at timestamptz NOT NULL,
        locked_until timestamptz NOT NULL,
        locks integer NOT NULL CHECK (locks >= 1),
        CHECK (locked_until > locked_at)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE login_lockouts');
    await db.query('DROP TABLE throttle_counters');
  }
}
