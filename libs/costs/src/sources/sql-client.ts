/** What the loader needs of a pg client that holds its transaction. */
export interface SqlClient {
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: Row[]; rowCount: number | null }>;
}
