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

/**
 * The parameters as PostgreSQL can take them: its text holds no NUL
 * character, and a query carrying one fails. A NUL in a question becomes
 * U+FFFD (the replacement character), and an id with one, which no stored row
 * has, then simply matches nothing.
 */
export function storableParams(params: readonly unknown[]): unknown[] {
  const storable = (value: unknown): unknown =>
    typeof value === "string" ? value.replaceAll("\u0000", "\uFFFD") : Array.isArray(value) ? value.map(storable) : value;
  return params.map(storable);
}

/** Where the store reports what happens outside a request (a purge, a dropped connection): the server's logger, or the console. */
export interface StoreLog {
  info(message: string): void;
  warn(message: string): void;
}

/** The console, for the command-line tools. */
export const consoleStoreLog: StoreLog = { info: (message) => console.error(message), warn: (message) => console.error(message) };
