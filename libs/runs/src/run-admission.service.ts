import { Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { EntitlementsPort, FeatureFlagsPort } from '@apex/entitlements';
import { RunRow } from './run-record';

export interface RunRequester {
  orgId: string;
  userId: string;
}

export type Admission =
  /** A new run holds one of the user's slots. */
  | { outcome: 'admitted'; run: RunRow }
  /** The Idempotency-Key already names a run: that run, and nothing new admitted. */
  | { outcome: 'replayed'; run: RunRow }
  | LimitReached;

export interface LimitReached {
  outcome: 'limit_reached';
  limit: number;
  used: number;
  windowSeconds: number;
  /** The oldest counted run plus the window: when the window's next slot frees. */
  resetAt: Date | null;
  /** When enough slots have freed for this request to be admitted (resetAt unless more than the limit are in use). */
  admissibleAt: Date | null;
}

interface WindowCount {
  used: number;
  oldest: Date | null;
}

/**
 * Admits a run against the user's rolling window. Admissions of one user are
 * serialised by a transaction-scoped advisory lock, so however many API processes
 * admit at once, the count a request sees includes every admission committed
 * before it and none can slip past the limit.
 */
@Injectable()
export class RunAdmissionService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly entitlements: EntitlementsPort,
    @Optional() private readonly flags?: FeatureFlagsPort,
  ) {}

  async admit(requester: RunRequester, idempotencyKey: string | null): Promise<Admission> {
    const [entitlements, enforced] = await Promise.all([
      this.entitlements.forOrganization(requester.orgId),
      this.flags ? this.flags.isEnabled('usage_limits_enforced') : Promise.resolve(true),
    ]);
    const { runLimit: limit, windowSeconds } = entitlements;

    return this.db.transaction(async (tx) => {
      await tx.query("SELECT pg_advisory_xact_lock(hashtextextended('run-admission:' || $1, 0))", [requester.userId]);

      if (idempotencyKey !== null) {
        const existing = await this.findByKey(tx, requester.orgId, idempotencyKey);
        if (existing) return { outcome: 'replayed', run: existing };
      }

      if (enforced) {
        const { used, oldest } = await this.countWindow(tx, requester, windowSeconds);
        if (used >= limit) {
          const resetAt = oldest && new Date(oldest.getTime() + windowSeconds * 1000);
          const admissibleAt = used === limit ? resetAt : await this.slotFreeingAfter(tx, requester, windowSeconds, used - limit);
          return { outcome: 'limit_reached', limit, used, windowSeconds, resetAt, admissibleAt };
        }
      }

      const [inserted] = (await tx.query(
        `INSERT INTO runs (org_id, user_id, status, idempotency_key, admitted_at)
         VALUES ($1, $2, 'admitted', $3, clock_timestamp())
         ON CONFLICT (org_id, idempotency_key) DO NOTHING
         RETURNING *`,
        [requester.orgId, requester.userId, idempotencyKey],
      )) as RunRow[];
      if (inserted) return { outcome: 'admitted', run: inserted };
      // Another member of the organisation used the same key at the same moment and won.
      return { outcome: 'replayed', run: (await this.findByKey(tx, requester.orgId, idempotencyKey!))! };
    });
  }

  private async findByKey(tx: EntityManager, orgId: string, key: string): Promise<RunRow | undefined> {
    const [row] = (await tx.query('SELECT * FROM runs WHERE org_id = $1 AND idempotency_key = $2', [orgId, key])) as RunRow[];
    return row;
  }

  // The window ends at clock_timestamp(), read after the lock is held: later than every admission already committed.
  private async countWindow(tx: EntityManager, requester: RunRequester, windowSeconds: number): Promise<WindowCount> {
    const [row] = (await tx.query(
      `WITH now AS (SELECT clock_timestamp() AS t)
       SELECT count(*)::int AS used, min(admitted_at) AS oldest
         FROM runs, now
        WHERE org_id = $1 AND user_id = $2 AND status <> 'failed_to_start'
          AND admitted_at > now.t - make_interval(secs => $3)`,
      [requester.orgId, requester.userId, windowSeconds],
    )) as WindowCount[];
    return row;
  }

  /** When the run `skip` places after the oldest in the window leaves it. */
  private async slotFreeingAfter(tx: EntityManager, requester: RunRequester, windowSeconds: number, skip: number): Promise<Date | null> {
    const [row] = (await tx.query(
      `WITH now AS (SELECT clock_timestamp() AS t)
       SELECT admitted_at + make_interval(secs => $3) AS frees_at
         FROM runs, now
        WHERE org_id = $1 AND user_id = $2 AND status <> 'failed_to_start'
          AND admitted_at > now.t - make_interval(secs => $3)
        ORDER BY admitted_at OFFSET $4 LIMIT 1`,
      [requester.orgId, requester.userId, windowSeconds, skip],
    )) as { frees_at: Date }[];
    return row?.frees_at ?? null;
  }
}
