import { Readable, Transform, TransformCallback, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import type { Request } from 'express';
import { CostFileRejected, CostFileTooLarge, FileProblems } from '@apex/costs';
import { sandboxUnsupportedType } from './sandbox-problems';

const CSV_TYPES = new Set(['text/csv', 'application/csv', 'text/plain', 'application/vnd.ms-excel', 'application/octet-stream']);
const GZIP_TYPES = new Set(['application/gzip', 'application/x-gzip']);
const JSON_TYPE = 'application/json';
const JSON_NAME = /\.json(\.gz)?$/i;
export const SANDBOX_UPLOAD_PATH = '/api/v1/sandboxes';

/** A FOCUS CSV for the cost file loader, or the JSON of an OpenAI usage export; either may come gzipped. */
export interface SandboxBody {
  format: 'focus-csv' | 'openai-json';
  gzip: boolean;
}

/**
 * What the sandbox body is, by its type and file name: `application/json`, or a `.json` (`.json.gz`) name sent as
 * a generic or gzip type, is an OpenAI usage export; the CSV and gzip types are FOCUS. Any other type is refused
 * (415) before anything is stored.
 */
export function sandboxBody(contentType: string | undefined, contentEncoding: string | undefined, fileName: string): SandboxBody {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  const charset = /;\s*charset="?([^";]+)/i.exec(contentType ?? '')?.[1].toLowerCase();
  if (type !== JSON_TYPE && !CSV_TYPES.has(type) && !GZIP_TYPES.has(type)) throw sandboxUnsupportedType(type);
  if (charset && charset !== 'utf-8' && charset !== 'utf8' && charset !== 'us-ascii') throw sandboxUnsupportedType(`${type}; charset=${charset}`);
  const encoding = (contentEncoding ?? 'identity').trim().toLowerCase();
  if (encoding !== 'identity' && encoding !== 'gzip' && encoding !== 'x-gzip') throw sandboxUnsupportedType(`${type} with Content-Encoding ${encoding}`);
  const gzip = GZIP_TYPES.has(type) || encoding !== 'identity';
  return { format: type === JSON_TYPE || JSON_NAME.test(fileName) ? 'openai-json' : 'focus-csv', gzip };
}

/** The sandbox upload reads its own body (a JSON export is read as its literal text, under the sandbox's limit). */
export const isSandboxUpload = (req: Request): boolean => req.method === 'POST' && req.path.replace(/\/+$/, '') === SANDBOX_UPLOAD_PATH;

/** Fails with CostFileTooLarge past `limit` bytes. */
class ByteLimit extends Transform {
  private seen = 0;

  constructor(
    private readonly limit: number,
    private readonly what: CostFileTooLarge['what'],
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.seen += chunk.length;
    callback(this.seen > this.limit ? new CostFileTooLarge(this.limit, this.what) : null, chunk);
  }
}

/**
 * The text of a JSON body, at most `maxBytes` as sent and, gzipped, as inflated. A body that is no gzip or no
 * UTF-8 is refused as a file with one problem (CostFileRejected).
 */
export async function readSandboxText(body: Readable, gzip: boolean, maxBytes: number, fileName: string): Promise<string> {
  const chunks: Buffer[] = [];
  const collect = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      callback();
    },
  });
  const refuse = (message: string): never => {
    const problems = new FileProblems(fileName);
    problems.add(null, null, message);
    throw CostFileRejected.from(problems);
  };
  try {
    await pipeline(gzip ? [body, new ByteLimit(maxBytes, 'body'), createGunzip(), new ByteLimit(maxBytes, 'decompressed file'), collect] : [body, new ByteLimit(maxBytes, 'body'), collect]);
  } catch (error) {
    if (error instanceof CostFileTooLarge) throw error;
    if (gzip && (error as { code?: string }).code?.startsWith('Z_')) refuse('The body is not valid gzip: send the JSON plain, or gzip it whole.');
    throw error;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(Buffer.concat(chunks));
  } catch {
    return refuse('The file is not UTF-8 text: OpenAI exports JSON in UTF-8; send it as OpenAI gave it.');
  }
}
