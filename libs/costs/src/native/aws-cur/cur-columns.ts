/**
 * A CUR column's name reduced to what its spellings share: the legacy CSV's `lineItem/UnblendedCost`, the
 * Athena/Parquet `line_item_unblended_cost` and CUR 2.0's, which is the same, all read `lineitemunblendedcost`.
 */
export const curColumnKey = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Where a column family's own columns start: `resourceTags/user:team`, `resource_tags_user_team`. */
export interface ColumnFamily {
  /** Legacy CSV prefix, compared case-insensitively. */
  legacy: string;
  /** Athena / CUR 2.0 prefix of flattened columns. */
  snake: string;
  /** CUR 2.0's single JSON map column. */
  map: string;
}

export const TAG_COLUMNS: ColumnFamily = { legacy: 'resourcetags/', snake: 'resource_tags_', map: 'resource_tags' };
export const COST_CATEGORY_COLUMNS: ColumnFamily = { legacy: 'costcategory/', snake: 'cost_category_', map: 'cost_category' };

/** The key/value columns of one family in a header: flattened ones by their key, and the JSON map column. */
export interface FamilyPositions {
  flattened: { index: number; key: string }[];
  map: number | undefined;
  /** The map column's name as the header spells it. */
  mapName: string;
}

export function familyPositions(header: string[], family: ColumnFamily): FamilyPositions {
  const flattened: { index: number; key: string }[] = [];
  let map: number | undefined;
  let mapName = family.map;
  header.forEach((raw, index) => {
    const name = raw.trim();
    const lower = name.toLowerCase();
    if (lower === family.map) {
      map = index;
      mapName = name;
    }
    else if (lower.startsWith(family.legacy)) flattened.push({ index, key: name.slice(family.legacy.length) });
    else if (lower.startsWith(family.snake)) flattened.push({ index, key: name.slice(family.snake.length) });
  });
  return { flattened, map, mapName };
}

/** Positions of a header's columns by their key; the first of two spellings wins. */
export function positionsByKey(header: string[]): Map<string, number> {
  const positions = new Map<string, number>();
  header.forEach((name, index) => {
    const key = curColumnKey(name);
    if (!positions.has(key)) positions.set(key, index);
  });
  return positions;
}
