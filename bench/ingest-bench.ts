/**
 * Ingest benchmark: cold ingest of all five documents (fresh data folder, empty
 * embedding cache, model load included) and warm re-ingests of the unchanged
 * corpus (skipped by content hash) and forced rebuilds (vectors from the cache).
 * Prints medians over several runs: `npx tsx bench/ingest-bench.ts [runs]`.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { runIngest } from "../ingest/run-ingest.js";
import { loadConfig } from "../src/config/app-config.js";
import { createCachedEmbedder } from "../src/embedding/create-embedder.js";

const runs = Number(process.argv[2] ?? 3);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const cold: number[] = [];
const warmUnchanged: number[] = [];
const warmRebuild: number[] = [];
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
  await rm(dataDir, { recursive: true, force: true });
  process.stderr.write(`run ${run + 1}/${runs}: cold ${Math.round(cold.at(-1)!)} ms, warm ${Math.round(warmUnchanged.at(-1)!)} ms, rebuild ${Math.round(warmRebuild.at(-1)!)} ms\n`);
}

const row = (name: string, values: number[], target: number) =>
  `${name.padEnd(38)} median ${String(Math.round(median(values))).padStart(6)} ms   min ${String(Math.round(Math.min(...values))).padStart(6)} ms   target < ${target} ms   ${median(values) < target ? "ok" : "OVER"}`;
console.log(`ingest benchmark, ${runs} runs, node ${process.version}`);
console.log(row("cold (model load + embed + write)", cold, 60_000));
console.log(row("warm, unchanged corpus", warmUnchanged, 5_000));
console.log(row("warm, forced rebuild (cached vectors)", warmRebuild, 5_000));
console.log(`cold / warm ratio: ${(median(cold) / median(warmUnchanged)).toFixed(1)}×   rss ${Math.round(process.memoryUsage().rss / 1e6)} MB`);
