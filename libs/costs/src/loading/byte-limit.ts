import { createHash, Hash } from 'node:crypto';
import { Transform, TransformCallback } from 'node:stream';
import { CostFileTooLarge } from './file-problems';

/** Passes bytes through, fails with CostFileTooLarge past `limit`, and hashes them when asked to. */
export class ByteLimit extends Transform {
  private seen = 0;
  private readonly hash: Hash | null;

  constructor(
    private readonly limit: number,
    private readonly what: CostFileTooLarge['what'],
    options: { sha256?: boolean } = {},
  ) {
    super();
    this.hash = options.sha256 ? createHash('sha256') : null;
  }

  get bytes(): number {
    return this.seen;
  }

  /** Hex SHA-256 of everything that passed; only once the stream has ended. */
  digest(): string | null {
    return this.hash ? this.hash.digest('hex') : null;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.limit) return callback(new CostFileTooLarge(this.limit, this.what));
    this.hash?.update(chunk);
    callback(null, chunk);
  }
}
