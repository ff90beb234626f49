import type { CostProvider } from './cost-rows';

/** Providers whose billing data Apex pulls through their APIs (FOCUS files are uploaded instead). */
export const CONNECTABLE_COST_PROVIDERS = ['aws', 'azure', 'gcp', 'openai'] as const;
export type ConnectableCostProvider = (typeof CONNECTABLE_COST_PROVIDERS)[number];

/**
 * - `pending`: saved, the backfill has not started yet.
 * - `backfilling`: the first months are being ingested; `backfill` on the view says how far it got.
 * - `active`: ingested, synced on the schedule.
 * - `failing`: the last ingestion failed for a reason retrying cannot fix (see `lastError`).
 * - `disconnected`: no longer synced; its credentials are erased, the rows it ingested stay.
 */
export const COST_CONNECTION_STATUSES = ['pending', 'backfilling', 'active', 'failing', 'disconnected'] as const;
export type CostConnectionStatus = (typeof COST_CONNECTION_STATUSES)[number];

/**
 * Credentials as the provider names them; write only. aws: `{kind: 'access_key', accessKeyId, secretAccessKey,
 * sessionToken?}` or `{kind: 'assume_role', roleArn, externalId?}`; azure: `{tenantId, clientId, clientSecret}`;
 * gcp: `{serviceAccountKey}` (the JSON key file, as text or object); openai: `{adminKey}`.
 */
export type CostConnectionCredentials = Record<string, unknown>;
/**
 * What is not secret, per provider: aws `{region?}`; azure `{scope, costType?}`; gcp `{table, format?, jobProjectId?,
 * location?}`; openai `{}`. Shown back with the defaults filled in.
 */
export type CostConnectionSettings = Record<string, string | number | boolean | null>;

export interface CreateCostConnectionRequest {
  provider: ConnectableCostProvider;
  name: string;
  credentials: CostConnectionCredentials;
  settings?: CostConnectionSettings;
}

export type CostPeriodProgressState = 'waiting' | 'ingesting' | 'done' | 'failed';

/** One month of a backfill. How many pages a month has is known only once its last page is stored. */
export interface CostPeriodProgress {
  /** The month, `YYYY-MM`. */
  period: string;
  state: CostPeriodProgressState;
  pagesDone: number;
  rowsSoFar: number;
}

/** A backfill as its workflow reports it while it runs. */
export interface CostBackfillProgress {
  state: 'running' | 'completed' | 'failed';
  monthsTotal: number;
  monthsDone: number;
  /** Pages stored so far, over all months. */
  pagesDone: number;
  /** Rows stored so far, over all months. */
  rowsSoFar: number;
  /** The month being ingested now, `YYYY-MM`; null before the first and after the last. */
  currentPeriod: string | null;
  /** Newest month first, the order they are ingested in. */
  periods: CostPeriodProgress[];
  failure: string | null;
}

/** A cost connection as the API shows it. Credentials never leave the server. */
export interface CostConnectionView {
  id: string;
  provider: CostProvider;
  name: string;
  status: CostConnectionStatus;
  settings: CostConnectionSettings;
  createdAt: string;
  lastSyncedAt: string | null;
  lastError: string | null;
  /** How often the connection is synced (`1d`, `6h`...); null for uploads and disconnected connections. */
  syncEvery: string | null;
  /** Live progress while the first backfill runs; null otherwise or while it cannot be read. */
  backfill: CostBackfillProgress | null;
}
