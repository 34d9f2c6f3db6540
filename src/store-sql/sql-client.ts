/** A row as the database returns it, before a schema gives it a type. */
export type SqlRow = Record<string, unknown>;

/** The queries one connection (or one transaction) can run. */
export interface SqlQueryable {
  /** Runs one parameterised statement (`$1`, `$2` …) and returns its rows. */
  query(sql: string, params?: readonly unknown[]): Promise<SqlRow[]>;
  /** Runs a script of several statements without parameters (a migration). */
  execScript(sql: string): Promise<void>;
}

/**
 * The SQL database behind conversations, feedback and API keys: PGlite
 * (embedded, one process) or PostgreSQL. Both speak the same SQL, so every
 * store is written once against this interface.
 */
export interface SqlClient extends SqlQueryable {
  /** `postgres` or `pglite`, for messages. */
  readonly kind: "postgres" | "pglite";
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (transaction: SqlQueryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
