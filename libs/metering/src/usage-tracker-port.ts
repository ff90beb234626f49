import type { UsageSummary } from '@apex/contracts';

export interface ApiCallRecord {
  orgId: string;
  userId: string | null;
  apiKeyId: string | null;
  /** The Idempotency-Key header when given, otherwise the request id. */
  idempotencyKey: string;
  endpoint: string;
  method: string;
  statusCode: number;
  rejected: boolean;
  tokens: number;
}

export interface RunUsageRecord {
  orgId: string;
  userId: string;
  runId: string;
  tokensUsed: number;
  /** Decimal string. */
  costSaved: string;
}

/**
 * Records usage exactly once per idempotency key, as an event with balanced
 * ledger entries, and reports it.
 */
export abstract class UsageTrackerPort {
  abstract trackApiCall(record: ApiCallRecord): Promise<void>;
  abstract trackOptimizationRun(record: RunUsageRecord): Promise<void>;
  abstract getUsageSummary(scope: { userId: string } | { orgId: string }): Promise<UsageSummary>;
}
