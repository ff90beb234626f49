import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AccountNoticeKind } from '@apex/contracts';
import { Queryable } from './queryable';

/** At most one "someone tried to sign up with your email" a day, however often someone tries. */
const SIGN_UP_ATTEMPT_NOTICE_EVERY = '1 day';
/** A sign-in this long after a lock started is still "right after" it, and worth telling the owner about. */
const AFTER_LOCK = '1 day';

/** Records what an account's owner is to be emailed about; each answer is the notice to email, or null for none. */
@Injectable()
export class AccountNoticesService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async signUpAttempted(userId: string, db: Queryable = this.db): Promise<string | null> {
    const [row] = await db.query(
      `INSERT INTO account_notices (user_id, kind)
       SELECT $1, 'sign-up-attempt'
        WHERE NOT EXISTS (SELECT 1 FROM account_notices WHERE user_id = $1 AND kind = 'sign-up-attempt'
                             AND created_at > now() - interval '${SIGN_UP_ATTEMPT_NOTICE_EVERY}')
       RETURNING id`,
      [userId],
    );
    return row?.id ?? null;
  }

  async passwordChanged(userId: string): Promise<string> {
    return this.record(userId, 'password-changed');
  }

  /** A session signed in while the account's sign-in was locked or soon after: once per lock. */
  async signedIn(userId: string): Promise<string | null> {
    const [row] = await this.db.query(
      `INSERT INTO account_notices (user_id, kind, lock_id)
       SELECT $1, 'sign-in-after-lock', l.lock_id FROM login_lockouts l
        WHERE l.user_id = $1 AND l.locked_at > now() - interval '${AFTER_LOCK}'
       ON CONFLICT (lock_id) DO NOTHING
       RETURNING id`,
      [userId],
    );
    return row?.id ?? null;
  }

  private async record(userId: string, kind: AccountNoticeKind): Promise<string> {
    const [row] = await this.db.query('INSERT INTO account_notices (user_id, kind) VALUES ($1, $2) RETURNING id', [userId, kind]);
    return row.id;
  }
}
