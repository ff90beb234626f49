import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { RunWindowView, Tier, UpgradeOffer, UsageSummary, UsageTotals } from '@apex/contracts';
import { windowUsage } from '@apex/domain';
import { EntitlementsPort } from '@apex/entitlements';
import { apiCallPostings, LedgerPosting, runPostings } from './ledger';
import { ApiCallRecord, RunUsageRecord, UsageTrackerPort } from './usage-tracker-port';

/** A user's standing against their organisation's rolling-window run limit. */
export interface TierLimitCheck extends RunWindowView {
  tier: Tier;
  /** False when the window is full: the next run would be refused. */
  allowed: boolean;
  /** The tier that raises the limit, offered when the window is full. */
  upgrade: UpgradeOffer | null;
}

export class UnknownUserError extends Error {
  override name = 'UnknownUserError';
}

interface UsageEvent {
  orgId: string;
  userId: string | null;
  apiKeyId: string | null;
  kind: 'api_call' | 'agent_run';
  idempotencyKey: string;
  endpoint: string | null;
  method: string | null;
  statusCode: number | null;
  rejected: boolean;
  tokens: number;
  costSaved: string;
  postings: LedgerPosting[];
}

const DECIMAL = /^-?\d{1,14}(\.\d{1,6})?$/;

const totals = (row: Record<string, string>, prefix: 'window' | 'period'): UsageTotals => ({
  apiCalls: Number(row[`${prefix}_api_calls`]),
  rejectedApiCalls: Number(row[`${prefix}_rejected_api_calls`]),
  agentRuns: Number(row[`${prefix}_agent_runs`]),
  tokens: Number(row[`${prefix}_tokens`]),
  costSaved: row[`${prefix}_cost_saved`],
});

const totalsSql = (prefix: 'window' | 'period') => {
  const since = `occurred_at >= b.${prefix}_start`;
  return `
    count(*) FILTER (WHERE kind = 'api_call' AND ${since}) AS ${prefix}_api_calls,
    count(*) FILTER (WHERE kind = 'api_call' AND rejected AND ${since}) AS ${prefix}_rejected_api_calls,
    count(*) FILTER (WHERE kind = 'agent_run' AND ${since}) AS ${prefix}_agent_runs,
    coalesce(sum(tokens) FILTER (WHERE ${since}), 0) AS ${prefix}_tokens,
    coalesce(sum(cost_saved) FILTER (WHERE ${since}), 0)::numeric(20, 6)::text AS ${prefix}_cost_saved`;
};

/**
 * Usage is recorded as one `usage_events` row per idempotency key together
 * with its balanced `ledger_entries`, in a single statement: a repeated key
 * inserts no event, and so posts nothing.
 */
@Injectable()
export class UsageTracker extends UsageTrackerPort {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly entitlements: EntitlementsPort,
  ) {
    super();
  }

  async trackApiCall(record: ApiCallRecord): Promise<void> {
    await this.recordApiCall(record);
  }

  /** True when this call was recorded now, false when its key had already been metered. */
  recordApiCall(record: ApiCallRecord): Promise<boolean> {
    const tokens = Math.max(0, Math.trunc(record.tokens));
    return this.record({
      ...record,
      kind: 'api_call',
      tokens,
      costSaved: '0',
      postings: apiCallPostings(record.orgId, tokens),
    });
  }

  async trackOptimizationRun(record: RunUsageRecord): Promise<void> {
    await this.recordOptimizationRun(record);
  }

  /** Keyed by the run id: metering a run twice (a retried activity) records it once. */
  async recordOptimizationRun(record: RunUsageRecord): Promise<boolean> {
    if (!DECIMAL.test(record.costSaved)) throw new RangeError(`costSaved must be a decimal string, got ${JSON.stringify(record.costSaved)}`);
    const tokens = Math.max(0, Math.trunc(record.tokensUsed));
    return this.record({
      orgId: record.orgId,
      userId: record.userId,
      apiKeyId: null,
      kind: 'agent_run',
      idempotencyKey: `run:${record.runId}`,
      endpoint: null,
      method: null,
      statusCode: null,
      rejected: false,
      tokens,
      costSaved: record.costSaved,
      postings: runPostings(record.orgId, tokens, record.costSaved),
    });
  }

  private async record(event: UsageEvent): Promise<boolean> {
    return (await this.recordAll([event])).length === 1;
  }

  /**
   * Records many API calls in one statement (one commit), as the API's meter
   * does under load. Returns the idempotency keys that were new.
   */
  async recordApiCalls(records: ApiCallRecord[]): Promise<string[]> {
    return this.recordAll(
      records.map((record) => {
        const tokens = Math.max(0, Math.trunc(record.tokens));
        return { ...record, kind: 'api_call' as const, tokens, costSaved: '0', postings: apiCallPostings(record.orgId, tokens) };
      }),
    );
  }

  /**
   * Events and their postings go in as arrays; the postings are joined to the
   * events actually inserted, so a key seen before posts nothing. A key given
   * twice in one call is recorded once.
   */
  private async recordAll(given: UsageEvent[]): Promise<string[]> {
    const byKey = new Map(given.map((event) => [`${event.orgId} ${event.kind} ${event.idempotencyKey}`, event]));
    const events = [...byKey.values()];
    if (events.length === 0) return [];
    const column = <T>(pick: (event: UsageEvent) => T) => events.map(pick);
    const postings = events.flatMap((event, index) => event.postings.map((posting) => ({ index, ...posting })));
    const rows: { idempotency_key: string }[] = await this.db.query(
      `WITH given AS (
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int[], $9::bool[], $10::bigint[], $11::numeric[])
           WITH ORDINALITY AS g(org_id, user_id, api_key_id, kind, idempotency_key, endpoint, method, status_code, rejected, tokens, cost_saved, index)
       ), event AS (
         INSERT INTO usage_events (org_id, user_id, api_key_id, kind, idempotency_key, endpoint, method, status_code, rejected, tokens, cost_saved)
         SELECT org_id, user_id, api_key_id, kind, idempotency_key, endpoint, method, status_code, rejected, tokens, cost_saved FROM given
         ON CONFLICT (org_id, kind, idempotency_key) DO NOTHING
         RETURNING id, org_id, kind, idempotency_key
       ), posted AS (
         INSERT INTO ledger_entries (event_id, account, unit, amount)
         SELECT event.id, p.account, p.unit, p.amount
           FROM event
           JOIN given g ON g.org_id = event.org_id AND g.kind = event.kind AND g.idempotency_key = event.idempotency_key
           JOIN unnest($12::int[], $13::text[], $14::text[], $15::numeric[]) AS p(index, account, unit, amount) ON p.index = g.index
       )
       SELECT idempotency_key FROM event`,
      [
        column((e) => e.orgId),
        column((e) => e.userId),
        column((e) => e.apiKeyId),
        column((e) => e.kind),
        column((e) => e.idempotencyKey),
        column((e) => e.endpoint),
        column((e) => e.method),
        column((e) => e.statusCode),
        column((e) => e.rejected),
        column((e) => e.tokens),
        column((e) => e.costSaved),
        postings.map((p) => p.index + 1),
        postings.map((p) => p.account),
        postings.map((p) => p.unit),
        postings.map((p) => p.amount),
      ],
    );
    return rows.map((row) => row.idempotency_key);
  }

  /** Read-only: how many runs the user has in the rolling window against the organisation's limit. */
  async checkTierLimits(userId: string): Promise<TierLimitCheck> {
    const orgId = await this.orgOf(userId);
    const entitlements = await this.entitlements.forOrganization(orgId);
    const runs = await this.runWindow({ userId }, entitlements.runLimit, entitlements.windowSeconds);
    const allowed = runs.remaining > 0;
    return {
      tier: entitlements.tier,
      ...runs,
      allowed,
      upgrade: allowed ? null : await this.entitlements.upgradeForRuns(orgId),
    };
  }

  /**
   * For a user: their runs against the limit, and the usage they caused. For
   * an organisation: every member's runs together against the same per-member
   * limit, and all of its usage.
   */
  async getUsageSummary(scope: { userId: string } | { orgId: string }): Promise<UsageSummary> {
    const userId = 'userId' in scope ? scope.userId : null;
    const orgId = 'orgId' in scope ? scope.orgId : await this.orgOf(scope.userId);
    const entitlements = await this.entitlements.forOrganization(orgId);
    const runs = await this.runWindow(userId ? { userId } : { orgId }, entitlements.runLimit, entitlements.windowSeconds);
    const [row] = await this.db.query(
      `WITH bounds AS (
         SELECT now() - make_interval(secs => $3) AS window_start,
                date_trunc('month', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS period_start
       )
       SELECT b.period_start, (b.period_start AT TIME ZONE 'UTC' + interval '1 month') AT TIME ZONE 'UTC' AS period_end,
              ${totalsSql('window')}, ${totalsSql('period')}
         FROM bounds b
         LEFT JOIN usage_events e
           ON e.org_id = $1 AND ($2::uuid IS NULL OR e.user_id = $2) AND e.occurred_at >= least(b.window_start, b.period_start)
        GROUP BY b.period_start, b.window_start`,
      [orgId, userId, entitlements.windowSeconds],
    );
    return {
      scope: userId ? 'user' : 'organization',
      tier: entitlements.tier,
      runs,
      window: totals(row, 'window'),
      period: { ...totals(row, 'period'), start: row.period_start.toISOString(), end: row.period_end.toISOString() },
    };
  }

  /**
   * The runs metered in the summary's rolling window and in its calendar month (UTC), by their ids, for the same
   * scope as getUsageSummary: what a run saved is read from its proofs when shown, not from the ledger.
   */
  async meteredRunIds(scope: { userId: string } | { orgId: string }): Promise<{ window: string[]; period: string[] }> {
    const userId = 'userId' in scope ? scope.userId : null;
    const orgId = 'orgId' in scope ? scope.orgId : await this.orgOf(scope.userId);
    const entitlements = await this.entitlements.forOrganization(orgId);
    const [row] = (await this.db.query(
      `WITH bounds AS (
         SELECT now() - make_interval(secs => $3) AS window_start,
                date_trunc('month', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS period_start
       )
       SELECT coalesce(array_agg(substr(e.idempotency_key, 5)) FILTER (WHERE e.occurred_at >= b.window_start), '{}') AS window,
              coalesce(array_agg(substr(e.idempotency_key, 5)) FILTER (WHERE e.occurred_at >= b.period_start), '{}') AS period
         FROM bounds b
         LEFT JOIN usage_events e
           ON e.org_id = $1 AND ($2::uuid IS NULL OR e.user_id = $2) AND e.kind = 'agent_run' AND e.idempotency_key LIKE 'run:%'
          AND e.occurred_at >= least(b.window_start, b.period_start)`,
      [orgId, userId, entitlements.windowSeconds],
    )) as Array<{ window: string[]; period: string[] }>;
    return { window: row.window, period: row.period };
  }

  private async runWindow(scope: { userId: string } | { orgId: string }, limit: number, windowSeconds: number): Promise<RunWindowView> {
    const [column, id] = 'userId' in scope ? ['user_id', scope.userId] : ['org_id', scope.orgId];
    const [row]: { now: Date; admitted: Date[] }[] = await this.db.query(
      `SELECT now() AS now, array(
         SELECT admitted_at FROM runs
          WHERE ${column} = $1 AND status <> 'failed_to_start' AND admitted_at > now() - make_interval(secs => $2)
       ) AS admitted`,
      [id, windowSeconds],
    );
    const usage = windowUsage(row.admitted, limit, windowSeconds * 1000, row.now);
    return { ...usage, windowSeconds, resetAt: usage.resetAt?.toISOString() ?? null };
  }

  private async orgOf(userId: string): Promise<string> {
    const [user] = await this.db.query('SELECT org_id FROM users WHERE id = $1', [userId]);
    if (!user) throw new UnknownUserError(`No user has the id ${userId}`);
    return user.org_id;
  }
}
