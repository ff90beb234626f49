import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { RecommendationKind, RecommendationStatus, RecommendationView } from '@apex/contracts';
import { Decimal } from '@apex/domain';
import type { Finding } from '../findings/finding';

interface RecommendationRow {
  id: string;
  org_id: string;
  fingerprint: string;
  kind: RecommendationKind;
  title: string;
  steps: string[];
  doc_url: string;
  scope: RecommendationView['scope'];
  evidence: RecommendationView['evidence'];
  price_book_version: number;
  currency: string;
  monthly_low: string;
  monthly_expected: string;
  monthly_high: string;
  scenarios: RecommendationView['scenarios'];
  assumptions: string[];
  effort: RecommendationView['effort'];
  risk: RecommendationView['risk'];
  caveat: string | null;
  status: RecommendationStatus;
  status_reason: string | null;
  status_changed_at: Date | null;
  first_run_id: string;
  last_run_id: string;
  created_at: Date;
  updated_at: Date;
}

const plain = (value: string) => Decimal.of(value).toString();

function toView(row: RecommendationRow): RecommendationView {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    steps: row.steps,
    docUrl: row.doc_url,
    scope: row.scope,
    evidence: row.evidence,
    priceBookVersion: row.price_book_version,
    currency: row.currency.trim(),
    monthlySavings: { low: plain(row.monthly_low), expected: plain(row.monthly_expected), high: plain(row.monthly_high) },
    scenarios: row.scenarios,
    assumptions: row.assumptions,
    effort: row.effort,
    risk: row.risk,
    caveat: row.caveat,
    status: row.status,
    statusReason: row.status_reason,
    statusChangedAt: row.status_changed_at?.toISOString() ?? null,
    firstRunId: row.first_run_id,
    lastRunId: row.last_run_id,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export interface RecommendationQuery {
  status?: RecommendationStatus;
  kind?: RecommendationKind;
  runId?: string;
  limit: number;
  /** The id of the last recommendation of the previous page. */
  after?: string;
}

/** Open or accepted recommendations of one status and currency, summed. */
export interface PotentialSavingsSum {
  status: 'open' | 'accepted';
  currency: string;
  count: number;
  monthlySavings: { low: string; expected: string; high: string };
}

/** An organisation's recommendations (owner of `recommendations`): one per finding, kept up to date by later runs. */
@Injectable()
export class RecommendationsStore {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Files a run's findings: a finding seen before updates its recommendation (figures, evidence, last run) and keeps
   * its status, so a dismissed finding stays dismissed; a new one opens. Answers the ids by fingerprint.
   */
  async file(tx: EntityManager, orgId: string, runId: string, findings: Finding[]): Promise<Map<string, string>> {
    const ids = new Map<string, string>();
    for (const f of findings) {
      const [row] = (await tx.query(
        `INSERT INTO recommendations (org_id, fingerprint, kind, title, steps, doc_url, scope, evidence, price_book_version, currency,
                                      monthly_low, monthly_expected, monthly_high, scenarios, assumptions, effort, risk, caveat,
                                      first_run_id, last_run_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $19)
         ON CONFLICT (org_id, fingerprint) DO UPDATE SET
           kind = EXCLUDED.kind, title = EXCLUDED.title, steps = EXCLUDED.steps, doc_url = EXCLUDED.doc_url, scope = EXCLUDED.scope,
           evidence = EXCLUDED.evidence, price_book_version = EXCLUDED.price_book_version, currency = EXCLUDED.currency,
           monthly_low = EXCLUDED.monthly_low, monthly_expected = EXCLUDED.monthly_expected, monthly_high = EXCLUDED.monthly_high,
           scenarios = EXCLUDED.scenarios, assumptions = EXCLUDED.assumptions, effort = EXCLUDED.effort, risk = EXCLUDED.risk,
           caveat = EXCLUDED.caveat, last_run_id = EXCLUDED.last_run_id, updated_at = now()
         RETURNING id`,
        [
          orgId,
          f.fingerprint,
          f.kind,
          f.title,
          JSON.stringify(f.steps),
          f.docUrl,
          JSON.stringify(f.scope),
          JSON.stringify(f.evidence),
          f.priceBookVersion,
          f.currency,
          f.monthlySavings.low,
          f.monthlySavings.expected,
          f.monthlySavings.high,
          JSON.stringify(f.scenarios),
          JSON.stringify(f.assumptions),
          f.effort,
          f.risk,
          f.caveat,
          runId,
        ],
      )) as Array<{ id: string }>;
      ids.set(f.fingerprint, row.id);
    }
    return ids;
  }

  async find(orgId: string, id: string): Promise<RecommendationView | null> {
    if (!UUID.test(id)) return null;
    const [row] = (await this.db.query('SELECT * FROM recommendations WHERE org_id = $1 AND id = $2', [orgId, id])) as RecommendationRow[];
    return row ? toView(row) : null;
  }

  /** A recommendation with its fingerprint, which says what a proof must measure (a substitution's target, say). */
  async findWithFingerprint(orgId: string, id: string): Promise<{ recommendation: RecommendationView; fingerprint: string } | null> {
    if (!UUID.test(id)) return null;
    const [row] = (await this.db.query('SELECT * FROM recommendations WHERE org_id = $1 AND id = $2', [orgId, id])) as RecommendationRow[];
    return row ? { recommendation: toView(row), fingerprint: row.fingerprint } : null;
  }

  /** The recommendations a run filed, ranked by expected monthly savings. */
  async ofRun(orgId: string, runId: string): Promise<RecommendationView[]> {
    const rows = (await this.db.query(
      `SELECT * FROM recommendations WHERE org_id = $1 AND last_run_id = $2 ORDER BY monthly_expected DESC, id`,
      [orgId, runId],
    )) as RecommendationRow[];
    return rows.map(toView);
  }

  /** Newest first; filtered by status, kind and the run that last found them. */
  async list(orgId: string, query: RecommendationQuery): Promise<{ items: RecommendationView[]; more: boolean }> {
    const rows = (await this.db.query(
      `SELECT * FROM recommendations
        WHERE org_id = $1
          AND ($2::text IS NULL OR status = $2)
          AND ($3::text IS NULL OR kind = $3)
          AND ($4::uuid IS NULL OR last_run_id = $4::uuid)
          AND ($6::uuid IS NULL OR (created_at, id) < (SELECT created_at, id FROM recommendations WHERE org_id = $1 AND id = $6::uuid))
        ORDER BY created_at DESC, id DESC
        LIMIT $5`,
      [orgId, query.status ?? null, query.kind ?? null, query.runId ?? null, query.limit + 1, query.after ?? null],
    )) as RecommendationRow[];
    return { items: rows.slice(0, query.limit).map(toView), more: rows.length > query.limit };
  }

  /** The organisation's recommendations among `ids` (the others are left out). */
  async byIds(orgId: string, ids: readonly string[]): Promise<RecommendationView[]> {
    const valid = ids.filter((id) => UUID.test(id));
    if (valid.length === 0) return [];
    const rows = (await this.db.query('SELECT * FROM recommendations WHERE org_id = $1 AND id = ANY($2::uuid[]) ORDER BY id', [orgId, valid])) as RecommendationRow[];
    return rows.map(toView);
  }

  /** Open and accepted recommendations (what is still to do), largest expected monthly savings first. */
  async pending(orgId: string): Promise<RecommendationView[]> {
    const rows = (await this.db.query(
      "SELECT * FROM recommendations WHERE org_id = $1 AND status IN ('open', 'accepted') ORDER BY monthly_expected DESC, id",
      [orgId],
    )) as RecommendationRow[];
    return rows.map(toView);
  }

  /** The ids of the recommendations each of `runIds` found first (a later run that finds one again only updates it). */
  async firstFoundBy(orgId: string, runIds: readonly string[]): Promise<Array<{ id: string; runId: string }>> {
    const valid = runIds.filter((id) => UUID.test(id));
    if (valid.length === 0) return [];
    const rows = (await this.db.query('SELECT id, first_run_id FROM recommendations WHERE org_id = $1 AND first_run_id = ANY($2::uuid[]) ORDER BY id', [
      orgId,
      valid,
    ])) as Array<{ id: string; first_run_id: string }>;
    return rows.map((row) => ({ id: row.id, runId: row.first_run_id }));
  }

  /**
   * The potential of what is still to do: count and Σ low, expected and high monthly savings of the open and
   * accepted recommendations, by status and currency (for the ROI calculator). Amounts are plain decimal text.
   */
  async potentialByStatus(orgId: string): Promise<PotentialSavingsSum[]> {
    const rows = (await this.db.query(
      `SELECT status, currency, count(*)::int AS count, sum(monthly_low)::text AS low, sum(monthly_expected)::text AS expected,
              sum(monthly_high)::text AS high
         FROM recommendations
        WHERE org_id = $1 AND status IN ('open', 'accepted')
        GROUP BY status, currency
        ORDER BY currency, status`,
      [orgId],
    )) as Array<{ status: 'open' | 'accepted'; currency: string; count: number; low: string; expected: string; high: string }>;
    return rows.map((row) => ({
      status: row.status,
      currency: row.currency.trim(),
      count: row.count,
      monthlySavings: { low: plain(row.low), expected: plain(row.expected), high: plain(row.high) },
    }));
  }

  /**
   * Moves an open (or accepted) recommendation to accepted or dismissed; answers null when the organisation has no
   * such recommendation, or 'conflict' with its status when it cannot move from there.
   */
  async decide(orgId: string, id: string, userId: string, to: 'accepted' | 'dismissed', reason: string | null): Promise<RecommendationView | null | { conflict: RecommendationStatus }> {
    if (!UUID.test(id)) return null;
    const from = to === 'accepted' ? ['open', 'dismissed'] : ['open', 'accepted'];
    const [updated] = (await this.db.query(
      `UPDATE recommendations SET status = $3, status_reason = $4, status_changed_by = $5, status_changed_at = now(), updated_at = now()
        WHERE org_id = $1 AND id = $2 AND status = ANY($6::text[]) RETURNING *`,
      [orgId, id, to, reason, userId, from],
    )) as [RecommendationRow[], number];
    if (updated.length) return toView(updated[0]);
    const current = await this.find(orgId, id);
    return current ? { conflict: current.status } : null;
  }

  /**
   * Records that an open or accepted recommendation was implemented (its proof, opened in the same transaction,
   * keeps the date); answers null when the organisation has no such recommendation, or 'conflict' with its status.
   */
  async markImplemented(tx: EntityManager, orgId: string, id: string, userId: string | null): Promise<RecommendationView | null | { conflict: RecommendationStatus }> {
    if (!UUID.test(id)) return null;
    const [updated] = (await tx.query(
      `UPDATE recommendations SET status = 'implemented', status_reason = NULL, status_changed_by = $3, status_changed_at = now(), updated_at = now()
        WHERE org_id = $1 AND id = $2 AND status IN ('open', 'accepted') RETURNING *`,
      [orgId, id, userId],
    )) as [RecommendationRow[], number];
    if (updated.length) return toView(updated[0]);
    const [current] = (await tx.query('SELECT status FROM recommendations WHERE org_id = $1 AND id = $2', [orgId, id])) as Array<{ status: RecommendationStatus }>;
    return current ? { conflict: current.status } : null;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isRecommendationId = (value: string) => UUID.test(value);
