import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ProofInput, ProofPublicKey, ProofView, RecommendationStatus } from '@apex/contracts';
import { AppConfig } from '@apex/config';
import { RecommendationsStore } from '@apex/optimizer';
import { ProofSigner } from './signing/proof-signer';
import type { ProofRow } from './stores/proof-row';
import { toProofView } from './stores/proof-row';
import { ProofsStore } from './stores/proofs.store';

export type Implementation =
  /** The proof to measure (opened now, or the one the same confirmation opened before) and its workflow's input. */
  | { outcome: 'proving'; proof: ProofView; input: ProofInput }
  | { outcome: 'not_found' }
  /** The recommendation is dismissed, or was implemented on another day. */
  | { outcome: 'conflict'; status: RecommendationStatus; implementedOn: string | null }
  /** The date is in the future, or before the recommendation existed. */
  | { outcome: 'invalid_date'; message: string };

const todayUtc = () => new Date().toISOString().slice(0, 10);

/** Proofs as the API serves them: implementing a recommendation opens its proof; proofs are read per organisation. */
@Injectable()
export class ProofsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly recommendations: RecommendationsStore,
    private readonly proofs: ProofsStore,
    private readonly signer: ProofSigner,
    private readonly config: AppConfig,
  ) {}

  /**
   * Records that the recommendation was implemented on `implementedOn` and opens its proof, in one transaction;
   * confirming again with the same date answers the same proof.
   */
  async implement(orgId: string, userId: string | null, recommendationId: string, implementedOn: string): Promise<Implementation> {
    const recommendation = await this.recommendations.find(orgId, recommendationId);
    if (!recommendation) return { outcome: 'not_found' };
    const existing = await this.proofs.ofRecommendation(orgId, recommendationId);
    if (existing) {
      if (existing.implemented_on !== implementedOn) return { outcome: 'conflict', status: recommendation.status, implementedOn: existing.implemented_on };
      return this.proving(existing);
    }
    if (recommendation.status === 'dismissed' || recommendation.status === 'implemented') {
      return { outcome: 'conflict', status: recommendation.status, implementedOn: null };
    }
    if (implementedOn > todayUtc()) return { outcome: 'invalid_date', message: 'must not be in the future' };
    const createdOn = recommendation.createdAt.slice(0, 10);
    if (implementedOn < createdOn) return { outcome: 'invalid_date', message: `must not be before the recommendation existed (${createdOn})` };

    const opened = await this.db.transaction(async (tx) => {
      const marked = await this.recommendations.markImplemented(tx, orgId, recommendationId, userId);
      if (marked === null) return { outcome: 'not_found' } as const;
      if ('conflict' in marked) return { outcome: 'conflict', status: marked.conflict, implementedOn: null } as const;
      const proof = await this.proofs.open(tx, { orgId, recommendationId, implementedOn, implementedBy: userId, reportingDays: this.config.proofs.reportingDays, currency: recommendation.currency });
      return { outcome: 'opened', proof } as const;
    });
    if (opened.outcome === 'opened') return this.proving(opened.proof);
    // The same confirmation sent twice at once: the other request opened the proof.
    const raced = opened.outcome === 'conflict' && opened.status === 'implemented' ? await this.proofs.ofRecommendation(orgId, recommendationId) : null;
    if (raced) return raced.implemented_on === implementedOn ? this.proving(raced) : { outcome: 'conflict', status: 'implemented', implementedOn: raced.implemented_on };
    return opened;
  }

  async find(orgId: string, id: string): Promise<ProofView | null> {
    const row = await this.proofs.find(orgId, id);
    return row && toProofView(row);
  }

  async list(orgId: string, recommendationId?: string): Promise<ProofView[]> {
    return (await this.proofs.list(orgId, recommendationId)).map(toProofView);
  }

  publicKey(): ProofPublicKey {
    return this.signer.publicKey();
  }

  private proving(row: ProofRow): Implementation {
    return {
      outcome: 'proving',
      proof: toProofView(row),
      input: { proofId: row.id, orgId: row.org_id, recommendationId: row.recommendation_id, implementedOn: row.implemented_on, reportingDays: row.reporting_days },
    };
  }
}
