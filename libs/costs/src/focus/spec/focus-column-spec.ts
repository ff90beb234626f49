import type { FocusVersion } from '@apex/contracts';

export type FocusDataType = 'String' | 'Decimal' | 'Date/Time' | 'JSON';
export type FocusFeatureLevel = 'Mandatory' | 'Conditional' | 'Recommended';

/** One column of one FOCUS version, as the specification's column table states it. */
export interface FocusColumnSpec {
  id: string;
  displayName: string;
  columnType: 'Dimension' | 'Metric';
  featureLevel: FocusFeatureLevel;
  allowsNulls: boolean;
  dataType: FocusDataType;
  valueFormat: string;
  /** The FOCUS version that introduced the column (`0.5`, `1.0-preview`, `1.0`, `1.1`, `1.2`). */
  introducedVersion: string;
}

export type FocusColumnTable = Record<FocusVersion, readonly FocusColumnSpec[]>;
