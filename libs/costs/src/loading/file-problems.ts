import type { CostFileError, CostFileWarning, CostFileWarningKind } from '@apex/contracts';

/** How many problems a report lists; the rest are only counted. */
export const LISTED_PROBLEMS = 100;

/** The problems found in one file, in the order met: the first LISTED_PROBLEMS in full, the rest counted. */
export class FileProblems {
  readonly listed: CostFileError[] = [];
  private total = 0;

  constructor(readonly file: string) {}

  add(line: number | null, column: string | null, message: string): void {
    this.total++;
    if (this.listed.length < LISTED_PROBLEMS) this.listed.push({ file: this.file, line, column, field: column ?? 'file', message });
  }

  get count(): number {
    return this.total;
  }

  get unlisted(): number {
    return this.total - this.listed.length;
  }
}

/** How many occurrences of each kind of warning a report lists; the rest are only counted. */
export const LISTED_WARNINGS_PER_KIND = 5;

/** The warnings of one file, counted by kind, the first LISTED_WARNINGS_PER_KIND of each kept in full. */
export class FileWarnings {
  private readonly byKind = new Map<CostFileWarningKind, CostFileWarning>();

  constructor(readonly file: string) {}

  add(kind: CostFileWarningKind, line: number | null, column: string | null, message: string): void {
    let warning = this.byKind.get(kind);
    if (!warning) this.byKind.set(kind, (warning = { kind, count: 0, examples: [] }));
    warning.count++;
    if (warning.examples.length < LISTED_WARNINGS_PER_KIND) warning.examples.push({ file: this.file, line, column, field: column ?? 'file', message });
  }

  /** By kind, in the order each kind was first met. */
  get listed(): CostFileWarning[] {
    return [...this.byKind.values()];
  }
}

/** A file refused as a whole: nothing of it was stored. */
export class CostFileRejected extends Error {
  constructor(
    readonly file: string,
    readonly errors: CostFileError[],
    readonly moreErrors: number,
  ) {
    super(`${file} was refused: ${errors[0]?.message ?? 'invalid'}${errors.length + moreErrors > 1 ? ` (and ${errors.length + moreErrors - 1} more problems)` : ''}`);
  }

  static from(problems: FileProblems): CostFileRejected {
    return new CostFileRejected(problems.file, problems.listed, problems.unlisted);
  }
}

/** The body ran over the size limit; reading stopped there. */
export class CostFileTooLarge extends Error {
  constructor(
    readonly limitBytes: number,
    readonly what: 'body' | 'decompressed file',
  ) {
    super(`The ${what} is larger than ${limitBytes} bytes.`);
  }
}
