import { Transform, TransformCallback } from 'node:stream';
import type { SqlClient } from '../sources/sql-client';

/** What the organisation's plan lets one upload add. */
export interface UploadQuota {
  /** Rows this upload may carry. */
  uploadRows: number;
  /** Cost rows the organisation may hold once the upload has replaced what it replaces. */
  heldRows: number;
  /** Decompressed bytes of uploaded files the organisation may hold, this one included. */
  heldBytes: number;
}

export type UploadQuotaLimit = keyof UploadQuota;

/** The upload passed a limit of the organisation's plan; reading stopped there and nothing was stored. */
export class CostDataLimitReached extends Error {
  constructor(
    readonly limit: UploadQuotaLimit,
    /** The plan's value of the limit. */
    readonly allowed: number,
    /** What the upload had reached when it stopped (rows or bytes; a lower bound while it was still being read). */
    readonly reached: number,
  ) {
    super(`The upload passed its ${limit} limit of ${allowed} (reached ${reached}).`);
  }
}

/** The first limit that `rows` and `bytes` of one upload pass on their own, or null. */
export function limitPassedByUpload(quota: UploadQuota, rows: number, bytes: number): CostDataLimitReached | null {
  if (rows > quota.uploadRows && quota.uploadRows <= quota.heldRows) return new CostDataLimitReached('uploadRows', quota.uploadRows, rows);
  if (rows > quota.heldRows) return new CostDataLimitReached('heldRows', quota.heldRows, rows);
  if (bytes > quota.heldBytes) return new CostDataLimitReached('heldBytes', quota.heldBytes, bytes);
  return null;
}

/** The first limit the organisation's holdings pass, or null. */
export function limitPassedByHoldings(quota: UploadQuota, held: HeldCostData): CostDataLimitReached | null {
  if (held.rows > quota.heldRows) return new CostDataLimitReached('heldRows', quota.heldRows, held.rows);
  if (held.bytes > quota.heldBytes) return new CostDataLimitReached('heldBytes', quota.heldBytes, held.bytes);
  return null;
}

export interface UploadMeterOptions {
  quota?: UploadQuota;
  /** Rows read so far (by the step after this one). */
  rows: () => number;
  /** Bytes of the body received so far. */
  received: () => number;
  onProgress?: (receivedBytes: number, rows: number) => void;
}

/**
 * Passes the decompressed file through, counting its bytes, and fails with CostDataLimitReached as soon as the
 * file or the rows read so far pass the quota; tells `onProgress` how far the upload has come on every chunk.
 */
export class UploadMeter extends Transform {
  private inflated = 0;

  constructor(private readonly options: UploadMeterOptions) {
    super();
  }

  get bytes(): number {
    return this.inflated;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.inflated += chunk.length;
    const rows = this.options.rows();
    const passed = this.options.quota ? limitPassedByUpload(this.options.quota, rows, this.inflated) : null;
    if (passed) return callback(passed);
    this.options.onProgress?.(this.options.received(), rows);
    callback(null, chunk);
  }
}

export interface HeldCostData {
  rows: number;
  bytes: number;
}

/** What the organisation holds as its transaction sees it: its cost rows (counted by the rollups, which keep them exactly), and the decompressed bytes of the files still holding rows. */
export async function heldCostData(client: SqlClient, orgId: string): Promise<HeldCostData> {
  const { rows } = await client.query<{ rows: string; bytes: string }>(
    `SELECT (SELECT coalesce(sum(row_count), 0) FROM cost_daily_rollups WHERE org_id = $1)::text AS rows,
            (SELECT coalesce(sum(file_bytes), 0) FROM cost_sources WHERE org_id = $1 AND status = 'loaded')::text AS bytes`,
    [orgId],
  );
  return { rows: Number(rows[0].rows), bytes: Number(rows[0].bytes) };
}

/** Keeps the decompressed size of a loaded file, which the bytes the organisation holds are summed from. */
export async function recordFileBytes(client: SqlClient, source: { id: string; orgId: string }, bytes: number): Promise<void> {
  await client.query('UPDATE cost_sources SET file_bytes = $3 WHERE id = $1 AND org_id = $2', [source.id, source.orgId, bytes]);
}
