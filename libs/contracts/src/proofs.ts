import type { RecommendationScope } from './optimizer';

/*
 * Proof of savings: `proof-<recommendationId>` measures what an implemented recommendation changed, the way
 * IPMVP Option B and ASHRAE Guideline 14 prove energy savings. Words mean one thing: a proof in progress is
 * *measured*; only a proof's `verified` verdict is a saving. Every amount is a decimal string in `currency`.
 */

export const proofWorkflowId = (recommendationId: string) => `proof-${recommendationId}`;
export const proofWorkflowName = 'proofWorkflow';

/** One proof per recommendation: starting it again (the user confirms twice) joins the one that exists. */
export const proofWorkflowStartPolicy = {
  workflowIdConflictPolicy: 'USE_EXISTING',
  workflowIdReusePolicy: 'REJECT_DUPLICATE',
} as const;

/** Signal: end the reporting period now; a period ended before 7 days were measured verifies nothing (inconclusive at best). */
export const endReportingPeriodSignalName = 'endReportingPeriod';
/** Query: the proof's state and its latest interim reading. */
export const proofStateQueryName = 'proofState';

export const PROOF_STATUSES = ['baseline', 'measuring', 'calculating', 'finished', 'failed'] as const;
export type ProofStatus = (typeof PROOF_STATUSES)[number];

export const PROOF_VERDICTS = ['verified', 'inconclusive', 'no_savings', 'insufficient_baseline'] as const;
export type ProofVerdict = (typeof PROOF_VERDICTS)[number];

export interface ProofInput {
  proofId: string;
  orgId: string;
  recommendationId: string;
  /** YYYY-MM-DD: the first day the change was in effect. */
  implementedOn: string;
  /** Days of the reporting period (config, at least 7). */
  reportingDays: number;
}

/** Unit costs of the baseline, per model and token kind. */
export interface BaselineUnitCosts {
  model: string;
  /** Null where the price book has no price for the kind. */
  uncachedInputPer1k: string | null;
  cachedInputPer1k: string | null;
  outputPer1k: string | null;
  perRequest: string | null;
}

/**
 * The measurement boundary (IPMVP Option B): the recommendation's scope, widened to where its change sends the
 * scope's traffic (a substitution's target model), with volumes counted as they would be without the change.
 */
export interface ProofBoundary {
  currency: string;
  /** Canonical provider. */
  provider: string;
  /** The canonical model the baseline is priced at. */
  model: string;
  /** Every canonical model whose rows are inside, the scope's model first. */
  models: string[];
  service: string | null;
  resource: string | null;
  /** Cached input tokens counted as uncached (a caching change: without it they would not be cached). */
  cachedAsUncached: boolean;
}

/** A day's volumes in the measurement boundary, decimal strings: tokens of each kind and requests. */
export interface ProofVolumes {
  uncachedInput: string;
  cachedInput: string;
  output: string;
  requests: string;
}

/** The price book's per-kind list rates the baseline is priced at: USD per million tokens, per request; null where unpriced. */
export interface ProofKindRates {
  uncachedInputMtok: string | null;
  cachedInputMtok: string | null;
  outputMtok: string | null;
  perRequest: string | null;
}

export interface ProofBaseline {
  from: string;
  to: string;
  calendarDays: number;
  daysWithReadings: number;
  /** Percent, two decimals. */
  coveragePercent: string;
  sufficient: boolean;
  /** Why the baseline cannot carry a measurement, in plain words; null when it can. */
  shortfall: string | null;
  total: string;
  unitCosts: BaselineUnitCosts[];
  /** The scope's model's list rates on the baseline's last day; null when the price book does not price it. */
  listRates: ProofKindRates | null;
  /** k = baseline actual ÷ baseline at list: the customer's discount or markup, kept in the adjusted baseline. */
  effectiveRate: string | null;
  /** Null when the recommendation has no boundary a proof can measure (see `shortfall`). */
  boundary: ProofBoundary | null;
  daily: Array<{ date: string; actual: string; volumes: ProofVolumes }>;
  priceBookVersion: number;
  /** SHA-256 over the baseline rows' ids and amounts (the optimizer's evidence digest). */
  evidenceSha256: string;
  rowCount: number;
}

/** One day of the reporting period: actual against the adjusted baseline. */
export interface ProofReading {
  date: string;
  actual: string;
  /** Baseline unit costs × this day's volumes. */
  routineBaseline: string;
  /** The repricing for a provider's price change (negative for a cut), so that Apex takes no credit for it. */
  nonRoutineAdjustment: string;
  adjustedBaseline: string;
  savings: string;
}

export interface ProofUncertainty {
  /**
   * ASHRAE Guideline 14's savings uncertainty, lag-1 autocorrelation corrected: the savings lie within ± this amount
   * (in `currency`) at 68 % and 90 % confidence; null when it cannot be estimated.
   */
  at68: string | null;
  at90: string | null;
  /** The same as a share of the savings (ΔS ÷ S, the fractional savings uncertainty); null without savings. */
  fractional68: string | null;
  fractional90: string | null;
  cvRmse: string | null;
  autocorrelation: string | null;
}

/** The canonical report a proof signs. */
export interface ProofReport {
  proofId: string;
  recommendationId: string;
  scope: RecommendationScope;
  currency: string;
  implementedOn: string;
  baseline: ProofBaseline;
  reporting: { from: string; to: string; days: number; readings: ProofReading[]; evidenceSha256: string; rowCount: number };
  adjustments: { routineBaseline: string; nonRoutine: string; priceBookVersions: number[] };
  actual: string;
  adjustedBaseline: string;
  savings: string;
  savingsPercent: string | null;
  uncertainty: ProofUncertainty;
  verdict: ProofVerdict;
  method: string;
  generatedAt: string;
}

/** A report as signed: its canonical JSON's SHA-256 and the Ed25519 signature of that digest. */
export interface SignedProofReport {
  report: ProofReport;
  /** Hex SHA-256 of the canonical JSON (keys sorted, no whitespace). */
  sha256: string;
  /** Base64 Ed25519 signature over the SHA-256 digest bytes. */
  signature: string;
  /** Id of the signing key (the first 16 hex of the SHA-256 of its raw public key). */
  keyId: string;
}

/** GET /proofs/public-key: the key that verifies signed reports. */
export interface ProofPublicKey {
  algorithm: 'Ed25519';
  /** The `keyId` that signed reports carry. */
  keyId: string;
  /** SPKI PEM. */
  pem: string;
}

/** Why a signed report does not verify: its content changed, its signature is wrong, or another key signed it. */
export type ProofVerificationProblem = 'altered' | 'bad_signature' | 'unknown_key';

export interface ProofVerification {
  valid: boolean;
  problem: ProofVerificationProblem | null;
}

export const PROOF_EVENT_KINDS = ['baseline_captured', 'implementation_confirmed', 'daily_reading', 'verdict'] as const;
export type ProofEventKind = (typeof PROOF_EVENT_KINDS)[number];

/** One link of the proof's hash chain: hash = SHA-256(previous hash ‖ canonical JSON of kind and payload). */
export interface ProofEvent {
  sequence: number;
  kind: ProofEventKind;
  payload: unknown;
  previousHash: string | null;
  hash: string;
  at: string;
}

/** The proof workflow's query answer. */
export interface ProofState {
  status: ProofStatus;
  /** The latest interim reading: savings so far, measured, not yet verified. */
  interim: { days: number; actual: string; adjustedBaseline: string; savings: string } | null;
  reportingEndsOn: string | null;
  verdict: ProofVerdict | null;
}

/** GET /proofs/:id */
export interface ProofView {
  id: string;
  recommendationId: string;
  status: ProofStatus;
  implementedOn: string;
  reportingDays: number;
  reportingEndsOn: string;
  verdict: ProofVerdict | null;
  currency: string;
  /** Set once finished: the verified (or not) savings of the reporting period. */
  savings: string | null;
  interim: ProofState['interim'];
  signed: SignedProofReport | null;
  createdAt: string;
  finishedAt: string | null;
}

/** The proof's activities; each idempotent under retry. */
export interface ProofActivities {
  /** Records the confirmed implementation and captures the baseline: the 30–90 days before it, in the recommendation's scope. */
  captureBaselineMetrics(proofId: string): Promise<{ sufficient: boolean; reportingEndsOn: string }>;
  /** The reporting period so far, recorded as the day's reading in the hash chain (keyed by date: a retry adds nothing). */
  recordDailyReading(proofId: string, asOf: string): Promise<ProofState['interim']>;
  /** Savings, uncertainty and verdict over the reporting period. */
  calculateImprovements(proofId: string): Promise<{ verdict: ProofVerdict }>;
  /** Canonical JSON, SHA-256, Ed25519; the verdict event closes the chain. */
  generateProofReport(proofId: string): Promise<{ sha256: string }>;
  /** Marks the proof failed with a reason the user can read. */
  failProof(proofId: string, reason: string): Promise<void>;
}
