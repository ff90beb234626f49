import type { DataSource, EntityManager } from 'typeorm';

/** Runs one parameterised statement and answers its rows. */
export interface SqlRunner {
  query<Row>(sql: string, params?: unknown[]): Promise<Row[]>;
}

export const sqlRunnerOf = (db: DataSource | EntityManager): SqlRunner => ({
  query: <Row>(sql: string, params: unknown[] = []) => db.query(sql, params) as Promise<Row[]>,
});
