import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rename, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import type { AppConfig } from "../../src/config/app-config.js";
import { startServer, type RunningServer, type StartServerOptions } from "../../src/server/start-server.js";
import { openServiceStore, type OpenServiceStoreOptions, type ServiceStore } from "../../src/store-sql/service-store.js";
import pgliteManifest from "../../node_modules/@electric-sql/pglite/package.json" with { type: "json" };

/** The PostgreSQL that CI starts (.ci/run exports it); unset on a machine without one. */
export const postgresUrl = process.env.DATABASE_URL || undefined;

/** Why the PostgreSQL half of a test is skipped, printed so a skip never passes for a pass. */
export const postgresSkipReason = "DATABASE_URL is not set: the PostgreSQL half is skipped (CI sets it; see .ci/run to start one)";

const templateFile = path.join(tmpdir(), `qiwen-pglite-template-${pgliteManifest.version}.tar`);

/**
 * An initialised, empty PGlite data folder as a tarball, made once per machine:
 * PGlite's initdb takes 5–10 s and much memory, loading this takes under one.
 */
export async function pgliteTemplate(): Promise<Blob> {
  if (!existsSync(templateFile)) {
    const database = await PGlite.create("memory://");
    const dump = await database.dumpDataDir("none");
    await database.close();
    const staging = `${templateFile}.${process.pid}-${randomBytes(4).toString("hex")}`;
    await writeFile(staging, Buffer.from(await dump.arrayBuffer()));
    await rename(staging, templateFile);
  }
  return new Blob([await readFile(templateFile)]);
}

/**
 * A new PGlite data folder inside `parent`, initialised from the template (the
 * tarball is the folder's files): what a server process started by a test
 * opens as PGLITE_DIR without running initdb. The caller removes `parent`.
 */
export async function initialisedPgliteDir(parent: string): Promise<string> {
  await pgliteTemplate();
  const dir = await mkdtemp(path.join(parent, "pglite-"));
  await promisify(execFile)("tar", ["-xf", templateFile, "-C", dir]);
  return dir;
}

/** A PostgreSQL schema of its own for one test, dropped by `drop`. */
export async function createTestSchema(url: string): Promise<{ schema: string; drop(): Promise<void> }> {
  const schema = `qiwen_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  return {
    schema,
    async drop() {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    },
  };
}

/** The store configuration for a backend: PGlite in `dataDir` (default in memory), or PostgreSQL at DATABASE_URL. */
export function storeConfig(config: AppConfig, backend: "pglite" | "postgres", dataDir = "memory://"): AppConfig {
  if (backend === "postgres") {
    if (!postgresUrl) throw new Error(postgresSkipReason);
    return { ...config, serviceStore: { kind: "postgres", url: postgresUrl } };
  }
  return { ...config, serviceStore: { kind: "pglite", dataDir } };
}

/**
 * A fresh, empty, migrated service store for one test: PGlite in memory
 * (from the template) unless told otherwise.
 */
export async function openTestStore(config: AppConfig, options: OpenServiceStoreOptions = {}): Promise<ServiceStore> {
  const memoryPglite = config.serviceStore.kind === "pglite" && config.serviceStore.dataDir === "memory://";
  return openServiceStore(config, { ...options, loadDataDir: options.loadDataDir ?? (memoryPglite ? await pgliteTemplate() : undefined) });
}

/**
 * `startServer` with a fresh in-memory store of its own (closed with the
 * server) unless one is given: what every test server uses, so that test files
 * running at once never share an embedded store.
 */
export async function startTestServer(options: StartServerOptions): Promise<RunningServer> {
  if (options.store) return startServer(options);
  const store = await openTestStore(options.config);
  const server = await startServer({ ...options, store }).catch(async (error: unknown) => {
    await store.close();
    throw error;
  });
  return { ...server, close: () => server.close().finally(() => store.close()) };
}
