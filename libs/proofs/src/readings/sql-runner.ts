import type { DataSource, EntityManager } from 'typeorm';

/** Runs one parameterised statement and answers its rows (the shape the optimizer's evidence query takes). */
export interface SqlRunner {
  query<Row>(sql: string, params?: unknown[]): Promise<Row[]>;
}

export const sqlRunnerOf = (db: DataSource | EntityManager): SqlRunner => ({
  query: <Row>(sql: string, params: unknown[] = []) => db.query(sql, params) as Promise<Row[]>,
});
