import { PGlite, type Transaction } from "@electric-sql/pglite";
import { initialisePgliteDir } from "./initialise-pglite-dir.js";
import type { SqlClient, SqlQueryable, SqlRow } from "./sql-client.js";

/**
 * Small buffers: the service store holds a few rows per question, and PGlite's
 * default 128 MB of shared buffers would add that much to the server's idle memory.
 */
const postgresqlConf = "shared_buffers=8MB";

/** Options for {@link openPgliteClient}. */
export interface PgliteClientOptions {
  /** A folder, or `memory://`. */
  dataDir: string;
  /** A tarball of an initialised data folder to start from instead of running initdb (tests use it). */
  loadDataDir?: Blob;
}

function queryable(target: PGlite | Transaction): SqlQueryable {
  return {
    query: async (sql, params = []) => (await target.query<SqlRow>(sql, [...params])).rows,
    execScript: async (sql) => {
      await target.exec(sql);
    },
  };
}

/** PGlite (Postgres compiled to WebAssembly) inside this process, on a folder or in memory. */
export async function openPgliteClient(options: PgliteClientOptions): Promise<SqlClient> {
  if (options.dataDir !== "memory://" && !options.loadDataDir) await initialisePgliteDir(options.dataDir);
  const database = await PGlite.create(options.dataDir, { postgresqlconf: postgresqlConf, loadDataDir: options.loadDataDir });
  return {
    kind: "pglite",
    ...queryable(database),
    transaction: (work) => database.transaction((transaction) => work(queryable(transaction))),
    close: () => database.close(),
  };
}
