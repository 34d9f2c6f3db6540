import type { AppConfig } from "../config/app-config.js";
import { applyMigrations } from "./apply-migrations.js";
import { lockEmbeddedStore } from "./embedded-store-lock.js";
import { openPgliteClient } from "./pglite-client.js";
import { openPostgresClient } from "./postgres-client.js";
import type { SqlClient } from "./sql-client.js";

/** Extra options for {@link openSqlClient}; tests use them. */
export interface OpenSqlClientOptions {
  /** PostgreSQL: the schema to use instead of the URL's default. */
  schema?: string;
  /** PGlite: an initialised data folder's tarball to start from instead of running initdb. */
  loadDataDir?: Blob;
}

/**
 * Opens the configured database (PGlite under its folder, locked against a
 * second process, or PostgreSQL at DATABASE_URL) and applies the migrations.
 * Closing the client also releases the lock.
 */
export async function openSqlClient(store: AppConfig["serviceStore"], options: OpenSqlClientOptions = {}): Promise<SqlClient> {
  let client: SqlClient;
  if (store.kind === "postgres") {
    client = await openPostgresClient({ url: store.url, schema: options.schema });
  } else {
    const release = store.dataDir === "memory://" ? async () => undefined : await lockEmbeddedStore(store.dataDir);
    const opened = await openPgliteClient({ dataDir: store.dataDir, loadDataDir: options.loadDataDir }).catch(async (error: unknown) => {
      await release();
      throw error;
    });
    client = { ...opened, close: () => opened.close().finally(release) };
  }
  try {
    await applyMigrations(client);
  } catch (error) {
    await client.close();
    throw error;
  }
  return client;
}
