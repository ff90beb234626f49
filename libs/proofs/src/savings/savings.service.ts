import { Injectable } from '@nestjs/common';
import type { RunVerifiedSavings, SavingsBreakdown, SavingsSummary } from '@apex/contracts';
import { Decimal } from '@apex/domain';
import { RecommendationsStore } from '@apex/optimizer';
import { ProofsStore } from '../stores/proofs.store';
import { savingsByCurrency, verifiedByMonth, verifiedItem } from './savings-figures';

/**
 * What Apex has saved an organisation, read when asked: the verified proofs' savings, the proofs still measuring,
 * and the recommendations still to do. A run's "cost saved" is the verified savings of the recommendations it first
 * found, so it grows when one of their proofs is verified, and the usage ledger's history is never rewritten.
 */
@Injectable()
export class SavingsService {
  constructor(
    private readonly recommendations: RecommendationsStore,
    private readonly proofs: ProofsStore,
  ) {}

  async summary(orgId: string): Promise<SavingsSummary> {
    const [verified, unfinished, pending] = await Promise.all([this.proofs.verified(orgId), this.proofs.unfinished(orgId), this.recommendations.pending(orgId)]);
    const titles = await this.titles(orgId, [...verified, ...unfinished].map((p) => p.recommendation_id));
    return { currencies: savingsByCurrency(verified, unfinished, pending, titles) };
  }

  async breakdown(orgId: string): Promise<SavingsBreakdown> {
    const verified = await this.proofs.verified(orgId);
    const titles = await this.titles(orgId, verified.map((p) => p.recommendation_id));
    const byRecommendation = verified.map((p) => verifiedItem(p, titles)).sort((a, b) => Decimal.of(b.amount).compare(a.amount) || a.proofId.localeCompare(b.proofId));
    return { byRecommendation, byMonth: verifiedByMonth(verified) };
  }

  /**
   * Each run's verified savings per currency: the verified proofs of the recommendations it found first (a
   * recommendation found again by a later run still counts once, for the run that found it). Runs without any
   * answer an empty list.
   */
  async ofRuns(orgId: string, runIds: readonly string[]): Promise<Map<string, RunVerifiedSavings[]>> {
    const result = new Map<string, RunVerifiedSavings[]>(runIds.map((id) => [id, []]));
    const found = await this.recommendations.firstFoundBy(orgId, runIds);
    if (found.length === 0) return result;
    const runOf = new Map(found.map((f) => [f.id, f.runId]));
    for (const proof of await this.proofs.verified(orgId, [...runOf.keys()])) {
      const figures = result.get(runOf.get(proof.recommendation_id) ?? '');
      if (!figures) continue;
      const currency = proof.currency.trim();
      const seen = figures.find((f) => f.currency === currency);
      if (seen) {
        seen.amount = Decimal.of(seen.amount).plus(proof.savings ?? '0').toString();
        seen.proofIds.push(proof.id);
      } else {
        figures.push({ currency, amount: Decimal.of(proof.savings ?? '0').toString(), proofIds: [proof.id] });
      }
    }
    for (const figures of result.values()) figures.sort((a, b) => a.currency.localeCompare(b.currency));
    return result;
  }

  private async titles(orgId: string, recommendationIds: string[]): Promise<Map<string, string>> {
    return new Map((await this.recommendations.byIds(orgId, [...new Set(recommendationIds)])).map((r) => [r.id, r.title]));
  }
}
