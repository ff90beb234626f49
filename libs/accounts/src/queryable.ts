/** A DataSource or a transaction's EntityManager: anything that runs SQL. */
export interface Queryable {
  // Rows come back untyped from the driver; each caller names their shape.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  query(sql: string, parameters?: unknown[]): Promise<any>;
}
