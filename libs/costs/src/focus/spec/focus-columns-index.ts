import { FOCUS_VERSIONS, FocusVersion } from '@apex/contracts';
import type { FocusColumnSpec } from './focus-column-spec';
import { FOCUS_COLUMNS } from './focus-columns';

export interface KnownFocusColumn {
  /** The spec of the newest supported version that has the column. */
  spec: FocusColumnSpec;
  /** The first supported version (1.0, 1.1, 1.2) whose files may have it. */
  since: FocusVersion;
}

/** Every column of FOCUS 1.0 to 1.2 by its id in lower case (headers are matched regardless of case). */
export const KNOWN_FOCUS_COLUMNS: ReadonlyMap<string, KnownFocusColumn> = (() => {
  const known = new Map<string, KnownFocusColumn>();
  for (const version of FOCUS_VERSIONS) {
    for (const spec of FOCUS_COLUMNS[version]) {
      const key = spec.id.toLowerCase();
      known.set(key, { spec, since: known.get(key)?.since ?? version });
    }
  }
  return known;
})();

export function columnsOf(version: FocusVersion): readonly FocusColumnSpec[] {
  return FOCUS_COLUMNS[version];
}

export function mandatoryColumnsOf(version: FocusVersion): FocusColumnSpec[] {
  return FOCUS_COLUMNS[version].filter((column) => column.featureLevel === 'Mandatory');
}

export const isFocusVersion = (value: string): value is FocusVersion => (FOCUS_VERSIONS as readonly string[]).includes(value);

export const versionOrder = (version: FocusVersion) => FOCUS_VERSIONS.indexOf(version);
