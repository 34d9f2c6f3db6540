import { randomUUID } from "node:crypto";
import { link, mkdir, open, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";

/** One small object read back, with the tag that says whether it changed since. */
export interface StoredBlob {
  bytes: Buffer;
  etag: string;
}

/**
 * Small named objects beside the index (the manifest, the writer's lease, the
 * embedding cache): a local folder or an object-store prefix. Every write
 * replaces the whole object at once, so a reader sees the old bytes or the new.
 */
export interface BlobStore {
  /** The object, null when there is none, or "unchanged" when its tag is still `ifNoneMatch`. */
  read(name: string, ifNoneMatch?: string): Promise<StoredBlob | null | "unchanged">;
  /** Replaces the object atomically. */
  write(name: string, bytes: Uint8Array): Promise<void>;
  /** Creates the object only if there is none; false if one exists (best effort where the store has no conditional writes). */
  create(name: string, bytes: Uint8Array): Promise<boolean>;
  remove(name: string): Promise<void>;
  /** The same kind of store rooted at a sub-folder. */
  child(folder: string): BlobStore;
}

/** A BlobStore in a local folder: writes go through a temporary file and a rename. */
export class LocalBlobStore implements BlobStore {
  constructor(readonly dir: string) {}

  async read(name: string, ifNoneMatch?: string): Promise<StoredBlob | null | "unchanged"> {
    const file = path.join(this.dir, name);
    const info = await stat(file).catch(() => null);
    if (!info) return null;
    // Nanosecond mtime and size: a rename of a new file changes both or at least the inode's mtime.
    const etag = `${info.ino}-${info.mtimeMs}-${info.size}`;
    if (ifNoneMatch === etag) return "unchanged";
    const bytes = await readFile(file).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return null;
      throw error;
    });
    return bytes ? { bytes, etag } : null;
  }

  async write(name: string, bytes: Uint8Array): Promise<void> {
    const file = path.join(this.dir, name);
    const temporary = `${file}.${randomUUID()}.tmp`;
    await mkdir(path.dirname(file), { recursive: true });
    try {
      const handle = await open(temporary, "w");
      try {
        await handle.writeFile(bytes);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temporary, file);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }

  async create(name: string, bytes: Uint8Array): Promise<boolean> {
    const file = path.join(this.dir, name);
    const temporary = `${file}.${randomUUID()}.tmp`;
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(temporary, bytes);
    try {
      // A hard link fails if the name exists: an exclusive create that is never seen half-written.
      await link(temporary, file);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
      throw error;
    } finally {
      await rm(temporary, { force: true });
    }
  }

  async remove(name: string): Promise<void> {
    await rm(path.join(this.dir, name), { force: true });
  }

  child(folder: string): BlobStore {
    return new LocalBlobStore(path.join(this.dir, folder));
  }
}
