import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { ProofBaseline, ProofReport, ProofState, ProofStatus, ProofVerdict } from '@apex/contracts';
import { PROOF_COLUMNS, ProofRow } from './proof-row';

type Db = DataSource | EntityManager;

export interface NewProof {
  orgId: string;
  recommendationId: string;
  implementedOn: string;
  implementedBy: string | null;
  reportingDays: number;
  currency: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isUuid = (value: string) => UUID.test(value);

/** Owner of `proofs`: one per implemented recommendation, its baseline, latest interim reading and signed result. */
@Injectable()
export class ProofsStore {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Opens the recommendation's proof, or answers the one it has: a recommendation is proven once. */
  async open(tx: EntityManager, proof: NewProof): Promise<ProofRow> {
    await tx.query(
      `INSERT INTO proofs (org_id, recommendation_id, implemented_on, implemented_by, reporting_days, reporting_ends_on, currency)
       VALUES ($1, $2, $3::date, $4, $5, $3::date + ($5::int - 1), $6)
       ON CONFLICT (recommendation_id) DO NOTHING`,
      [proof.orgId, proof.recommendationId, proof.implementedOn, proof.implementedBy, proof.reportingDays, proof.currency],
    );
    const row = await this.ofRecommendation(proof.orgId, proof.recommendationId, tx);
    if (!row) throw new Error(`the proof of recommendation ${proof.recommendationId} belongs to another organisation`);
    return row;
  }

  async find(orgId: string, id: string): Promise<ProofRow | null> {
    if (!isUuid(id)) return null;
    const [row] = (await this.db.query(`SELECT ${PROOF_COLUMNS} FROM proofs p WHERE p.org_id = $1 AND p.id = $2`, [orgId, id])) as ProofRow[];
    return row ?? null;
  }

  async ofRecommendation(orgId: string, recommendationId: string, db: Db = this.db): Promise<ProofRow | null> {
    if (!isUuid(recommendationId)) return null;
    const [row] = (await db.query(`SELECT ${PROOF_COLUMNS} FROM proofs p WHERE p.org_id = $1 AND p.recommendation_id = $2`, [orgId, recommendationId])) as ProofRow[];
    return row ?? null;
  }

  /** The organisation's proofs, newest first. */
  async list(orgId: string, recommendationId?: string): Promise<ProofRow[]> {
    if (recommendationId !== undefined) {
      const one = await this.ofRecommendation(orgId, recommendationId);
      return one ? [one] : [];
    }
    return (await this.db.query(`SELECT ${PROOF_COLUMNS} FROM proofs p WHERE p.org_id = $1 ORDER BY p.created_at DESC, p.id DESC LIMIT 500`, [orgId])) as ProofRow[];
  }

  /** Finished proofs with the `verified` verdict, of every recommendation or of those in `recommendationIds`. */
  async verified(orgId: string, recommendationIds?: readonly string[]): Promise<ProofRow[]> {
    return (await this.db.query(
      `SELECT ${PROOF_COLUMNS} FROM proofs p
        WHERE p.org_id = $1 AND p.status = 'finished' AND p.verdict = 'verified' AND ($2::uuid[] IS NULL OR p.recommendation_id = ANY($2::uuid[]))
        ORDER BY p.reporting_ends_on, p.id`,
      [orgId, recommendationIds ? recommendationIds.filter(isUuid) : null],
    )) as ProofRow[];
  }

  /** Proofs not yet finished: capturing their baseline, measuring or calculating. */
  async unfinished(orgId: string): Promise<ProofRow[]> {
    return (await this.db.query(
      `SELECT ${PROOF_COLUMNS} FROM proofs p WHERE p.org_id = $1 AND p.status IN ('baseline', 'measuring', 'calculating') ORDER BY p.implemented_on, p.id`,
      [orgId],
    )) as ProofRow[];
  }

  /** A proof by id alone, for the worker's activities, which carry no organisation. */
  async byId(id: string, db: Db = this.db): Promise<ProofRow> {
    const [row] = (await db.query(`SELECT ${PROOF_COLUMNS} FROM proofs p WHERE p.id = $1`, [id])) as ProofRow[];
    if (!row) throw new Error(`Proof ${id} does not exist`);
    return row;
  }

  /** The proof, locked until `tx` ends: its activities change it (and its chain) one at a time. */
  async lock(tx: EntityManager, id: string): Promise<ProofRow> {
    const [row] = (await tx.query(`SELECT ${PROOF_COLUMNS} FROM proofs p WHERE p.id = $1 FOR UPDATE`, [id])) as ProofRow[];
    if (!row) throw new Error(`Proof ${id} does not exist`);
    return row;
  }

  async saveBaseline(tx: EntityManager, id: string, baseline: ProofBaseline, status: ProofStatus): Promise<void> {
    await tx.query('UPDATE proofs SET baseline = $2, status = $3 WHERE id = $1', [id, JSON.stringify(baseline), status]);
  }

  async saveInterim(tx: EntityManager, id: string, interim: ProofState['interim']): Promise<void> {
    await tx.query('UPDATE proofs SET interim = $2 WHERE id = $1', [id, JSON.stringify(interim)]);
  }

  async saveResult(tx: EntityManager, id: string, result: { verdict: ProofVerdict; savings: string | null; report: ProofReport }): Promise<void> {
    await tx.query("UPDATE proofs SET verdict = $2, savings = $3, report = $4, status = 'calculating' WHERE id = $1", [id, result.verdict, result.savings, JSON.stringify(result.report)]);
  }

  async saveSignature(tx: EntityManager, id: string, signed: { sha256: string; signature: string; keyId: string }): Promise<void> {
    await tx.query("UPDATE proofs SET sha256 = $2, signature = $3, key_id = $4, status = 'finished', finished_at = now() WHERE id = $1", [
      id,
      signed.sha256,
      signed.signature,
      signed.keyId,
    ]);
  }

  /** Marks an unfinished proof failed with a reason the user can read; a finished one stays finished. */
  async fail(id: string, reason: string): Promise<void> {
    await this.db.query("UPDATE proofs SET status = 'failed', failure = $2, finished_at = now() WHERE id = $1 AND status NOT IN ('finished', 'failed')", [id, reason.slice(0, 2000)]);
  }
}
