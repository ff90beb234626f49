import { Transform, TransformCallback } from 'node:stream';
import { FocusHeaderPlan, planFocusHeader } from '../focus/focus-header';
import { EncodedRowsSummary, FocusRowEncoder, RowProvenance } from '../focus/focus-row-encoder';
import { CsvRecordSplitter, CsvSyntaxError } from './csv-records';
import { FileProblems } from './file-problems';

/** Output is handed on in pieces of about this many characters. */
const OUTPUT_CHUNK = 64 * 1024;
/** File lines of the most recent COPY lines, to name the line of an error PostgreSQL reports by COPY line. */
const RECENT_LINES = 1 << 17;

export interface FocusCsvToCopyOptions {
  provenance: RowProvenance;
  problems: FileProblems;
  /** Values that kept their row but not their spelling (see the row encoder); nothing is reported when absent. */
  warnings?: FileProblems;
  /** The FOCUS version the uploader named, if any. */
  focusVersion?: string;
}

/**
 * Bytes of a FOCUS CSV in, PostgreSQL COPY text of its canonical cost rows out. Every problem goes to
 * `problems`; after the first one nothing more is emitted, but the rest of the file is still read and checked so
 * that the report is complete. A file that cannot be read on (not UTF-8, a broken quote, a bad header) is drained
 * without further checks.
 */
export class FocusCsvToCopy extends Transform {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private readonly splitter = new CsvRecordSplitter((fields, line) => this.record(fields, line));
  private encoder: FocusRowEncoder | null = null;
  private output = '';
  private unreadable = false;
  private firstDataLine = 0;
  private copyLines = 0;
  private readonly recentLines = new Int32Array(RECENT_LINES);

  plan: FocusHeaderPlan | null = null;

  constructor(private readonly options: FocusCsvToCopyOptions) {
    super({ readableHighWaterMark: OUTPUT_CHUNK * 2 });
  }

  get rows(): number {
    return this.encoder?.rows ?? 0;
  }

  /** What the file's good rows add up to; null before the first. */
  get summary(): EncodedRowsSummary | null {
    return this.encoder?.summary() ?? null;
  }

  /** The line reading has reached, for problems about the file's end or its transport. */
  get line(): number {
    return this.splitter.line;
  }

  /** The file line of the n-th COPY line (from 1), while it is among the recent ones. */
  fileLineOfCopyLine(n: number): number | null {
    return n >= 1 && n <= this.copyLines && this.copyLines - n < RECENT_LINES ? this.recentLines[(n - 1) & (RECENT_LINES - 1)] : null;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (this.unreadable) return callback();
    this.attempt(() => this.splitter.write(this.decoder.decode(chunk, { stream: true })));
    this.flushOutput(false);
    callback();
  }

  override _flush(callback: TransformCallback): void {
    if (!this.unreadable) {
      this.attempt(() => {
        this.splitter.write(this.decoder.decode());
        this.splitter.end();
      });
    }
    if (!this.unreadable) {
      if (!this.plan && this.options.problems.count === 0) this.options.problems.add(null, null, 'The file is empty: a FOCUS file starts with a header line.');
      else if (this.plan && this.firstDataLine === 0) this.options.problems.add(null, null, 'The file has a header but no rows.');
    }
    this.flushOutput(true);
    callback();
  }

  private attempt(step: () => void): void {
    try {
      step();
    } catch (error) {
      this.unreadable = true;
      if (error instanceof CsvSyntaxError) this.options.problems.add(error.line, null, error.message);
      else if ((error as { code?: string }).code === 'ERR_ENCODING_INVALID_ENCODED_DATA') this.options.problems.add(this.splitter.line, null, 'The file is not UTF-8 text from about this line on (FOCUS files are UTF-8).');
      else throw error;
    }
  }

  private record(fields: string[], line: number): void {
    if (this.unreadable) return;
    if (!this.plan || !this.encoder) {
      const header = planFocusHeader(fields, this.options.focusVersion);
      if ('issues' in header) {
        for (const issue of header.issues) this.options.problems.add(line, issue.column, issue.message);
        this.unreadable = true;
        return;
      }
      this.plan = header.plan;
      this.encoder = new FocusRowEncoder(
        header.plan,
        this.options.provenance,
        (at, column, message) => this.options.problems.add(at, column, message),
        (at, column, message) => this.options.warnings?.add(at, column, message),
      );
      return;
    }
    if (this.firstDataLine === 0) this.firstDataLine = line;
    const encoded = this.encoder.encode(fields, line);
    if (encoded !== null && this.options.problems.count === 0) {
      this.recentLines[this.copyLines++ & (RECENT_LINES - 1)] = line;
      this.output += encoded;
      if (this.output.length >= OUTPUT_CHUNK) this.flushOutput(false);
    }
  }

  private flushOutput(final: boolean): void {
    if (this.options.problems.count > 0) {
      this.output = '';
      return;
    }
    if (this.output.length && (final || this.output.length >= OUTPUT_CHUNK)) {
      this.push(this.output);
      this.output = '';
    }
  }
}
