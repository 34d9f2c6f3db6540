import { mkdir, open, readFile, stat, unlink } from "node:fs/promises";
import path from "node:path";
import { IngestLockedError } from "../errors/app-errors.js";

/** How long a lock file may stay without a pid before it counts as abandoned. */
const EMPTY_LOCK_GRACE_MS = 10_000;

async function lockAgeMs(lockPath: string): Promise<number> {
  return stat(lockPath).then((info) => Date.now() - info.mtimeMs, () => Number.POSITIVE_INFINITY);
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Runs `work` holding the data folder's writer lock. Two writers would both
 * build tables and race on the manifest; the lock makes the second one fail
 * fast with a message instead. A lock left by a dead process is taken over.
 */
export async function withIngestLock<T>(dataDir: string, work: () => Promise<T>): Promise<T> {
  await mkdir(dataDir, { recursive: true });
  const lockPath = path.join(dataDir, "ingest.lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(lockPath, "wx");
      await handle.writeFile(String(process.pid));
      await handle.close();
      try {
        return await work();
      } finally {
        await unlink(lockPath).catch(() => undefined);
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = Number((await readFile(lockPath, "utf8").catch(() => "")).trim());
      if (Number.isInteger(holder) && holder > 0 && isProcessAlive(holder)) {
        throw new IngestLockedError(`another ingest (pid ${holder}) is writing ${dataDir}; wait for it to finish`, { pid: holder });
      }
      // No pid yet: the holder created the file and has not written it. Only a lock that stays empty is abandoned.
      if (!(Number.isInteger(holder) && holder > 0) && (await lockAgeMs(lockPath)) < EMPTY_LOCK_GRACE_MS) {
        throw new IngestLockedError(`another ingest is starting to write ${dataDir}; wait for it to finish`);
      }
      await unlink(lockPath).catch(() => undefined);
    }
  }
  throw new IngestLockedError(`could not take the ingest lock in ${dataDir}`);
}
