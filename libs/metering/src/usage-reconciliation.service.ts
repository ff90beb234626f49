import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { DriftFinding } from '@apex/contracts';

/** Findings reported per check and kind; more than this means something systemic, which the first ones show. */
export const MAX_FINDINGS_PER_KIND = 500;

/**
 * Checks the usage books against the events they record. Each check is a
 * read-only query over all events; what it finds is written to `usage_drift`.
 */
@Injectable()
export class UsageReconciliationService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Events that posted nothing at all. */
  async eventsWithoutEntries(): Promise<DriftFinding[]> {
    const rows = await this.db.query(
      `SELECT e.id, e.org_id, e.kind, e.idempotency_key, e.occurred_at
         FROM usage_events e
        WHERE NOT EXISTS (SELECT 1 FROM ledger_entries l WHERE l.event_id = e.id)
        ORDER BY e.occurred_at LIMIT $1`,
      [MAX_FINDINGS_PER_KIND],
    );
    return rows.map((row: { id: string; org_id: string; kind: string; idempotency_key: string; occurred_at: Date }) => ({
      kind: 'missing_entries',
      eventId: row.id,
      details: { orgId: row.org_id, eventKind: row.kind, idempotencyKey: row.idempotency_key, occurredAt: row.occurred_at.toISOString() },
    }));
  }

  /** Events whose entries do not sum to zero in some unit (the commit trigger should make this impossible). */
  async unbalancedEvents(): Promise<DriftFinding[]> {
    const rows = await this.db.query(
      `SELECT event_id, unit, sum(amount)::text AS total
         FROM ledger_entries GROUP BY event_id, unit HAVING sum(amount) <> 0
        ORDER BY event_id, unit LIMIT $1`,
      [MAX_FINDINGS_PER_KIND],
    );
    return rows.map((row: { event_id: string; unit: string; total: string }) => ({
      kind: 'unbalanced_event',
      eventId: row.event_id,
      details: { unit: row.unit, total: row.total },
    }));
  }

  /**
   * Each organisation's account balances against what its events say: one
   * api_calls per API call, one agent_runs per run, and the tokens and cost
   * saved they carry.
   */
  async balanceMismatches(): Promise<DriftFinding[]> {
    const rows = await this.db.query(
      `WITH expected AS (
         SELECT org_id, u.unit, sum(u.amount) AS amount
           FROM usage_events e,
           LATERAL (VALUES
             ('api_calls', CASE WHEN e.kind = 'api_call' THEN 1 ELSE 0 END::numeric),
             ('agent_runs', CASE WHEN e.kind = 'agent_run' THEN 1 ELSE 0 END::numeric),
             ('tokens', e.tokens::numeric),
             ('cost_saved', e.cost_saved)
           ) AS u(unit, amount)
          GROUP BY org_id, u.unit
       ), actual AS (
         SELECT split_part(account, ':', 2)::uuid AS org_id, unit, sum(amount) AS amount
           FROM ledger_entries WHERE account LIKE 'org:%'
          GROUP BY 1, 2
       )
       SELECT coalesce(x.org_id, a.org_id) AS org_id, coalesce(x.unit, a.unit) AS unit,
              coalesce(x.amount, 0)::numeric(20, 6)::text AS expected, coalesce(a.amount, 0)::numeric(20, 6)::text AS actual
         FROM expected x FULL JOIN actual a ON a.org_id = x.org_id AND a.unit = x.unit
        WHERE coalesce(x.amount, 0) <> coalesce(a.amount, 0)
        ORDER BY 1, 2 LIMIT $1`,
      [MAX_FINDINGS_PER_KIND],
    );
    return rows.map((row: { org_id: string; unit: string; expected: string; actual: string }) => ({
      kind: 'balance_mismatch',
      eventId: null,
      details: { orgId: row.org_id, account: `org:${row.org_id}:${row.unit}`, unit: row.unit, expected: row.expected, actual: row.actual },
    }));
  }

  /** Writes one check's findings; a retry with the same check id writes nothing more. */
  async recordDrift(checkId: string, findings: DriftFinding[]): Promise<number> {
    if (findings.length === 0) return 0;
    return this.db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`usage-drift:${checkId}`]);
      const [done] = await tx.query("SELECT 1 FROM usage_drift WHERE details->>'checkId' = $1 LIMIT 1", [checkId]);
      if (done) return 0;
      await tx.query(
        `INSERT INTO usage_drift (kind, event_id, details)
         SELECT f.kind, f.event_id, f.details || jsonb_build_object('checkId', $1::text)
           FROM jsonb_to_recordset($2::jsonb) AS f(kind text, event_id uuid, details jsonb)`,
        [checkId, JSON.stringify(findings.map((f) => ({ kind: f.kind, event_id: f.eventId, details: f.details })))],
      );
      return findings.length;
    });
  }

  async driftOfCheck(checkId: string): Promise<DriftFinding[]> {
    const rows = await this.db.query(
      "SELECT kind, event_id, details FROM usage_drift WHERE details->>'checkId' = $1 ORDER BY id",
      [checkId],
    );
    return rows.map((row: { kind: DriftFinding['kind']; event_id: string | null; details: DriftFinding['details'] }) => ({
      kind: row.kind,
      eventId: row.event_id,
      details: row.details,
    }));
  }
}
