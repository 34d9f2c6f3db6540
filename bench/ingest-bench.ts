/**
 * Ingest benchmark: cold ingest of all five documents (fresh data folder, empty
 * embedding cache, model load included), warm re-ingests of the unchanged
 * corpus (skipped by content hash) and forced rebuilds (vectors from the cache),
 * and adding one 4 KB plan to the indexed corpus with the model already loaded
 * (`--add`'s work: read, infer, copy, catalog, re-index; its clauses embedded fresh).
 * Prints medians over several runs: `npx tsx bench/ingest-bench.ts [runs]`.
 */
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { addDocument } from "../ingest/catalog/add-document.js";
import { runIngest } from "../ingest/run-ingest.js";
import { loadConfig } from "../src/config/app-config.js";
import { CachedEmbedder } from "../src/embedding/cached-embedder.js";
import { createCachedEmbedder, createEmbedder } from "../src/embedding/create-embedder.js";
import { localIndexStorage } from "../src/store/index-storage.js";

/** A 4 KB plan (4,071 bytes of UTF-8) written for this benchmark. */
const planToAdd = path.join(import.meta.dirname, "fixtures", "taicang-2024.txt");

const runs = Number(process.argv[2] ?? 3);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const cold: number[] = [];
const warmUnchanged: number[] = [];
const warmRebuild: number[] = [];
const addOne: number[] = [];
// The model the additions use, loaded once: an admin adds to a corpus whose server (or last ingest) has it loaded.
const loadedModel = await createEmbedder(loadConfig());
await loadedModel.embedQuery("企业开办");
for (let run = 0; run < runs; run++) {
  const dataDir = await mkdtemp(path.join(tmpdir(), "qiwen-bench-"));
  const config = loadConfig({ ...process.env, DATA_DIR: dataDir });
  let started = performance.now();
  const embedder = await createCachedEmbedder(config);
  await runIngest({ seedsDir: config.seedsDir, dataDir, embedder });
  cold.push(performance.now() - started);

  started = performance.now();
  const warmEmbedder = await createCachedEmbedder(config);
  await runIngest({ seedsDir: config.seedsDir, dataDir, embedder: warmEmbedder });
  warmUnchanged.push(performance.now() - started);

  started = performance.now();
  await runIngest({ seedsDir: config.seedsDir, dataDir, embedder: warmEmbedder, force: true });
  warmRebuild.push(performance.now() - started);

  // Seeds copied so the repository's are never touched; the cache holds the five seeds' vectors, not the new plan's.
  const seedsDir = await mkdtemp(path.join(tmpdir(), "qiwen-bench-seeds-"));
  await cp(config.seedsDir, seedsDir, { recursive: true });
  const adding = new CachedEmbedder(loadedModel, localIndexStorage(dataDir).embeddingCache);
  started = performance.now();
  await addDocument(seedsDir, { file: planToAdd });
  const added = await runIngest({ seedsDir, dataDir, embedder: adding });
  addOne.push(performance.now() - started);
  if (added.failed.length > 0 || added.documents.length !== 6) throw new Error(`the added plan was not indexed: ${JSON.stringify(added.failed)}`);

  await rm(dataDir, { recursive: true, force: true });
  await rm(seedsDir, { recursive: true, force: true });
  process.stderr.write(
    `run ${run + 1}/${runs}: cold ${Math.round(cold.at(-1)!)} ms, warm ${Math.round(warmUnchanged.at(-1)!)} ms, rebuild ${Math.round(warmRebuild.at(-1)!)} ms, add 4 KB ${Math.round(addOne.at(-1)!)} ms\n`,
  );
}

const row = (name: string, values: number[], target: number) =>
  `${name.padEnd(38)} median ${String(Math.round(median(values))).padStart(6)} ms   min ${String(Math.round(Math.min(...values))).padStart(6)} ms   target < ${target} ms   ${median(values) < target ? "ok" : "OVER"}`;
console.log(`ingest benchmark, ${runs} runs, node ${process.version}`);
console.log(row("cold (model load + embed + write)", cold, 60_000));
console.log(row("warm, unchanged corpus", warmUnchanged, 5_000));
console.log(row("warm, forced rebuild (cached vectors)", warmRebuild, 5_000));
console.log(row("add one 4 KB plan, model loaded", addOne, 3_000));
console.log(`cold / warm ratio: ${(median(cold) / median(warmUnchanged)).toFixed(1)}×   rss ${Math.round(process.memoryUsage().rss / 1e6)} MB`);
