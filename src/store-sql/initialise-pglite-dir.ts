import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

/** PGlite's initdb inside a short-lived process: it opens, initialises the folder, and closes. */
const initialiseScript = `
const { PGlite } = await import(process.argv[1]);
const database = await PGlite.create(process.argv[2]);
await database.close();
`;

/**
 * Creates an empty PGlite data folder in a child process when there is none.
 * PGlite's initdb takes about 10 s and leaves some 500 MB of WebAssembly memory
 * that the process never gives back: run in the server itself, a fresh
 * install's first start would keep that for as long as it runs.
 */
export async function initialisePgliteDir(dataDir: string): Promise<void> {
  if (existsSync(path.join(dataDir, "PG_VERSION"))) return;
  const pglite = import.meta.resolve("@electric-sql/pglite");
  await new Promise<void>((resolve, reject) => {
    execFile(process.execPath, ["--input-type=module", "--eval", initialiseScript, pglite, dataDir], { timeout: 120_000 }, (error, _stdout, stderr) => {
      if (error) reject(new Error(`could not initialise the embedded store in ${dataDir}: ${stderr.trim() || error.message}`));
      else resolve();
    });
  });
}
