import type { Feature, Tier, UpgradeOffer } from './plans';
import type { RunVerifiedSavings } from './savings';

export interface RunWindowView {
  limit: number;
  used: number;
  remaining: number;
  windowSeconds: number;
  /** When the next slot frees (the oldest admitted run turns `windowSeconds` old); null if none is used. */
  resetAt: string | null;
}

export interface UsageTotals {
  apiCalls: number;
  rejectedApiCalls: number;
  agentRuns: number;
  tokens: number;
  /**
   * The verified savings of the recommendations first found by the runs counted here (decimal string), read from
   * their proofs when asked; '0' until a proof is verified. It is the amount when the savings are in one currency; with
   * several no single sum is honest, so it is '0' and `costSavedByCurrency` holds each.
   */
  costSaved: string;
  /** The same per currency, with the proofs that make it up (set by the API). */
  costSavedByCurrency?: RunVerifiedSavings[];
}

export interface UsageSummary {
  scope: 'user' | 'organization';
  tier: Tier;
  runs: RunWindowView;
  /** Usage in the current rolling window and in the current calendar month (UTC). */
  window: UsageTotals;
  period: UsageTotals & { start: string; end: string };
}

/** Extension members of the 429 problem when a limit stops a request. */
export interface LimitReachedProblem {
  limit: number;
  used: number;
  resetAt: string | null;
  upgrade: UpgradeOffer | null;
}

/** Extension members of the 403 problem when the tier lacks a feature. */
export interface FeatureGatedProblem {
  feature: Feature;
  requiredTier: Tier | null;
  upgrade: UpgradeOffer | null;
}

export const RUN_STATUSES = ['admitted', 'running', 'succeeded', 'failed', 'cancelled', 'failed_to_start'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export interface RunView {
  id: string;
  status: RunStatus;
  workflowId: string;
  admittedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  tokensUsed: number;
  /**
   * The verified savings of the recommendations this run found first (decimal string), read from their proofs:
   * '0' until one is verified, never what the run found (a potential). With savings in several currencies it is '0' and
   * `costSavedByCurrency` holds each.
   */
  costSaved: string;
  /** The same per currency, with the proofs that make it up (set by the API). */
  costSavedByCurrency?: RunVerifiedSavings[];
  failure: string | null;
}

export const runWorkflowId = (runId: string) => `run-${runId}`;
export const supervisorRunWorkflowName = 'supervisorRunWorkflow';
