import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '@apex/config';
import { InvalidCredentialsError } from '../errors';
import { normalisedEmail } from './throttle-buckets';
import { ThrottleCounters } from './throttle-counters';
import { inSeconds, Throttle } from './throttle.service';
import { ThrottledError } from './throttled.error';

/** Counters that only count (the lock decides, not their limit). */
const UNLIMITED = 2_147_483_647;
/** How long an address a person signed in from stays one they may sign in from while their account is locked. */
const KNOWN_ADDRESS_SECONDS = 30 * 86_400;

interface Lock {
  lockId: string;
  retryAfterSeconds: number;
  emailed: boolean;
}

/**
 * Throttles sign-in. Failures count per address and per account (an account is its email, known or not, so the
 * answers tell nobody whether an account exists). After a few failures each further attempt at the account waits
 * 1, 2, 4 … seconds; many failures from several addresses lock the account for a while and email its owner.
 *
 * So that nobody can lock an owner out for good: one address alone never locks an account (it meets its own
 * per-address limit first, and causes at most the capped delay); a lock is short, doubles only within a day and is
 * capped; the addresses the owner signed in from in the last 30 days are not locked out; and setting a new password
 * through a reset link ends the lock.
 */
@Injectable()
export class LoginThrottle {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly throttle: Throttle,
    private readonly counters: ThrottleCounters,
    private readonly config: AppConfig,
  ) {}

  async attempt<T>(email: string, address: string, logIn: () => Promise<T>): Promise<T> {
    const rules = this.config.throttling.login;
    const account = normalisedEmail(email);
    const accountKey = this.throttle.bucket('login-account', account);
    const knownAddress = this.throttle.bucket('login-known-address', account, address);

    const lock = await this.currentLock(accountKey);
    if (lock && (await this.counters.current(knownAddress, KNOWN_ADDRESS_SECONDS)) === 0) throw this.locked(lock);

    const [addressHit, accountHit] = await this.throttle.admit([
      { rule: 'login-address', what: 'failed sign-ins from this address', limit: rules.perAddress, subject: [address] },
      {
        rule: 'login-account',
        what: 'failed sign-ins to this account',
        limit: { limit: UNLIMITED, windowSeconds: rules.windowSeconds, backoff: { after: rules.failuresBeforeDelay, maxDelaySeconds: rules.maxDelaySeconds } },
        subject: [account],
      },
    ]);

    let session: T;
    try {
      session = await logIn();
    } catch (error) {
      if (!(error instanceof InvalidCredentialsError)) {
        await Promise.all([this.counters.giveBack(addressHit.bucket, addressHit.hit), this.counters.giveBack(accountHit.bucket, accountHit.hit)]);
        throw error;
      }
      const newLock = await this.lockIfAttacked(account, accountKey, address, accountHit.hit.hits);
      if (newLock) throw this.locked(newLock);
      throw error;
    }
    await Promise.all([
      this.counters.clear(accountHit.bucket),
      this.counters.giveBack(addressHit.bucket, addressHit.hit),
      this.counters.hit(knownAddress, { limit: UNLIMITED, windowSeconds: KNOWN_ADDRESS_SECONDS }),
    ]);
    return session;
  }

  /** Ends the lock of the account and forgets its failures (its owner set a new password). */
  async endLockOf(userId: string): Promise<void> {
    const [user] = await this.db.query('SELECT email FROM users WHERE id = $1', [userId]);
    if (!user) return;
    const accountKey = this.throttle.bucket('login-account', normalisedEmail(user.email));
    await this.db.query('DELETE FROM login_lockouts WHERE account_key = $1', [accountKey]);
    await this.counters.clear(accountKey);
  }

  private async currentLock(accountKey: string): Promise<Lock | null> {
    const [row] = await this.db.query(
      `SELECT lock_id, ceil(extract(epoch FROM locked_until - now()))::int AS retry_after FROM login_lockouts
        WHERE account_key = $1 AND locked_until > now()`,
      [accountKey],
    );
    return row ? { lockId: row.lock_id, retryAfterSeconds: Math.max(1, row.retry_after), emailed: false } : null;
  }

  /** Counts the failure's address; locks the account when enough failures came from enough addresses. */
  private async lockIfAttacked(account: string, accountKey: string, address: string, failures: number): Promise<Lock | null> {
    const rules = this.config.throttling.login;
    const window = { limit: UNLIMITED, windowSeconds: rules.windowSeconds };
    const fromAddress = await this.counters.hit(this.throttle.bucket('login-account-address', account, address), window);
    const addressesBucket = this.throttle.bucket('login-account-addresses', account);
    const addresses =
      fromAddress.admitted && fromAddress.hits === 1
        ? (await this.counters.hit(addressesBucket, window)).hits
        : await this.counters.current(addressesBucket, rules.windowSeconds);
    if (failures < rules.lockAfterFailures || addresses < rules.lockMinAddresses) return null;
    return this.lock(account, accountKey);
  }

  /**
   * Locks the account unless it is locked already (then nobody is emailed twice). A lock within a day of the last
   * lasts twice as long, up to the maximum.
   */
  private async lock(account: string, accountKey: string): Promise<Lock | null> {
    const { lockSeconds, lockMaxSeconds } = this.config.throttling.login;
    const [row] = await this.db.query(
      `WITH owner AS (SELECT (SELECT id FROM users WHERE lower(email) = $2 AND removed_at IS NULL) AS id)
       INSERT INTO login_lockouts AS l (account_key, user_id, lock_id, locked_at, locked_until, locks)
       SELECT $1, owner.id, gen_random_uuid(), now(), now() + make_interval(secs => $3::int), 1 FROM owner
       ON CONFLICT (account_key) DO UPDATE SET
         user_id = EXCLUDED.user_id,
         lock_id = EXCLUDED.lock_id,
         locked_at = now(),
         locks = CASE WHEN l.locked_at > now() - interval '1 day' THEN l.locks + 1 ELSE 1 END,
         locked_until = now() + make_interval(secs => least($4::int,
           $3::int * power(2, CASE WHEN l.locked_at > now() - interval '1 day' THEN l.locks ELSE 0 END))::float8)
         WHERE l.locked_until <= now()
       RETURNING lock_id, user_id IS NOT NULL AS has_owner, ceil(extract(epoch FROM locked_until - now()))::int AS retry_after`,
      [accountKey, account, lockSeconds, lockMaxSeconds],
    );
    if (!row) return this.currentLock(accountKey);
    return { lockId: row.lock_id, retryAfterSeconds: Math.max(1, row.retry_after), emailed: row.has_owner };
  }

  private locked(lock: Lock): ThrottledError {
    return new ThrottledError(
      `Sign-in to this account is locked for ${inSeconds(lock.retryAfterSeconds)} after many failed attempts. ` +
        'Its owner was emailed, and can end the lock by resetting the password.',
      this.config.throttling.login.lockAfterFailures,
      lock.retryAfterSeconds,
      lock.retryAfterSeconds,
      lock.emailed ? lock.lockId : null,
    );
  }
}
