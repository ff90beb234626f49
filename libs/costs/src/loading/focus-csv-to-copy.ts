import { Transform, TransformCallback } from 'node:stream';
import { FocusHeaderPlan, FocusHeaderReading, planFocusHeader } from '../focus/focus-header';
import { EncodedRowsSummary, FocusRowEncoder, RowProvenance } from '../focus/focus-row-encoder';
import type { NativeConversion, NativeFormat, NativeProblem } from '../native/native-format';
import { describeKnownFormats, detectNativeFormat, detectNdjsonNativeFormat } from '../native/native-formats';
import { CsvRecordSplitter, CsvSyntaxError } from './csv-records';
import { FileProblems, FileWarnings } from './file-problems';
import { NdjsonUploadRecords } from './ndjson-upload-records';

/** Output is handed on in pieces of about this many characters. */
const OUTPUT_CHUNK = 64 * 1024;
/** File lines of the most recent COPY lines, to name the line of an error PostgreSQL reports by COPY line. */
const RECENT_LINES = 1 << 17;

export interface FocusCsvToCopyOptions {
  provenance: RowProvenance;
  problems: FileProblems;
  /** What loads all the same (see FocusHeaderWarning, RowWarningReporter); nothing is reported when absent. */
  warnings?: FileWarnings;
  /** The FOCUS version the uploader named, if any. */
  focusVersion?: string;
  /**
   * Whether a provider's own cost export (see NATIVE_FORMATS) is read too, converted record by record to FOCUS:
   * a CSV told by its header, newline-delimited JSON (first non-blank character `{`) by its first record.
   * FOCUS CSV only when absent.
   */
  nativeFormats?: boolean;
}

/** Where the records of the file come from: CSV records (the header first), or the records of a JSON export. */
interface RecordSource {
  readonly line: number;
  write(text: string): void;
  end(): void;
}

/**
 * Bytes of a FOCUS CSV (or, with `nativeFormats`, of a provider's export, converted to FOCUS records on the way) in,
 * PostgreSQL COPY text of its canonical cost rows out; a converted record is checked and stored as a FOCUS file's
 * row would be, under the line of the original file. Every problem goes to
 * `problems`; after the first one nothing more is emitted, but the rest of the file is still read and checked so
 * that the report is complete: after a header problem too, the rows are checked against the columns the header
 * could plan. A file that cannot be read on (not UTF-8, a broken quote, a header that is no FOCUS header) is
 * drained without further checks.
 */
export class FocusCsvToCopy extends Transform {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private source: RecordSource | null = null;
  /** Text before the first non-blank character, held until it tells CSV from JSON. */
  private leading = '';
  private encoder: FocusRowEncoder | null = null;
  private conversion: NativeConversion | null = null;
  private readonly reportNative = (problem: NativeProblem) => this.options.problems.add(problem.line, problem.column, problem.message);
  private output = '';
  private unreadable = false;
  private firstDataLine = 0;
  private copyLines = 0;
  private readonly recentLines = new Int32Array(RECENT_LINES);

  plan: FocusHeaderPlan | null = null;
  /** The provider export the file was read as; null for a FOCUS file. */
  nativeFormat: NativeFormat | null = null;

  constructor(private readonly options: FocusCsvToCopyOptions) {
    super({ readableHighWaterMark: OUTPUT_CHUNK * 2 });
    if (!options.nativeFormats) this.source = this.csvRecords();
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
    return this.source?.line ?? 1;
  }

  /** The file line of the n-th COPY line (from 1), while it is among the recent ones. */
  fileLineOfCopyLine(n: number): number | null {
    return n >= 1 && n <= this.copyLines && this.copyLines - n < RECENT_LINES ? this.recentLines[(n - 1) & (RECENT_LINES - 1)] : null;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (this.unreadable) return callback();
    this.attempt(() => this.readText(this.decoder.decode(chunk, { stream: true })));
    this.flushOutput(false);
    callback();
  }

  override _flush(callback: TransformCallback): void {
    if (!this.unreadable) {
      this.attempt(() => {
        this.readText(this.decoder.decode());
        this.source ??= this.sourceFor(this.leading);
        this.source.write(this.leading);
        this.leading = '';
        this.source.end();
      });
    }
    if (!this.unreadable) this.conversion?.finish?.(this.reportNative);
    if (!this.unreadable) {
      if (!this.plan && this.options.problems.count === 0) this.options.problems.add(null, null, 'The file is empty: a FOCUS file starts with a header line.');
      else if (this.plan && this.firstDataLine === 0) this.options.problems.add(null, null, 'The file has a header but no rows.');
      else if (this.conversion && this.rows === 0 && this.options.problems.count === 0) this.options.problems.add(null, null, 'None of the records of the file carries a charge: there is nothing to load.');
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
      else if ((error as { code?: string }).code === 'ERR_ENCODING_INVALID_ENCODED_DATA') this.options.problems.add(this.line, null, 'The file is not UTF-8 text from about this line on (FOCUS files are UTF-8).');
      else throw error;
    }
  }

  /** Decoded text to the records' source, once the first non-blank character has told which source it is. */
  private readText(text: string): void {
    if (this.source) return this.source.write(text);
    this.leading += text;
    const first = this.leading.replace(/^\uFEFF/, '').trimStart();
    if (first === '') return;
    this.source = this.sourceFor(first);
    const held = this.leading;
    this.leading = '';
    this.source.write(held);
  }

  private sourceFor(start: string): RecordSource {
    return start.startsWith('{') ? new NdjsonUploadRecords((columns, line) => this.planNdjson(columns, line), this.reportNative) : this.csvRecords();
  }

  private csvRecords(): RecordSource {
    return new CsvRecordSplitter((fields, line) => this.csvRecord(fields, line));
  }

  private csvRecord(fields: string[], line: number): void {
    if (this.unreadable) return;
    if (this.encoder) this.row(fields, line);
    else this.readHeader(fields, line);
  }

  private row(fields: string[], line: number): void {
    if (!this.encoder) return;
    if (this.firstDataLine === 0) this.firstDataLine = line;
    const focus = this.conversion ? this.conversion.convert(fields, line, this.reportNative) : fields;
    if (focus === null) return;
    const encoded = this.encoder.encode(focus, line);
    if (encoded !== null && this.options.problems.count === 0) {
      this.recentLines[this.copyLines++ & (RECENT_LINES - 1)] = line;
      this.output += encoded;
      if (this.output.length >= OUTPUT_CHUNK) this.flushOutput(false);
    }
  }

  /** The first record: how to read the rows, with the header's problems and warnings reported. */
  private readHeader(fields: string[], line: number): void {
    // A provider's header may share a few column names with FOCUS (Azure's BillingCurrency, Tags, ResourceId),
    // so the formats, which take no FOCUS header, are asked first.
    const format = this.options.nativeFormats ? detectNativeFormat(fields) : null;
    if (format) return this.convertFrom(format, format.plan(fields), line);
    const reading = planFocusHeader(fields, this.options.focusVersion);
    if (!reading.plan && this.options.nativeFormats) {
      for (const issue of reading.issues) issue.message = `${issue.message} Nor is it a provider's own export that Apex converts. ${describeKnownFormats()}`;
    }
    this.readFocus(reading, line);
  }

  /** How newline-delimited JSON is read, from its first record's fields (null: not a JSON object). */
  private planNdjson(columns: string[] | null, line: number) {
    const found = columns ? detectNdjsonNativeFormat(columns) : null;
    if (!found) {
      this.options.problems.add(
        line,
        null,
        columns
          ? `The file is newline-delimited JSON, but its first record is not one of a provider export Apex reads. ${describeKnownFormats()}`
          : `The file starts like newline-delimited JSON, but its first line is not one JSON object, so Apex cannot tell what the file is. ${describeKnownFormats()}`,
      );
      this.unreadable = true;
      return null;
    }
    this.convertFrom(found.format, found.format.plan([...found.columns]), line);
    return { columns: found.columns, onRecord: (fields: string[], at: number) => this.row(fields, at) };
  }

  /** A provider's export: its records converted, then read as a FOCUS file with the conversion's header would be. */
  private convertFrom(format: NativeFormat, conversion: NativeConversion, line: number): void {
    this.nativeFormat = format;
    this.conversion = conversion;
    if (this.options.focusVersion !== undefined) {
      this.options.problems.add(
        line,
        null,
        `focusVersion ${JSON.stringify(this.options.focusVersion)} names the version of a FOCUS file, but the file is a provider's own export (${format.name}), which Apex converts to FOCUS ${conversion.focusVersion}: leave focusVersion out.`,
      );
    }
    this.readFocus(planFocusHeader(conversion.focusHeader, conversion.focusVersion), line);
  }

  private readFocus({ plan, issues, warnings }: FocusHeaderReading, line: number): void {
    for (const issue of issues) this.options.problems.add(line, issue.column, issue.message);
    for (const warning of warnings) this.options.warnings?.add(warning.kind, line, warning.column, warning.message);
    if (!plan) {
      this.unreadable = true;
      return;
    }
    this.plan = plan;
    this.encoder = new FocusRowEncoder(
      plan,
      this.options.provenance,
      (at, column, message) => this.options.problems.add(at, column, message),
      (kind, at, column, message) => this.options.warnings?.add(kind, at, column, message),
    );
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
