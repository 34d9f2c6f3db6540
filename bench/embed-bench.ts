/**
 * Measures the local embedder on this machine: model load time, latency of one
 * query, and passage throughput per batch size. Passages are real paragraphs
 * from the seed plans. Run: `npx tsx bench/embed-bench.ts` (honours MODEL_DIR, SEEDS_DIR).
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { loadConfig } from "../src/config/app-config.js";
import { ensureModel } from "../src/embedding/ensure-model.js";
import { LocalEmbedder } from "../src/embedding/local-embedder.js";

const loadRuns = 5;
const queryRuns = 50;
const throughputRuns = 5;
const passageCount = 256;
const batchSizes = [1, 4, 8, 16, 32];

const queries = [
  "我想把公司关掉",
  "开办企业需要几天",
  "知识产权纠纷怎么解决",
  "工程建设项目审批要多久",
  "跨境贸易通关有哪些便利措施",
  "中小企业融资难怎么办",
  "哪个部门负责政务服务",
  "纳税可以网上办理吗",
];

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const timeMs = async (action: () => Promise<unknown>) => {
  const startedAt = performance.now();
  await action();
  return performance.now() - startedAt;
};

/** Paragraphs of the seed plans long enough to be clauses, cycled up to `count`. */
async function seedPassages(seedsDir: string, count: number): Promise<string[]> {
  const files = (await readdir(seedsDir)).filter((name) => name.endsWith(".txt")).sort();
  const paragraphs: string[] = [];
  for (const file of files) {
    for (const line of (await readFile(path.join(seedsDir, file), "utf8")).split("\n")) {
      const text = line.replace(/^#+\s*/, "").trim();
      if (text.length >= 20) paragraphs.push(text);
    }
  }
  if (paragraphs.length === 0) throw new Error(`no paragraphs found in ${seedsDir}`);
  return Array.from({ length: count }, (_, index) => paragraphs[index % paragraphs.length]!);
}

const config = loadConfig();
console.log(`model dir: ${config.modelDir}`);

const checkTimes: number[] = [];
for (let run = 0; run < loadRuns; run++) checkTimes.push(await timeMs(() => ensureModel(config.modelDir)));
console.log(`checksum check (ensureModel, model present): ${median(checkTimes).toFixed(0)} ms median of ${loadRuns}`);

const loadTimes: number[] = [];
let embedder: LocalEmbedder | undefined;
for (let run = 0; run < loadRuns; run++) {
  loadTimes.push(await timeMs(async () => (embedder = await LocalEmbedder.create(config.modelDir))));
}
console.log(`model load (LocalEmbedder.create, incl. checksum check): ${median(loadTimes).toFixed(0)} ms median of ${loadRuns}`);

await embedder!.embedQuery("预热"); // the first run allocates ORT buffers
const queryTimes: number[] = [];
for (let run = 0; run < queryRuns; run++) queryTimes.push(await timeMs(() => embedder!.embedQuery(queries[run % queries.length]!)));
console.log(`query embedding: ${median(queryTimes).toFixed(1)} ms median of ${queryRuns}`);

const passages = await seedPassages(config.seedsDir, passageCount);
const meanLength = passages.reduce((sum, text) => sum + text.length, 0) / passages.length;
console.log(`passages: ${passages.length} seed paragraphs, mean ${meanLength.toFixed(0)} characters`);
// Rounds interleave the batch sizes, so a burst of other load on the machine hits them all alike.
const embeddersBySize = new Map<number, LocalEmbedder>();
for (const batchSize of batchSizes) embeddersBySize.set(batchSize, await LocalEmbedder.create(config.modelDir, { batchSize }));
const ratesBySize = new Map<number, number[]>(batchSizes.map((batchSize) => [batchSize, []]));
for (let run = 0; run < throughputRuns; run++) {
  for (const [batchSize, batchEmbedder] of embeddersBySize) {
    const seconds = (await timeMs(() => batchEmbedder.embedDocuments(passages))) / 1000;
    ratesBySize.get(batchSize)!.push(passages.length / seconds);
  }
}
for (const [batchSize, rates] of ratesBySize) {
  console.log(`  batch ${String(batchSize).padStart(2)}: ${median(rates).toFixed(0)} passages/s median of ${throughputRuns}`);
}
