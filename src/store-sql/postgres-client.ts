import type { Pool, PoolClient } from "pg";
import { storableParams, type SqlClient, type SqlQueryable, type SqlRow, type StoreLog } from "./sql-client.js";

/** Options for {@link openPostgresClient}. */
export interface PostgresClientOptions {
  url: string;
  /** Tables live in this schema instead of the URL's default (tests use a fresh one each). */
  schema?: string;
  log: StoreLog;
}

function queryable(target: Pool | PoolClient): SqlQueryable {
  return {
    query: async (sql, params = []) => (await target.query<SqlRow>(sql, storableParams(params))).rows,
    // Without parameters pg uses the simple protocol, which runs several statements.
    execScript: async (sql) => {
      await target.query(sql);
    },
  };
}

/** A connection pool to a PostgreSQL server; checks that it connects before returning. */
export async function openPostgresClient(options: PostgresClientOptions): Promise<SqlClient> {
  // Loaded here, not at startup: a server on PGlite never needs it (its import alone costs some 15 MB).
  const { default: pg } = await import("pg");
  const pool = new pg.Pool({
    connectionString: options.url,
    max: 5,
    // A server that is down fails a request within seconds instead of hanging it.
    connectionTimeoutMillis: 5000,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  });
  // An idle connection that drops emits an error; the pool replaces it, so it must not crash the process.
  pool.on("error", (error) => options.log.warn(`postgres connection lost (the pool reconnects): ${error.message}`));
  try {
    await pool.query("SELECT 1");
  } catch (error) {
    await pool.end();
    throw error;
  }
  return {
    kind: "postgres",
    ...queryable(pool),
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const result = await work(queryable(client));
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
