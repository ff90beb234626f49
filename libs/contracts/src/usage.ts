import type { Feature, Tier, UpgradeOffer } from './plans';

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
  /** Decimal string, in the currency of the measured spend. */
  costSaved: string;
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
  costSaved: string;
  failure: string | null;
}

export const runWorkflowId = (runId: string) => `run-${runId}`;
export const supervisorRunWorkflowName = 'supervisorRunWorkflow';
