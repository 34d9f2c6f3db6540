import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { z } from "zod";
import { IngestLockedError } from "../errors/app-errors.js";
import type { BlobStore } from "./blob-store.js";

/** The lease's name in the index location. */
export const LEASE_NAME = "ingest.lease";

const leaseSchema = z.object({
  token: z.string(),
  host: z.string(),
  pid: z.number().int(),
  startedAt: z.string(),
  renewedAt: z.string(),
  expiresAt: z.string(),
  renewals: z.number().int().nonnegative(),
  /** The table this writer is building: a later writer drops it if this one dies. */
  building: z.string().nullable(),
});
/** Who holds the writer lease, since when, until when, and what it is writing. */
export type LeaseRecord = z.infer<typeof leaseSchema>;

/** Options of {@link withIngestLease}. */
export interface IngestLeaseOptions {
  /** How long a lease lasts without a renewal (renewed every third of it). */
  ttlMs?: number;
  /**
   * How long to wait before reading a written lease back: on a store without
   * conditional writes, the later of two racing writers wins, and the other
   * sees so here. 0 on a local folder, where creation is exclusive.
   */
  settleMs?: number;
}

/** What the work sees of the lease it runs under. */
export interface HeldLease {
  /** The abandoned lease this one took over, if any (its `building` table is an orphan). */
  readonly tookOver: LeaseRecord | null;
  /** Records the table being built, so a writer after a crash can drop it. */
  setBuilding(table: string | null): Promise<void>;
  /** Throws IngestLockedError if another writer has taken the lease (checked before publishing). */
  assertHeld(): Promise<void>;
}

const DEFAULT_TTL_MS = 30_000;

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** A lease counts as abandoned once expired, or at once when its holder was on this host and its process is gone. */
function isAbandoned(lease: LeaseRecord, now: number): boolean {
  if (Date.parse(lease.expiresAt) <= now) return true;
  return lease.host === hostname() && !isProcessAlive(lease.pid);
}

function parseLease(bytes: Buffer): LeaseRecord | null {
  try {
    const parsed = leaseSchema.safeParse(JSON.parse(bytes.toString("utf8")));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

const encode = (lease: LeaseRecord) => Buffer.from(JSON.stringify(lease));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function lockedError(holder: LeaseRecord, where: string): IngestLockedError {
  return new IngestLockedError(
    `another ingest (pid ${holder.pid} on ${holder.host}, since ${holder.startedAt}, renewed ${holder.renewedAt}) is writing ${where}; wait for it to finish (its lease expires ${holder.expiresAt} unless renewed)`,
    { pid: holder.pid, host: holder.host },
  );
}

/**
 * Runs `work` holding the index location's writer lease: a record of holder
 * host, pid, start time and renewals that expires unless renewed, so it works
 * across machines (an object store shared by several hosts) and a crashed
 * writer's lease is taken over once stale — at once on the same host when
 * its process is gone, otherwise after `ttlMs`. A second writer fails fast
 * with IngestLockedError.
 */
export async function withIngestLease<T>(blobs: BlobStore, where: string, work: (lease: HeldLease) => Promise<T>, options: IngestLeaseOptions = {}): Promise<T> {
  const ttlMs = options.ttlMs ?? DEFAULT_TTL_MS;
  const settleMs = options.settleMs ?? 0;
  const startedAt = new Date().toISOString();
  let mine: LeaseRecord = { token: randomUUID(), host: hostname(), pid: process.pid, startedAt, renewedAt: startedAt, expiresAt: new Date(Date.now() + ttlMs).toISOString(), renewals: 0, building: null };
  let tookOver: LeaseRecord | null = null;

  const readLease = async (): Promise<{ lease: LeaseRecord | null; exists: boolean }> => {
    const blob = await blobs.read(LEASE_NAME);
    if (!blob || blob === "unchanged") return { lease: null, exists: false };
    return { lease: parseLease(blob.bytes), exists: true };
  };

  let acquired = false;
  for (let attempt = 0; attempt < 3 && !acquired; attempt++) {
    const { lease, exists } = await readLease();
    if (lease && !isAbandoned(lease, Date.now())) throw lockedError(lease, where);
    if (!exists) {
      if (!(await blobs.create(LEASE_NAME, encode(mine)))) continue;
    } else {
      // Stale or unreadable: take it over.
      tookOver = lease;
      await blobs.write(LEASE_NAME, encode(mine));
    }
    if (settleMs > 0) await sleep(settleMs);
    const check = await readLease();
    if (check.lease?.token !== mine.token) {
      if (check.lease) throw lockedError(check.lease, where);
      continue;
    }
    acquired = true;
  }
  if (!acquired) throw new IngestLockedError(`could not take the ingest lease of ${where}; try again`);

  let lost: LeaseRecord | null = null;
  let writing: Promise<void> = Promise.resolve();
  /** Writes our record if the lease is still ours; remembers who took it otherwise. */
  const update = (change: Partial<LeaseRecord>) => {
    writing = writing.then(async () => {
      if (lost) return;
      const { lease } = await readLease();
      if (lease?.token !== mine.token) {
        lost = lease ?? mine;
        return;
      }
      const now = Date.now();
      mine = { ...mine, ...change, renewedAt: new Date(now).toISOString(), expiresAt: new Date(now + ttlMs).toISOString() };
      await blobs.write(LEASE_NAME, encode(mine));
    });
    return writing;
  };
  const renewal = setInterval(() => {
    update({ renewals: mine.renewals + 1 }).catch(() => undefined);
  }, Math.max(250, Math.floor(ttlMs / 3)));
  renewal.unref();

  const held: HeldLease = {
    tookOver,
    setBuilding: (table) => update({ building: table }),
    async assertHeld() {
      await update({});
      if (lost) throw lockedError(lost, where);
    },
  };
  try {
    return await work(held);
  } finally {
    clearInterval(renewal);
    await writing.catch(() => undefined);
    if (!lost) {
      const { lease } = await readLease().catch(() => ({ lease: null }));
      if (lease?.token === mine.token) await blobs.remove(LEASE_NAME).catch(() => undefined);
    }
  }
}
