import { runIngest, type IngestProgress, type IngestReport } from "../../ingest/run-ingest.js";
import type { AppConfig } from "../config/app-config.js";
import { createCachedEmbedder } from "../embedding/create-embedder.js";
import type { Embedder } from "../embedding/embedder.js";
import { openIndexStorage } from "../store/index-storage.js";

/** Options for {@link buildIndex}. */
export interface BuildIndexOptions {
  /** Parse and validate only: no model, nothing written. */
  check?: boolean;
  /** Write a new index even when the corpus and embedder are unchanged. */
  force?: boolean;
  /** An embedder already loaded (the server's); otherwise the configured one, cached beside the index. */
  embedder?: Embedder;
  onProgress?: (progress: IngestProgress) => void;
}

/**
 * The ingest as the commands (and the admin page's jobs) run it. Without a
 * loaded model, the seeds are checked before it is loaded, so a corpus error
 * is reported in a moment; either way the current index is never touched by one.
 */
export async function buildIndex(config: AppConfig, options: BuildIndexOptions = {}): Promise<IngestReport> {
  if (options.check || !options.embedder) {
    const checked = await runIngest({ seedsDir: config.seedsDir, dataDir: config.dataDir, check: true, onProgress: options.check ? options.onProgress : undefined });
    if (options.check) return checked;
  }
  // The model loads only if a passage is not in the cache: re-ingesting a cached corpus never needs it.
  const embedder = options.embedder ?? (await createCachedEmbedder(config, { load: "on-first-use" }));
  const storage = openIndexStorage(config.index);
  return runIngest({ seedsDir: config.seedsDir, dataDir: config.dataDir, storage, embedder, force: options.force, onProgress: options.onProgress });
}
