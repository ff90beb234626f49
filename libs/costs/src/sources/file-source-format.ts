import type { CostFileSourceFormat } from '@apex/contracts';
import type { NativeFormat } from '../native/native-format';
import { nativeFormatById } from '../native/native-formats';
import type { SqlClient } from './sql-client';

/** A format as the API names it. */
export function sourceFormatOf(format: NativeFormat | null): CostFileSourceFormat | null {
  return format ? { id: format.id, name: format.name } : null;
}

/** The stored id (cost_sources.source_format) as the API names it; an id no format has any more keeps its id as name. */
export function sourceFormatStored(id: string | null): CostFileSourceFormat | null {
  if (id === null) return null;
  return sourceFormatOf(nativeFormatById(id)) ?? { id, name: id };
}

/** Keeps on its source which provider export a file was converted from; nothing for a FOCUS file. */
export async function recordFileSourceFormat(client: SqlClient, source: { id: string; orgId: string }, format: NativeFormat | null): Promise<void> {
  if (!format) return;
  await client.query('UPDATE cost_sources SET source_format = $3 WHERE id = $1 AND org_id = $2', [source.id, source.orgId, format.id]);
}
