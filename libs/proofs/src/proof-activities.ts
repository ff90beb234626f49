import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApplicationFailure } from '@temporalio/common';
import { DataSource } from 'typeorm';
import type { ProofActivities, ProofBaseline, ProofState, ProofVerdict } from '@apex/contracts';
import { addDays, measureSavings, SavingsMeasurement } from '@apex/domain';
import { combineEvidence, RecommendationsStore } from '@apex/optimizer';
import { captureBaseline } from './baseline/capture-baseline';
import { baselineSearchWindow, baselineWindow } from './baseline/baseline-window';
import { boundaryOf, ProofSubject } from './boundary/measurement-boundary';
import { finalVerdict } from './measurement/final-verdict';
import { baselineInputOf, baselineRatesOf } from './measurement/baseline-model';
import { interimReading } from './measurement/interim-reading';
import { ProofPriceBook } from './pricing/proof-price-book';
import { ProofPrices, ratesAt, ratesOnFor } from './pricing/proof-prices';
import { boundaryRows, BoundaryRows } from './readings/boundary-readings';
import { sqlRunnerOf } from './readings/sql-runner';
import { proofReport } from './report/proof-report';
import { ProofSigner } from './signing/proof-signer';
import { ONCE, ProofEventsStore } from './stores/proof-events.store';
import type { ProofRow } from './stores/proof-row';
import { ProofsStore } from './stores/proofs.store';

const NO_ROWS: BoundaryRows = { filters: [], readings: [], rowCount: 0, evidence: combineEvidence([], []) };
const earlier = (a: string, b: string) => (a < b ? a : b);

/** Errors that a retry cannot mend (a scope the price book cannot price): the workflow fails the proof at once. */
function permanent<T>(work: () => Promise<T>): Promise<T> {
  return work().catch((error: unknown) => {
    if (error instanceof RangeError) throw ApplicationFailure.nonRetryable(error.message, 'ProofUnmeasurable');
    throw error;
  });
}

/**
 * The proof's activities over PostgreSQL: the baseline, the daily readings, the measurement and the signed report,
 * each recorded once in the proof's hash chain however often it is retried.
 */
@Injectable()
export class ProofActivitiesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly proofs: ProofsStore,
    private readonly events: ProofEventsStore,
    private readonly recommendations: RecommendationsStore,
    private readonly prices: ProofPriceBook,
    private readonly signer: ProofSigner,
  ) {}

  activities(): ProofActivities {
    return {
      captureBaselineMetrics: (proofId) => permanent(() => this.captureBaselineMetrics(proofId)),
      recordDailyReading: (proofId, asOf) => permanent(() => this.recordDailyReading(proofId, asOf)),
      calculateImprovements: (proofId) => permanent(() => this.calculateImprovements(proofId)),
      generateProofReport: (proofId) => this.generateProofReport(proofId),
      failProof: (proofId, reason) => this.failProof(proofId, reason),
    };
  }

  async captureBaselineMetrics(proofId: string): Promise<{ sufficient: boolean; reportingEndsOn: string }> {
    const proof = await this.proofs.byId(proofId);
    if (proof.baseline) return { sufficient: proof.baseline.sufficient, reportingEndsOn: proof.reporting_ends_on };
    const subject = await this.subjectOf(proof);
    const prices = await this.requirePrices();
    const boundary = boundaryOf(subject, prices.entries());
    const bounded = 'shortfall' in boundary ? null : boundary;
    const rows = bounded ? await boundaryRows(sqlRunnerOf(this.db), proof.org_id, bounded, baselineSearchWindow(proof.implemented_on), prices.resolve) : NO_ROWS;
    const window = baselineWindow(proof.implemented_on, rows.readings[0]?.date ?? null);
    const baseline = captureBaseline({
      implementedOn: proof.implemented_on,
      window,
      boundary: bounded,
      shortfall: 'shortfall' in boundary ? boundary.shortfall : undefined,
      readings: rows.readings,
      rowCount: rows.rowCount,
      evidenceSha256: rows.evidence.sha256,
      rates: bounded ? ratesAt(prices, bounded.provider, bounded.model, window.to) : null,
      priceBookVersion: prices.version,
    });
    const saved = await this.db.transaction(async (tx) => {
      const locked = await this.proofs.lock(tx, proofId);
      if (locked.baseline) return locked.baseline;
      await this.events.append(tx, proofId, 'implementation_confirmed', ONCE, {
        recommendationId: proof.recommendation_id,
        kind: subject.kind,
        scope: subject.scope,
        implementedOn: proof.implemented_on,
        implementedBy: proof.implemented_by,
      });
      await this.events.append(tx, proofId, 'baseline_captured', ONCE, baseline);
      await this.proofs.saveBaseline(tx, proofId, baseline, baseline.sufficient ? 'measuring' : 'calculating');
      return baseline;
    });
    return { sufficient: saved.sufficient, reportingEndsOn: proof.reporting_ends_on };
  }

  async recordDailyReading(proofId: string, asOf: string): Promise<ProofState['interim']> {
    const proof = await this.proofs.byId(proofId);
    const baseline = this.requireBaseline(proof);
    const seen = await this.events.find(this.db, proofId, 'daily_reading', asOf);
    if (seen) return interimOf(seen.payload);
    const rates = baselineRatesOf(baseline);
    if (!baseline.boundary || !rates) return null;
    const through = earlier(addDays(asOf, -1), proof.reporting_ends_on);
    const prices = await this.requirePrices();
    const rows = through < proof.implemented_on ? NO_ROWS : await this.reportingRows(proof, baseline, through, prices);
    const interim = interimReading(rates, rows.readings, ratesOnFor(prices, baseline.boundary.provider, baseline.boundary.model, rates.rates));
    return this.db.transaction(async (tx) => {
      await this.proofs.lock(tx, proofId);
      const event = await this.events.append(tx, proofId, 'daily_reading', asOf, {
        asOf,
        from: proof.implemented_on,
        through,
        ...interim,
        evidenceSha256: rows.evidence.sha256,
        rowCount: rows.rowCount,
        priceBookVersion: prices.version,
      });
      const recorded = interimOf(event.payload);
      await this.proofs.saveInterim(tx, proofId, recorded);
      return recorded;
    });
  }

  async calculateImprovements(proofId: string): Promise<{ verdict: ProofVerdict }> {
    const proof = await this.proofs.byId(proofId);
    if (proof.report && proof.verdict) return { verdict: proof.verdict };
    const baseline = this.requireBaseline(proof);
    const subject = await this.subjectOf(proof);
    const prices = await this.requirePrices();
    const last = await this.events.latest(this.db, proofId, 'daily_reading');
    // The period measured ends the day before the last reading's (the period's end, or the day the signal ended it).
    const through = last ? earlier(addDays(last.dedupeKey, -1), proof.reporting_ends_on) : addDays(proof.implemented_on, -1);
    const input = baselineInputOf(baseline);
    const rows = baseline.boundary && input && through >= proof.implemented_on ? await this.reportingRows(proof, baseline, through, prices) : NO_ROWS;
    let measurement: SavingsMeasurement | null = null;
    if (baseline.boundary && input) {
      measurement = measureSavings({
        baseline: input,
        reporting: { readings: rows.readings, ratesOn: ratesOnFor(prices, baseline.boundary.provider, baseline.boundary.model, input.rates) },
      });
    }
    const measured = baseline.sufficient && measurement ? measurement.verdict : 'insufficient_baseline';
    const verdict = finalVerdict(measured, measurement?.savings.days.length ?? 0);
    const report = proofReport({
      proofId,
      recommendationId: proof.recommendation_id,
      scope: subject.scope,
      currency: proof.currency.trim(),
      implementedOn: proof.implemented_on,
      reportingDays: proof.reporting_days,
      baseline,
      reporting: { from: proof.implemented_on, to: through, evidenceSha256: rows.evidence.sha256, rowCount: rows.rowCount },
      measurement: verdict === 'insufficient_baseline' ? null : measurement,
      verdict,
      priceBookVersions: [baseline.priceBookVersion, prices.version],
      generatedAt: new Date().toISOString(),
    });
    return this.db.transaction(async (tx) => {
      const locked = await this.proofs.lock(tx, proofId);
      if (locked.report && locked.verdict) return { verdict: locked.verdict };
      await this.proofs.saveResult(tx, proofId, { verdict, savings: verdict === 'insufficient_baseline' ? null : report.savings, report });
      return { verdict };
    });
  }

  async generateProofReport(proofId: string): Promise<{ sha256: string }> {
    return this.db.transaction(async (tx) => {
      const proof = await this.proofs.lock(tx, proofId);
      if (proof.sha256) return { sha256: proof.sha256 };
      if (!proof.report || !proof.verdict) throw new Error(`Proof ${proofId} has no calculated report to sign`);
      const signed = this.signer.sign(proof.report);
      await this.events.append(tx, proofId, 'verdict', ONCE, { verdict: proof.verdict, savings: proof.report.savings, reportSha256: signed.sha256, keyId: signed.keyId });
      await this.proofs.saveSignature(tx, proofId, signed);
      return { sha256: signed.sha256 };
    });
  }

  async failProof(proofId: string, reason: string): Promise<void> {
    await this.proofs.fail(proofId, reason);
  }

  private reportingRows(proof: ProofRow, baseline: ProofBaseline, through: string, prices: ProofPrices): Promise<BoundaryRows> {
    if (!baseline.boundary) return Promise.resolve(NO_ROWS);
    return boundaryRows(sqlRunnerOf(this.db), proof.org_id, baseline.boundary, { from: proof.implemented_on, to: through }, prices.resolve);
  }

  private async subjectOf(proof: ProofRow): Promise<ProofSubject> {
    const found = await this.recommendations.findWithFingerprint(proof.org_id, proof.recommendation_id);
    if (!found) throw new Error(`Proof ${proof.id}: recommendation ${proof.recommendation_id} does not exist`);
    const { recommendation, fingerprint } = found;
    return { kind: recommendation.kind, scope: recommendation.scope, currency: recommendation.currency, fingerprint };
  }

  private async requirePrices(): Promise<ProofPrices> {
    const prices = await this.prices.active();
    if (!prices) throw new Error('No price-book version is active, so the proof cannot price its scope');
    return prices;
  }

  private requireBaseline(proof: ProofRow): ProofBaseline {
    if (!proof.baseline) throw new Error(`Proof ${proof.id} has no baseline yet`);
    return proof.baseline;
  }
}

/** The interim reading a daily-reading event recorded. */
function interimOf(payload: unknown): NonNullable<ProofState['interim']> {
  const { days, actual, adjustedBaseline, savings } = payload as NonNullable<ProofState['interim']>;
  return { days, actual, adjustedBaseline, savings };
}
