import { hostname } from "node:os";
import { mkdir, open, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { AppError } from "../errors/app-errors.js";

const lockSchema = z.object({ pid: z.number().int(), host: z.string(), startedAt: z.string() });

/** Another process has the embedded store open. */
export class StoreLockedError extends AppError {
  constructor(message: string) {
    super("store_locked", 409, message);
  }
}

/** Lock files this process holds: a lock with our PID that is not among them was left by an earlier process (a restarted container reuses PIDs). */
const heldHere = new Set<string>();

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Takes the lock file beside a PGlite folder, or throws StoreLockedError.
 * PGlite runs Postgres inside one process and does not notice a second
 * process opening the same folder, which would corrupt it. A lock left by a
 * process of this host that no longer runs is taken over. Returns the release.
 */
export async function lockEmbeddedStore(dataDir: string): Promise<() => Promise<void>> {
  const lockFile = `${dataDir}.lock`;
  await mkdir(path.dirname(lockFile), { recursive: true });
  const mine = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(lockFile, "wx");
      await handle.writeFile(JSON.stringify(mine));
      await handle.close();
      heldHere.add(lockFile);
      return async () => {
        heldHere.delete(lockFile);
        await rm(lockFile, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const holder = lockSchema.safeParse(await readFile(lockFile, "utf8").then((text) => JSON.parse(text) as unknown, () => null));
    const stale =
      !holder.success ||
      (holder.data.host === mine.host && (holder.data.pid === mine.pid ? !heldHere.has(lockFile) : !isAlive(holder.data.pid)));
    if (!stale) {
      const { pid, host, startedAt } = holder.data;
      throw new StoreLockedError(
        `the embedded store ${dataDir} is open in process ${pid} on ${host} (since ${startedAt}): stop that process first, ` +
          `or set DATABASE_URL so that several processes share a PostgreSQL database` +
          (host === mine.host ? "" : `; if that host no longer runs 企问, delete ${lockFile}`),
      );
    }
    await rm(lockFile, { force: true });
  }
  throw new StoreLockedError(`could not take the lock ${lockFile}: another process keeps taking it`);
}
