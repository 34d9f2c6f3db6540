import { createHash } from "node:crypto";
import { cp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { runIngest } from "../../ingest/run-ingest.js";
import { loadConfig, type AppConfig } from "../../src/config/app-config.js";
import { createCachedEmbedder } from "../../src/embedding/create-embedder.js";
import { IngestLockedError } from "../../src/errors/app-errors.js";
import { LEASE_NAME } from "../../src/store/ingest-lease.js";

/**
 * One index for the whole test run, shared by the test files (each runs in its own process).
 * Keyed by the checkout, so two clones (or git worktrees) testing at once never share one.
 */
const checkoutKey = createHash("sha256").update(path.resolve(import.meta.dirname, "../..")).digest("hex").slice(0, 8);
const testDataDir = path.join(tmpdir(), `qiwen-test-index-${process.getuid?.() ?? "user"}-${checkoutKey}`);

/** Settings that turn every rate limit off, for tests that send many requests from one client. */
export const noRateLimits = { RATE_LIMIT_CHAT_PER_MIN: "0", RATE_LIMIT_SEARCH_PER_MIN: "0", RATE_LIMIT_V1_PER_MIN: "0" };

/**
 * The configuration tests use: the real seeds and model, the shared temporary index, no LLM,
 * and the service store in memory (test files run at once; a server given no store gets its own).
 */
export function testConfig(overrides: Record<string, string> = {}): AppConfig {
  const {
    OPENAI_API_KEY: _key,
    OPENAI_BASE_URL: _url,
    ANSWER_MODE: _mode,
    EMBEDDING_API_KEY: _embeddingKey,
    EMBEDDING_BASE_URL: _embeddingUrl,
    DATABASE_URL: _database,
    ...env
  } = process.env;
  return loadConfig({ ...env, DATA_DIR: testDataDir, PGLITE_DIR: "memory://", ...overrides });
}

/**
 * Builds the real index (real documents, real model, real LanceDB) into a
 * temporary folder, once: later calls find it unchanged and return at once.
 * Test files that start together wait for the one holding the ingest lock.
 */
export async function prepareTestIndex(): Promise<{ dataDir: string; config: AppConfig }> {
  const config = testConfig();
  const embedder = await createCachedEmbedder(config);
  for (let attempt = 0; ; attempt++) {
    try {
      await runIngest({ seedsDir: config.seedsDir, dataDir: config.dataDir, embedder });
      return { dataDir: config.dataDir, config };
    } catch (error) {
      if (!(error instanceof IngestLockedError) || attempt > 600) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

/**
 * Copies of the seeds and of the prepared test index (its embedding cache
 * included, another writer's lease left out) under `parent`, as the
 * settings that point a server at them: for tests that publish or remove
 * documents, which must never change the checkout's seeds/ or the shared index.
 */
export async function copyTestCorpus(prepared: { dataDir: string; config: AppConfig }, parent: string): Promise<{ SEEDS_DIR: string; DATA_DIR: string }> {
  const seedsDir = path.join(parent, "seeds");
  const dataDir = path.join(parent, "data");
  await cp(prepared.config.seedsDir, seedsDir, { recursive: true });
  await copyDataDir(path.join(prepared.dataDir, "lancedb"), path.join(dataDir, "lancedb"));
  return { SEEDS_DIR: seedsDir, DATA_DIR: dataDir };
}

/**
 * Copies a data folder (or its lancedb/) without the writer lease and its
 * temporary files: every test file's prepareTestIndex takes the shared
 * index's lease for a moment, so a plain copy can meet a lease file that is
 * gone by the time it is read. `withoutEmbeddingCache` leaves the cache out too.
 */
export async function copyDataDir(from: string, to: string, options: { withoutEmbeddingCache?: boolean } = {}): Promise<void> {
  await cp(from, to, {
    recursive: true,
    filter: (source) => {
      const name = path.basename(source);
      return !name.startsWith(LEASE_NAME) && !(options.withoutEmbeddingCache && name === "embedding-cache");
    },
  });
}
