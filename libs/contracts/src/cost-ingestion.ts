import type { CostConnectionStatus } from './cost-connections';

/*
 * Cost ingestion as durable processes. On connect, `cost-backfill-<connectionId>` ingests the last months one
 * at a time, each as a child `ingest-<connectionId>-<YYYY-MM>`; afterwards the Schedule `cost-sync-<connectionId>`
 * re-ingests the recent months. An ingestion stages each API page once, keyed by (source, page), and replaces
 * the month's rows in one transaction at the end.
 */

// ---- Workflow ids and names -------------------------------------------------------------------------------

export const costBackfillWorkflowName = 'costBackfillWorkflow';
export const costSyncWorkflowName = 'costSyncWorkflow';
export const costIngestionWorkflowName = 'costIngestionWorkflow';

export const costBackfillWorkflowId = (connectionId: string) => `cost-backfill-${connectionId}`;
/** `month` is `YYYY-MM`. */
export const costIngestionWorkflowId = (connectionId: string, month: string) => `ingest-${connectionId}-${month}`;
export const costSyncScheduleId = (connectionId: string) => `cost-sync-${connectionId}`;
/** The id of the workflow each scheduled sync starts (Temporal appends the scheduled time). */
export const costSyncWorkflowId = (connectionId: string) => `cost-sync-${connectionId}`;

/** A connection is backfilled once: a repeated connect request finds the running (or finished) backfill. */
export const costBackfillStartPolicy = {
  workflowIdConflictPolicy: 'USE_EXISTING',
  workflowIdReusePolicy: 'REJECT_DUPLICATE',
} as const;

/** How many months a scheduled sync re-ingests: the current one and the one before, which providers still amend. */
export const COST_SYNC_RECENT_MONTHS = 2;

// ---- Inputs, results, query and signal ---------------------------------------------------------------------

/** One calendar month of cost data: [start, end) in whole UTC days; a month still running ends tomorrow. */
export interface IngestionPeriod {
  /** `YYYY-MM` */
  month: string;
  /** `YYYY-MM-DD` */
  start: string;
  /** `YYYY-MM-DD`, exclusive */
  end: string;
}

export interface CostBackfillInput {
  orgId: string;
  connectionId: string;
  /** COST_BACKFILL_MONTHS: months to ingest, the current one included. */
  months: number;
}

export interface CostSyncInput {
  orgId: string;
  connectionId: string;
}

export interface CostIngestionInput {
  orgId: string;
  connectionId: string;
  period: IngestionPeriod;
  /** Signal `costPageStored` to the parent workflow after each page (the backfill shows it as progress). */
  reportsProgress?: boolean;
}

export interface CostIngestionResult {
  /** `connection_gone`: the connection was disconnected (or deleted) meanwhile; nothing was replaced. */
  outcome: 'loaded' | 'connection_gone';
  sourceId: string;
  pages: number;
  rows: number;
  /** Times an expired or broken page token sent the ingestion back to its last stored page. */
  restarts: number;
}

export interface CostSyncResult {
  months: { month: string; outcome: CostIngestionResult['outcome'] | 'already_running' }[];
  failure: string | null;
}

/** Query of `cost-backfill-<connectionId>`; answers a CostBackfillProgress. */
export const costBackfillProgressQuery = 'costBackfillProgress';
/** Signal an ingestion sends its parent after each stored page. */
export const costPageStoredSignal = 'costPageStored';

export interface CostPageStored {
  month: string;
  pagesDone: number;
  rowsSoFar: number;
}

// ---- Activities ---------------------------------------------------------------------------------------------

/**
 * ApplicationFailure types the ingestion activities throw. All three are non-retryable: retrying the same call
 * cannot help. An expired page token sends the ingestion back to its checkpoint instead.
 */
export const CostIngestionFailure = {
  /** The provider refused the stored credentials; the customer has to act. */
  credentialsRejected: 'CostCredentialsRejected',
  /** The provider refused the request itself (unknown account, missing permission, bad settings). */
  permanent: 'CostIngestionPermanentError',
  /** The page token is expired or no longer accepted. */
  pageTokenExpired: 'CostPageTokenExpired',
  /** The connection was disconnected while it was being ingested. */
  connectionGone: 'CostConnectionGone',
} as const;

export interface CostSourceRef {
  orgId: string;
  connectionId: string;
  /** The cost source this ingestion writes; chosen by the workflow so a retried activity finds the same one. */
  sourceId: string;
}

export interface StageCostPageInput extends CostSourceRef {
  period: IngestionPeriod;
  /** 1-based. */
  pageNumber: number;
  /** The token that fetches this page; null for the first. */
  pageToken: string | null;
  /**
   * Fetch again even when the page is stored with this token: after the token of the page that follows expired,
   * to get a fresh one. The page's rows are then replaced, never added.
   */
  refresh: boolean;
}

export interface StagedCostPage {
  pageNumber: number;
  rowCount: number;
  nextPageToken: string | null;
  /** False when the page had been stored already with this token and was not fetched again. */
  fetched: boolean;
}

export interface ReplacedCostPeriod {
  outcome: 'loaded' | 'connection_gone';
  rowCount: number;
  /** Earlier sources of the same months whose rows this one replaced. */
  replacedSources: number;
}

export interface SetCostConnectionStatusInput {
  orgId: string;
  connectionId: string;
  status: CostConnectionStatus;
  lastError: string | null;
  /** Changes the status only from one of these; a disconnected connection is never changed. */
  onlyFrom: CostConnectionStatus[];
}

export interface CostIngestionActivities {
  /** Creates the source (status loading) unless it exists; `connection_gone` when the connection is no longer active. */
  beginCostSource(input: CostSourceRef & { period: IngestionPeriod }): Promise<'started' | 'connection_gone'>;
  /** Fetches one page (heartbeating) and stages its rows under (source, page); a page stored with the same token is not fetched again. */
  stageCostPage(input: StageCostPageInput): Promise<StagedCostPage>;
  /**
   * In one transaction: deletes the connection's earlier rows of the period, promotes the staged pages 1 to `pages`
   * (a page staged beyond the last one, from before a restart, is dropped), marks the earlier sources replaced.
   */
  replaceCostPeriod(input: CostSourceRef & { period: IngestionPeriod; pages: number }): Promise<ReplacedCostPeriod>;
  /** Marks the source failed and drops its staged pages; the rows of earlier sources stay. */
  failCostSource(input: CostSourceRef & { reason: string }): Promise<void>;
  /** True when the status changed. */
  setCostConnectionStatus(input: SetCostConnectionStatusInput): Promise<boolean>;
}
