import { FOCUS_VERSIONS, FocusVersion } from '@apex/contracts';
import type { FocusColumnSpec } from './spec/focus-column-spec';
import { COLUMNS_OF_UNSUPPORTED_VERSIONS } from './spec/allowed-values';
import { columnsOf, isFocusVersion, KnownFocusColumn, KNOWN_FOCUS_COLUMNS, mandatoryColumnsOf, versionOrder } from './spec/focus-columns-index';

/** Something wrong with the header as a whole (`column` null) or with one of its columns. */
export interface FocusHeaderIssue {
  column: string | null;
  message: string;
}

export interface PlannedColumn {
  /** Position in the header, from 0. */
  index: number;
  /** As the file spells it. */
  name: string;
  /** The FOCUS column; null for a custom (x_) column. */
  spec: FocusColumnSpec | null;
}

/** A column kept although FOCUS does not know it: it has no x_ prefix. */
export interface FocusHeaderWarning {
  kind: 'unknown_column';
  column: string;
  message: string;
}

/** How to read the rows of a file. */
export interface FocusHeaderPlan {
  version: FocusVersion;
  /** True when the version came from the columns rather than from the caller. */
  detected: boolean;
  /** How many fields each row has: every column of the header, planned or not. */
  width: number;
  columns: PlannedColumn[];
  /** Header position of each FOCUS column present, by its spec id. */
  positionOf: ReadonlyMap<string, number>;
  /** Header position of each custom column, by its name in lower case. */
  customPositionOf: ReadonlyMap<string, number>;
  /** The custom (x_) and unknown columns, in header order: what a row keeps besides FOCUS's columns. */
  extraColumns: PlannedColumn[];
}

/**
 * What a header says. `issues` refuse the file; `plan` is how its rows are read, and is there even beside issues
 * whenever the header is a FOCUS one, so that the rows are checked against the columns it could plan and one
 * upload names every problem. `plan` is null only for a header that is no FOCUS header at all.
 */
export interface FocusHeaderReading {
  plan: FocusHeaderPlan | null;
  issues: FocusHeaderIssue[];
  warnings: FocusHeaderWarning[];
}

const supported = FOCUS_VERSIONS.join(', ');
const list = (names: string[]) => names.join(', ');

/**
 * Reads a header: which FOCUS version the file is (the one the caller names, else the oldest whose columns cover
 * the header), whether every mandatory column of that version is there, and which columns are FOCUS's. A column
 * that is not FOCUS's is kept as an extra column: silently when it has FOCUS's `x_` prefix for custom columns,
 * with a warning otherwise. Column names are matched regardless of case and surrounding spaces.
 */
export function planFocusHeader(header: string[], requestedVersion?: string): FocusHeaderReading {
  const issues: FocusHeaderIssue[] = [];
  const warnings: FocusHeaderWarning[] = [];
  const versionIsKnown = requestedVersion === undefined || isFocusVersion(requestedVersion);
  if (!versionIsKnown) {
    issues.push({
      column: null,
      message: `FOCUS version ${JSON.stringify(requestedVersion)} is not supported: send focusVersion ${supported}, or leave it out to have it detected from the columns.`,
    });
  }

  const columns: PlannedColumn[] = [];
  const extraColumns: PlannedColumn[] = [];
  const positionOf = new Map<string, number>();
  const customPositionOf = new Map<string, number>();
  const extraNames = new Set<string>();
  const unknown: string[] = [];
  const present: (KnownFocusColumn & { name: string })[] = [];
  const ofUnsupportedVersions: FocusHeaderIssue[] = [];

  header.forEach((raw, index) => {
    const name = raw.trim();
    const key = name.toLowerCase();
    if (name === '') {
      issues.push({ column: null, message: `Column ${index + 1} of the header has no name.` });
      return;
    }
    const known = key.startsWith('x_') ? undefined : KNOWN_FOCUS_COLUMNS.get(key);
    if (known) {
      if (positionOf.has(known.spec.id)) issues.push({ column: name, message: `The column ${known.spec.id} appears more than once in the header.` });
      positionOf.set(known.spec.id, index);
      present.push({ ...known, name });
      columns.push({ index, name, spec: known.spec });
      return;
    }
    const olderOrNewer = Object.keys(COLUMNS_OF_UNSUPPORTED_VERSIONS).find((column) => column.toLowerCase() === key);
    if (olderOrNewer) {
      ofUnsupportedVersions.push({
        column: name,
        message: `${name} is a column of FOCUS ${COLUMNS_OF_UNSUPPORTED_VERSIONS[olderOrNewer]}, a version Apex does not read: export the data as FOCUS ${supported}.`,
      });
      return;
    }
    if (extraNames.has(key)) {
      issues.push({ column: name, message: `The column ${name} appears more than once in the header.` });
      return;
    }
    extraNames.add(key);
    if (key.startsWith('x_')) customPositionOf.set(key, index);
    else unknown.push(name);
    const column = { index, name, spec: null };
    columns.push(column);
    extraColumns.push(column);
  });

  const mandatory = mandatoryColumnsOf('1.0');
  const mandatoryPresent = mandatory.filter((column) => positionOf.has(column.id));
  if (mandatoryPresent.length < 3 && ofUnsupportedVersions.length === 0) {
    const missing = mandatory.filter((column) => !positionOf.has(column.id)).map((column) => column.id);
    return {
      plan: null,
      warnings: [],
      issues: [
        {
          column: null,
          message:
            `This is not a FOCUS file: its header has ${mandatoryPresent.length} of the ${mandatory.length} columns every FOCUS file has ` +
            `(missing ${list(missing)}). Export the data in FOCUS ${supported} format.`,
        },
      ],
    };
  }
  issues.push(...ofUnsupportedVersions);

  for (const name of unknown) {
    warnings.push({
      kind: 'unknown_column',
      column: name,
      message: `${name} is not a FOCUS ${supported} column and lacks the x_ prefix FOCUS gives other columns: its values were kept as an extra column.`,
    });
  }

  const oldest = present.reduce<FocusVersion>((version, column) => (versionOrder(column.since) > versionOrder(version) ? column.since : version), '1.0');
  const version = versionIsKnown ? ((requestedVersion as FocusVersion | undefined) ?? oldest) : oldest;
  for (const column of present) {
    if (versionOrder(column.since) > versionOrder(version)) {
      issues.push({
        column: column.name,
        message: `${column.spec.id} was introduced in FOCUS ${column.since}; a FOCUS ${version} file cannot have it. Is the file FOCUS ${oldest}?`,
      });
    }
  }
  for (const column of mandatoryColumnsOf(version)) {
    if (!positionOf.has(column.id)) {
      issues.push({ column: column.id, message: `The mandatory FOCUS ${version} column ${column.id} is missing from the header.` });
    }
  }

  const specs = new Map(columnsOf(version).map((spec) => [spec.id, spec]));
  const ofVersion = columns.map((column) => (column.spec ? { ...column, spec: specs.get(column.spec.id) ?? column.spec } : column));
  return {
    plan: { version, detected: requestedVersion === undefined || !versionIsKnown, width: header.length, columns: ofVersion, positionOf, customPositionOf, extraColumns },
    issues,
    warnings,
  };
}
