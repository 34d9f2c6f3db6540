/** How many items one write takes at most. */
const MAX_BATCH = 64;

/**
 * Collects items submitted while a write is running (or within one turn of
 * the event loop) and writes them together: under load the database's cost
 * per statement, not per row, dominates storing an answer (bench/store-bench,
 * 32 answers at once: PGlite 0.67 ms of CPU per answer one statement each,
 * 0.19 ms grouped). Each submitted item's promise resolves when its batch is written. A batch that fails is written
 * again one item at a time, so that one bad item fails alone.
 */
export function groupCommit<T>(write: (items: T[]) => Promise<void>): (item: T) => Promise<void> {
  let queue: { item: T; resolve: () => void; reject: (error: unknown) => void }[] = [];
  let writing = false;

  const writeBatch = async (batch: typeof queue) => {
    try {
      await write(batch.map((entry) => entry.item));
      for (const entry of batch) entry.resolve();
    } catch (error) {
      if (batch.length === 1) return batch[0]!.reject(error);
      for (const entry of batch) {
        await write([entry.item]).then(entry.resolve, entry.reject);
      }
    }
  };

  const drain = async () => {
    writing = true;
    try {
      while (queue.length > 0) {
        // One turn first: the requests already in flight reach their insert and join this batch.
        await new Promise((resolve) => setImmediate(resolve));
        const batch = queue.slice(0, MAX_BATCH);
        queue = queue.slice(batch.length);
        await writeBatch(batch);
      }
    } finally {
      writing = false;
    }
  };

  return (item) =>
    new Promise<void>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      if (!writing) void drain();
    });
}
