import type { AppConfig } from "../config/app-config.js";
import { applyMigrations, listMigrations } from "./apply-migrations.js";
import { deferredSqlClient } from "./deferred-sql-client.js";
import { lockEmbeddedStore } from "./embedded-store-lock.js";
import { initialisePgliteDir } from "./initialise-pglite-dir.js";
import { needsInitdb, openPgliteClient, type PgliteClientOptions } from "./pglite-client.js";
import { openPostgresClient } from "./postgres-client.js";
import { consoleStoreLog, type SqlClient, type StoreLog } from "./sql-client.js";

/** Extra options for {@link openSqlClient}; tests use them. */
export interface OpenSqlClientOptions {
  /** PostgreSQL: the schema to use instead of the URL's default. */
  schema?: string;
  /** PGlite: an initialised data folder's tarball to start from instead of running initdb. */
  loadDataDir?: Blob;
  /** Where a dropped PostgreSQL connection (or a purge) is reported; the console unless told. */
  log?: StoreLog;
  /**
   * PGlite: lock and initialise the folder now, but start Postgres (and apply
   * the migrations) on the first query. The server does, so that an idle
   * server does not hold PGlite's memory; the tools open at once.
   */
  deferEmbeddedStart?: boolean;
}

/** Opens a client and brings its database up to the newest migration; a failure closes it again. */
async function migrated(open: () => Promise<SqlClient>): Promise<SqlClient> {
  const client = await open();
  try {
    await applyMigrations(client);
  } catch (error) {
    await client.close();
    throw error;
  }
  return client;
}

/**
 * Opens the configured database (PGlite under its folder, locked against a
 * second process, or PostgreSQL at DATABASE_URL) and applies the migrations
 * (with `deferEmbeddedStart`, PGlite's at its first query; whether the
 * migrations are there is checked now). Closing the client also releases the lock.
 */
export async function openSqlClient(store: AppConfig["serviceStore"], options: OpenSqlClientOptions = {}): Promise<SqlClient> {
  if (store.kind === "postgres") {
    return migrated(() => openPostgresClient({ url: store.url, schema: options.schema, log: options.log ?? consoleStoreLog }));
  }
  const release = store.dataDir === "memory://" ? async () => undefined : await lockEmbeddedStore(store.dataDir);
  const pglite: PgliteClientOptions = { dataDir: store.dataDir, loadDataDir: options.loadDataDir };
  try {
    if (options.deferEmbeddedStart) {
      await listMigrations();
      if (needsInitdb(pglite)) await initialisePgliteDir(pglite.dataDir);
      return deferredSqlClient("pglite", () => migrated(() => openPgliteClient(pglite)), release);
    }
    const opened = await migrated(() => openPgliteClient(pglite));
    return { ...opened, close: () => opened.close().finally(release) };
  } catch (error) {
    await release();
    throw error;
  }
}
