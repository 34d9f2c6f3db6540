import { WorkerClient } from "../threads/worker-client.js";
import type { SqlRow } from "./sql-client.js";

/**
 * The worker's code (see WorkerClient for the protocol). It owns the one
 * PGlite instance and mirrors its API: a statement outside a transaction
 * waits for an open one, as in-process.
 */
const workerSource = `
const { parentPort, workerData } = require("node:worker_threads");
(async () => {
  const { PGlite } = await import(workerData.pgliteUrl);
  const loadDataDir = workerData.loadDataDir ? new Blob([workerData.loadDataDir]) : undefined;
  const database = await PGlite.create(workerData.dataDir, { postgresqlconf: workerData.postgresqlConf, loadDataDir });
  const transactions = new Map();
  let nextTransaction = 1;
  const targetOf = (tx) => {
    if (!tx) return database;
    const open = transactions.get(tx);
    if (!open) throw new Error("no open transaction " + tx);
    return open.target;
  };
  const operations = {
    query: async ({ sql, params, tx }) => (await targetOf(tx).query(sql, params)).rows,
    exec: async ({ sql, tx }) => { await targetOf(tx).exec(sql); return null; },
    begin: () => new Promise((started, failedToStart) => {
      const tx = nextTransaction++;
      const finished = database.transaction((target) => new Promise((commit, rollback) => {
        transactions.set(tx, { target, commit, rollback, finished });
        started(tx);
      }));
      finished.catch(failedToStart);
    }),
    end: async ({ tx, commit }) => {
      const open = transactions.get(tx);
      if (!open) throw new Error("no open transaction " + tx);
      transactions.delete(tx);
      if (commit) {
        open.commit();
        await open.finished;
      } else {
        open.rollback(new Error("rolled back"));
        await open.finished.catch(() => undefined);
      }
      return null;
    },
    close: async () => { await database.close(); return null; },
  };
  parentPort.on("message", async (message) => {
    try {
      parentPort.postMessage({ id: message.id, result: await operations[message.op](message) });
    } catch (error) {
      const fields = {};
      for (const key of ["code", "detail", "severity", "constraint", "table", "column"]) if (error && error[key] !== undefined) fields[key] = error[key];
      parentPort.postMessage({ id: message.id, error: { message: String((error && error.message) || error), fields } });
    }
  });
  parentPort.postMessage({ ready: true });
})().catch((error) => parentPort.postMessage({ failed: String((error && error.message) || error) }));
`;

type Operation =
  | { op: "query"; sql: string; params: unknown[]; tx?: number }
  | { op: "exec"; sql: string; tx?: number }
  | { op: "begin" }
  | { op: "end"; tx: number; commit: boolean }
  | { op: "close" };

/** What PGlite is opened with inside the worker. */
export interface PgliteWorkerSettings {
  dataDir: string;
  postgresqlConf: string;
  /** An initialised data folder's tarball, as bytes (a Blob is rebuilt from them in the worker). */
  loadDataDir?: ArrayBuffer;
}

/**
 * PGlite (Postgres compiled to WebAssembly) in its own thread. Its engine runs
 * synchronously wherever it lives; on the server's main thread it took about
 * a third of that thread's time under load (every answer is stored), time
 * the requests then waited for. Here the main thread only posts statements and
 * receives rows. An idle worker does not keep the process alive.
 */
export class PgliteWorker {
  private constructor(private readonly client: WorkerClient) {}

  /** Starts the worker and waits until PGlite is open; rejects with PGlite's own message if it cannot open. */
  static async start(settings: PgliteWorkerSettings): Promise<PgliteWorker> {
    const pgliteUrl = import.meta.resolve("@electric-sql/pglite");
    const client = await WorkerClient.start(workerSource, { ...settings, pgliteUrl }, {
      startError: (message) => new Error(message),
      // The SQL error's fields (code 23505 …) come along, as they would from PGlite in this thread.
      callError: (message, fields) => Object.assign(new Error(message), fields),
    });
    return new PgliteWorker(client);
  }

  /** Runs a statement and returns its rows. */
  query(sql: string, params: unknown[], tx?: number): Promise<SqlRow[]> {
    return this.call({ op: "query", sql, params, tx });
  }

  async exec(sql: string, tx?: number): Promise<void> {
    await this.call({ op: "exec", sql, tx });
  }

  /** Opens a transaction and returns its number, for the statements run inside it. */
  begin(): Promise<number> {
    return this.call({ op: "begin" });
  }

  /** Commits (or rolls back) a transaction `begin` opened; a failed commit rejects. */
  async end(tx: number, commit: boolean): Promise<void> {
    await this.call({ op: "end", tx, commit });
  }

  /** Closes PGlite, then the thread. */
  async close(): Promise<void> {
    try {
      await this.call({ op: "close" });
    } finally {
      await this.client.terminate();
    }
  }

  private call<T>(operation: Operation): Promise<T> {
    return this.client.call<T>(operation);
  }
}
