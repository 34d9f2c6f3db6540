import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { projectRoot } from "../config/app-config.js";
import type { SqlClient } from "./sql-client.js";

/** The migrations folder, `NNNN-name.sql`, applied in order of NNNN. */
export const migrationsDir = path.join(projectRoot, "src", "store-sql", "migrations");

/** Any constant: concurrent starts against one database take turns on it. */
const MIGRATION_LOCK = 7_270_001;

const fileName = /^(\d{4})-[a-z0-9-]+\.sql$/;
const appliedRowSchema = z.object({ version: z.number().int() });

interface Migration {
  version: number;
  file: string;
}

/** The migrations in `folder`, in order; a missing folder is named with what to do (the compiled server reads them from the project). */
export async function listMigrations(folder = migrationsDir): Promise<Migration[]> {
  const files = await readdir(folder).catch((error: unknown) => {
    throw new Error(`the store's SQL migrations are not in ${folder} (${(error as NodeJS.ErrnoException).code ?? String(error)}): run 企问 from its project folder, src/store-sql/migrations included`);
  });
  const migrations = files
    .map((file) => ({ file, match: fileName.exec(file) }))
    .filter((entry) => entry.match !== null)
    .map(({ file, match }) => ({ version: Number(match![1]), file }))
    .sort((a, b) => a.version - b.version);
  const versions = migrations.map((migration) => migration.version);
  const repeated = versions.find((version, index) => versions.indexOf(version) !== index);
  if (repeated !== undefined) throw new Error(`${folder}: two migrations are numbered ${repeated}`);
  return migrations;
}

/**
 * Brings the database up to the newest migration, each in the same
 * transaction as its entry in `schema_migrations`, under an advisory lock so
 * two servers starting together do not both apply one. Returns the versions
 * applied now. A database migrated by newer code than this is refused.
 */
export async function applyMigrations(client: SqlClient, folder = migrationsDir): Promise<number[]> {
  const migrations = await listMigrations(folder);
  return client.transaction(async (transaction) => {
    await transaction.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK]);
    await transaction.execScript(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, file text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())",
    );
    const applied = new Set(
      (await transaction.query("SELECT version FROM schema_migrations")).map((row) => appliedRowSchema.parse(row).version),
    );
    const known = new Set(migrations.map((migration) => migration.version));
    const unknown = [...applied].filter((version) => !known.has(version));
    if (unknown.length > 0) {
      throw new Error(`the ${client.kind} store has migration ${Math.max(...unknown)}, which this version of 企问 does not know: run the newer version, or another database`);
    }
    const pending = migrations.filter((migration) => !applied.has(migration.version));
    for (const migration of pending) {
      await transaction.execScript(await readFile(path.join(folder, migration.file), "utf8"));
      await transaction.query("INSERT INTO schema_migrations (version, file) VALUES ($1, $2)", [migration.version, migration.file]);
    }
    return pending.map((migration) => migration.version);
  });
}
