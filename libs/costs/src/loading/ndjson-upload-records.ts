import type { NativeProblemReporter } from '../native/native-format';
import { flatColumnsOf, MAX_NDJSON_LINE_CHARS, NdjsonRecordHandler, NdjsonRecordReader } from '../native/ndjson-records';

/**
 * How to read the records of newline-delimited JSON, decided from its first record: the column list to read and
 * where the records go; null to read no further (a file of no format Apex reads, already reported).
 */
export type NdjsonRecordsPlanner = (firstRecordColumns: string[] | null, line: number) => { columns: readonly string[]; onRecord: NdjsonRecordHandler } | null;

/**
 * The records of an uploaded newline-delimited JSON file. The text is held until its first non-blank line has
 * ended, so that `plan` can tell the format from that record's fields; then all of it, from the first byte (line
 * numbers stay the file's), goes through an NdjsonRecordReader over the planned columns.
 */
export class NdjsonUploadRecords {
  private reader: NdjsonRecordReader | null = null;
  private held = '';
  private stopped = false;
  private newlines = 0;

  constructor(
    private readonly plan: NdjsonRecordsPlanner,
    private readonly report: NativeProblemReporter,
  ) {}

  /** The line reading has reached, for problems about the file's end or its transport. */
  get line(): number {
    return this.newlines + 1;
  }

  write(text: string): void {
    for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) this.newlines++;
    if (this.stopped) return;
    if (this.reader) return this.reader.write(text);
    this.held += text;
    const first = firstRecordOf(this.held);
    if (first) this.begin(first.text, first.line);
    else if (this.held.length > MAX_NDJSON_LINE_CHARS) {
      this.report({ line: this.line, column: null, message: `The first line runs over ${MAX_NDJSON_LINE_CHARS / 1024 / 1024} MiB without ending: it is not one billing record.` });
      this.stop();
    }
  }

  end(): void {
    if (this.stopped) return;
    if (!this.reader) {
      const last = firstRecordOf(`${this.held}\n`);
      if (!last) return;
      this.begin(last.text, last.line);
    }
    this.reader?.end();
  }

  private begin(firstRecord: string, line: number): void {
    const planned = this.plan(flatColumnsOf(firstRecord), line);
    if (!planned) return this.stop();
    this.reader = new NdjsonRecordReader(planned.columns, planned.onRecord, this.report);
    this.reader.write(this.held);
    this.held = '';
  }

  private stop(): void {
    this.stopped = true;
    this.held = '';
  }
}

/** The first non-blank line of `text` once it has ended (CR removed), and its line number. */
function firstRecordOf(text: string): { text: string; line: number } | null {
  let from = 0;
  for (let line = 1, lf = text.indexOf('\n'); lf >= 0; line++, from = lf + 1, lf = text.indexOf('\n', from)) {
    const candidate = text.slice(from, lf).replace(/\r$/, '');
    if (candidate.trim() !== '') return { text: candidate, line };
  }
  return null;
}
