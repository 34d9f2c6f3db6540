import { initialisePgliteDir } from "./initialise-pglite-dir.js";
import { PgliteWorker } from "./pglite-worker.js";
import { storableParams, type SqlClient, type SqlQueryable } from "./sql-client.js";

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

function queryable(worker: PgliteWorker, tx?: number): SqlQueryable {
  return {
    query: (sql, params = []) => worker.query(sql, storableParams(params), tx),
    execScript: (sql) => worker.exec(sql, tx),
  };
}

/** Whether opening runs initdb (in a child process) first: a folder, not a tarball to load or memory. */
export function needsInitdb(options: PgliteClientOptions): boolean {
  return options.dataDir !== "memory://" && !options.loadDataDir;
}

/** PGlite (Postgres compiled to WebAssembly) in a worker thread of this process, on a folder or in memory. */
export async function openPgliteClient(options: PgliteClientOptions): Promise<SqlClient> {
  if (needsInitdb(options)) await initialisePgliteDir(options.dataDir);
  const loadDataDir = options.loadDataDir ? await options.loadDataDir.arrayBuffer() : undefined;
  const worker = await PgliteWorker.start({ dataDir: options.dataDir, postgresqlConf, loadDataDir });
  return {
    kind: "pglite",
    ...queryable(worker),
    async transaction(work) {
      const tx = await worker.begin();
      let result: Awaited<ReturnType<typeof work>>;
      try {
        result = await work(queryable(worker, tx));
      } catch (error) {
        await worker.end(tx, false).catch(() => undefined);
        throw error;
      }
      await worker.end(tx, true);
      return result;
    },
    close: () => worker.close(),
  };
}
