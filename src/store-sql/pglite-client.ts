import type { PGlite, Transaction } from "@electric-sql/pglite";
import { initialisePgliteDir } from "./initialise-pglite-dir.js";
import { storableParams, type SqlClient, type SqlQueryable, type SqlRow } from "./sql-client.js";

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
    query: async (sql, params = []) => (await target.query<SqlRow>(sql, storableParams(params))).rows,
    execScript: async (sql) => {
      await target.exec(sql);
    },
  };
}

/** Whether opening runs initdb (in a child process) first: a folder, not a tarball to load or memory. */
export function needsInitdb(options: PgliteClientOptions): boolean {
  return options.dataDir !== "memory://" && !options.loadDataDir;
}

/** PGlite (Postgres compiled to WebAssembly) inside this process, on a folder or in memory. */
export async function openPgliteClient(options: PgliteClientOptions): Promise<SqlClient> {
  if (needsInitdb(options)) await initialisePgliteDir(options.dataDir);
  // Loaded here, not at startup: a server on PostgreSQL never needs it, and one on PGlite only once asked something.
  const { PGlite } = await import("@electric-sql/pglite");
  const database = await PGlite.create(options.dataDir, { postgresqlconf: postgresqlConf, loadDataDir: options.loadDataDir });
  return {
    kind: "pglite",
    ...queryable(database),
    transaction: (work) => database.transaction((transaction) => work(queryable(transaction))),
    close: () => database.close(),
  };
}
