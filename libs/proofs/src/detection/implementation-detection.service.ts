import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { DetectedChange, ImplementationDetection, ProofBoundary, RecommendationKind } from '@apex/contracts';
import { addDays } from '@apex/domain';
import { RecommendationsStore } from '@apex/optimizer';
import { boundaryOf } from '../boundary/measurement-boundary';
import { ProofPriceBook } from '../pricing/proof-price-book';
import { sqlRunnerOf } from '../readings/sql-runner';
import { detectBatchRows } from './batch-rows.detector';
import { detectCachedShareJump } from './cached-share.detector';
import { dailyModelUsage, ModelDay } from './daily-model-usage';
import { BEFORE_DAYS } from './share-jump';
import { detectTrafficMoved } from './traffic-moved.detector';

type Detector = (boundary: ProofBoundary, days: readonly ModelDay[], earliest: string) => DetectedChange | null;

/** The kinds whose implementation leaves a mark in cost rows, and the detector that reads it. */
const DETECTORS: Partial<Record<RecommendationKind, Detector>> = {
  model_substitution: detectTrafficMoved,
  deprecated_model: detectTrafficMoved,
  prompt_caching: detectCachedShareJump,
  batch: detectBatchRows,
};

const todayUtc = () => new Date().toISOString().slice(0, 10);

/**
 * Whether an open or accepted recommendation looks implemented in the organisation's cost rows since it was filed.
 * It only suggests a date: the user confirms it, and nothing is marked implemented here.
 */
@Injectable()
export class ImplementationDetectionService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly recommendations: RecommendationsStore,
    private readonly prices: ProofPriceBook,
  ) {}

  /** Null when the organisation has no such recommendation. */
  async detect(orgId: string, recommendationId: string, today: string = todayUtc()): Promise<ImplementationDetection | null> {
    const found = await this.recommendations.findWithFingerprint(orgId, recommendationId);
    if (!found) return null;
    const { recommendation, fingerprint } = found;
    const answer = (status: ImplementationDetection['status'], explanation: string, change: DetectedChange | null = null): ImplementationDetection => ({
      recommendationId,
      status,
      change,
      explanation,
    });
    if (recommendation.status !== 'open' && recommendation.status !== 'accepted') {
      return answer('not_pending', `This recommendation is ${recommendation.status}: there is no implementation to look for.`);
    }
    const detector = DETECTORS[recommendation.kind];
    if (!detector) return answer('not_detectable', 'This kind of change leaves no mark Apex can read in cost rows; say when you made it.');
    const prices = await this.prices.active();
    if (!prices) return answer('not_detectable', 'No price-book version is active, so Apex cannot tell which models the rows name.');
    const boundary = boundaryOf({ kind: recommendation.kind, scope: recommendation.scope, currency: recommendation.currency, fingerprint }, prices.entries());
    if ('shortfall' in boundary) return answer('not_detectable', boundary.shortfall);
    if (detector === detectTrafficMoved && boundary.models.length < 2) {
      return answer('not_detectable', 'This recommendation names no model its traffic moves to, so Apex has nothing to watch it arrive at; say when you made the change.');
    }

    const createdOn = recommendation.createdAt.slice(0, 10);
    const window = { from: addDays(createdOn, -BEFORE_DAYS), to: today < createdOn ? createdOn : today };
    const days = await dailyModelUsage(sqlRunnerOf(this.db), orgId, boundary, window, prices.resolve);
    const change = detector(boundary, days, createdOn);
    return change
      ? answer('detected', `Apex sees this change in your data from ${change.firstDay}: confirm it to start measuring.`, change)
      : answer('not_detected', `Apex sees no such change in your cost rows since ${createdOn}.`);
  }
}
