import type { SqlClient } from "./sql-client.js";

/**
 * A client that opens its database on the first query, not now: what the
 * server uses for PGlite, whose WebAssembly Postgres holds some 100 MB from
 * the moment it starts (its memory cannot be made smaller than 128 MB, nor
 * given back once touched), so that a server nobody has asked anything yet
 * does not hold it. Queries arriving together share one opening; a failed
 * opening is tried again by the next query. `close` closes what was opened,
 * then runs `release`.
 */
export function deferredSqlClient(kind: SqlClient["kind"], open: () => Promise<SqlClient>, release: () => Promise<void>): SqlClient {
  let opening: Promise<SqlClient> | undefined;
  const client = () => {
    opening ??= open().catch((error: unknown) => {
      opening = undefined;
      throw error;
    });
    return opening;
  };
  return {
    kind,
    query: async (sql, params) => (await client()).query(sql, params),
    execScript: async (sql) => (await client()).execScript(sql),
    transaction: async (work) => (await client()).transaction(work),
    close: async () => {
      try {
        const opened = opening && (await opening.catch(() => undefined));
        await opened?.close();
      } finally {
        await release();
      }
    },
  };
}
