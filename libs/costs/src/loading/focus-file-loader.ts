import { randomUUID } from 'node:crypto';
import { Duplex, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool, PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { DataSource } from 'typeorm';
import type { CostFileUploaded } from '@apex/contracts';
import { AppConfig } from '@apex/config';
import { COST_ROW_COPY_COLUMNS, STORED_FOCUS_COLUMNS, snakeCase } from '../focus/canonical-columns';
import { beginFileSource, completeFileSource, replaceEarlierRows } from '../sources/file-sources';
import { recordFileSourceWarnings } from '../sources/file-source-warnings';
import { recordFileSourceFormat, sourceFormatOf } from '../sources/file-source-format';
import { refreshStatisticsAfterLoad } from '../sources/cost-statistics';
import { uploadConnectionFor } from '../sources/upload-connection';
import { ByteLimit } from './byte-limit';
import { CostFileRejected, CostFileTooLarge, FileProblems, FileWarnings } from './file-problems';
import { FocusCsvToCopy } from './focus-csv-to-copy';
import { CostDataLimitReached, heldCostData, limitPassedByHoldings, limitPassedByUpload, recordFileBytes, UploadMeter, UploadQuota } from './upload-quota';

export interface FocusFileUpload {
  orgId: string;
  /** Who uploads; null for a caller that is no person. */
  userId: string | null;
  fileName: string;
  /** The FOCUS version the uploader names; detected from the header when absent. */
  focusVersion?: string;
  /** A provider's own cost export (AWS CUR, Azure cost details, …) is converted to FOCUS too; FOCUS files only when absent. */
  nativeFormats?: boolean;
  /** The bytes as sent. */
  body: Readable;
  /** The body is declared gzip (content type or encoding). A body that starts like gzip is read as gzip anyway. */
  gzip: boolean;
  /** A limit below COST_FILE_MAX_SIZE for this upload (the sandbox's); it bounds the inflated size the same way. */
  maxBytes?: number;
  /** The plan's caps on this upload; passing one stops reading at once (CostDataLimitReached), nothing stored. */
  quota?: UploadQuota;
  /** Aborted when the upload is no longer wanted (its client went away): the load stops and rolls back. */
  signal?: AbortSignal;
  /** Told the body bytes received and the rows read so far, as the load goes on. */
  onProgress?: (receivedBytes: number, rows: number) => void;
}

const COPY_SQL = `COPY cost_rows (${COST_ROW_COPY_COLUMNS.join(', ')}) FROM STDIN`;
const GZIP_MAGIC = [0x1f, 0x8b];
/** A gzip body may inflate to this many times the upload limit before it is refused. */
const INFLATION_ALLOWANCE = 16;

/**
 * Loads a FOCUS CSV into cost_rows, whole or not at all. In one transaction: the organisation's upload
 * connection and a `loading` source, then the body streamed through (gunzip →) CSV records → checks and mapping
 * (totals and period counted on the way) → COPY into cost_rows, with backpressure from the database back to the
 * request; then the earlier rows of the file's charge period are replaced and the source marked `loaded`. A file
 * with any problem rolls everything back and is reported (CostFileRejected) with file, line and column; a body
 * over the limit stops reading at once (CostFileTooLarge). What FOCUS does not allow but moves no amount (a column
 * without the x_ prefix, a null where no figure reads it, a value outside the allowed ones of a pricing or commitment
 * column, an amount written as a spreadsheet shows it) only warns: the file loads, and the answer and its source
 * keep the warnings by kind.
 */
@Injectable()
export class FocusFileLoader {
  private readonly maxBytes: number;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    config: AppConfig,
  ) {
    this.maxBytes = config.costs.fileMaxBytes;
  }

  async load(upload: FocusFileUpload): Promise<CostFileUploaded> {
    const client: PoolClient = await (this.db.driver as unknown as { master: Pool }).master.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      await client.query("SET LOCAL TimeZone = 'UTC'");
      const result = await this.loadInTransaction(client, upload);
      upload.signal?.throwIfAborted();
      await client.query('COMMIT');
      await refreshStatisticsAfterLoad(client, result.rowCount);
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
      throw error;
    } finally {
      client.release(broken);
    }
  }

  private async loadInTransaction(client: PoolClient, upload: FocusFileUpload): Promise<CostFileUploaded> {
    const connectionId = await uploadConnectionFor(client, upload.orgId, upload.userId);
    const sourceId = randomUUID();
    await beginFileSource(client, { id: sourceId, orgId: upload.orgId, connectionId, fileName: upload.fileName, userId: upload.userId });

    const problems = new FileProblems(upload.fileName);
    const warnings = new FileWarnings(upload.fileName);
    const maxBytes = Math.min(upload.maxBytes ?? this.maxBytes, this.maxBytes);
    const sent = new ByteLimit(maxBytes, 'body', { sha256: true });
    const toCopy = new FocusCsvToCopy({ provenance: { orgId: upload.orgId, connectionId, sourceId }, problems, warnings, focusVersion: upload.focusVersion, nativeFormats: upload.nativeFormats });
    const inflated = new ByteLimit(maxBytes * INFLATION_ALLOWANCE, 'decompressed file');
    const meter = new UploadMeter({ quota: upload.quota, rows: () => toCopy.rows, received: () => sent.bytes, onProgress: upload.onProgress });
    const copy = client.query(copyFrom(COPY_SQL));
    try {
      await pipeline(upload.body, sent, Duplex.from(gunzipWhenGzip(upload.gzip)), inflated, meter, toCopy, copy, { signal: upload.signal });
    } catch (error) {
      if (error instanceof CostFileTooLarge || error instanceof CostDataLimitReached) throw error;
      const zlib = (error as { code?: string }).code;
      if (zlib === 'Z_BUF_ERROR') problems.add(toCopy.line, null, 'The gzip stream ends early: the file was cut short.');
      else if (zlib?.startsWith('Z_')) problems.add(toCopy.line, null, `The body is not valid gzip (${(error as Error).message}).`);
      else if (!reportCopyError(error, toCopy, problems)) throw error;
    }
    upload.onProgress?.(sent.bytes, toCopy.rows);
    const summary = toCopy.summary;
    if (problems.count > 0 || !toCopy.plan || !summary) throw CostFileRejected.from(problems);
    const overUpload = upload.quota && limitPassedByUpload(upload.quota, summary.rowCount, meter.bytes);
    if (overUpload) throw overUpload;

    const period = { periodStart: summary.periodStart, periodEnd: summary.periodEnd };
    const replaced = await replaceEarlierRows(client, { orgId: upload.orgId, connectionId, sourceId, ...period });
    await completeFileSource(client, {
      id: sourceId,
      orgId: upload.orgId,
      connectionId,
      focusVersion: toCopy.plan.version,
      sha256: sent.digest(),
      rowCount: summary.rowCount,
      ...period,
    });
    await recordFileSourceWarnings(client, { id: sourceId, orgId: upload.orgId }, warnings.listed);
    await recordFileSourceFormat(client, { id: sourceId, orgId: upload.orgId }, toCopy.nativeFormat);
    await recordFileBytes(client, { id: sourceId, orgId: upload.orgId }, meter.bytes);
    const overHoldings = upload.quota && limitPassedByHoldings(upload.quota, await heldCostData(client, upload.orgId));
    if (overHoldings) throw overHoldings;
    return {
      sourceId,
      fileName: upload.fileName,
      focusVersion: toCopy.plan.version,
      sourceFormat: sourceFormatOf(toCopy.nativeFormat),
      rowCount: summary.rowCount,
      periodStart: new Date(summary.periodStart).toISOString(),
      periodEnd: new Date(summary.periodEnd).toISOString(),
      totals: [{ currency: summary.currency, rowCount: summary.rowCount, billedCost: summary.billedCost, effectiveCost: summary.effectiveCost }],
      replaced,
      warnings: warnings.listed,
    };
  }
}

/**
 * A pipeline step that gunzips the body when it is declared gzip or starts like gzip (1f 8b), and passes it
 * through untouched otherwise. Backpressure and errors of the inner gunzip carry through the generator.
 */
function gunzipWhenGzip(declared: boolean): (source: AsyncIterable<Buffer>) => AsyncGenerator<Buffer> {
  return async function* (source) {
    const chunks = source[Symbol.asyncIterator]();
    let head = Buffer.alloc(0);
    while (head.length < GZIP_MAGIC.length) {
      const next = await chunks.next();
      if (next.done) break;
      head = Buffer.concat([head, next.value]);
    }
    const body = (async function* () {
      if (head.length) yield head;
      for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value;
    })();
    if (!declared && !(head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1])) {
      yield* body;
      return;
    }
    const gunzip = createGunzip();
    const feeding = pipeline(Readable.from(body), gunzip);
    // A failure of the feeding also fails the loop below, which reports it.
    feeding.catch(() => undefined);
    for await (const chunk of gunzip) yield chunk as Buffer;
    await feeding;
  };
}

/** Maps an error PostgreSQL raised during COPY ("COPY cost_rows, line 5, column billed_cost: …") to the file. */
function reportCopyError(error: unknown, toCopy: FocusCsvToCopy, problems: FileProblems): boolean {
  const pgError = error as { code?: string; where?: string; message?: string };
  if (!pgError.code || !/^2[23]/.test(pgError.code) || !pgError.where) return false;
  const match = /COPY cost_rows, line (\d+)(?:, column (\w+))?/.exec(pgError.where);
  if (!match) return false;
  const focusId = STORED_FOCUS_COLUMNS.find((id) => snakeCase(id) === match[2]);
  const column = focusId ? (toCopy.plan?.columns.find((c) => c.spec?.id === focusId)?.name ?? focusId) : null;
  problems.add(toCopy.fileLineOfCopyLine(Number(match[1])), column, `The value cannot be stored: ${pgError.message}.`);
  return true;
}
