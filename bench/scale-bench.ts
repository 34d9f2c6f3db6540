/**
 * `npm run bench:scale -- --factor 10|100 [--cold]`: the real clauses plus
 * generated distractor clauses (bench/support/distractor-clauses.ts: text from
 * the plans' own vocabulary, in documents of fictional districts) to reach
 * factor × the real corpus, at 1× and at each factor given (comma-separated).
 * Each step runs in its own process, so its peak RSS is its own:
 *   ingest — embed (through a bench cache in the OS temp folder; --cold starts
 *            from an empty one), write, index (the ANN index past its row
 *            threshold), check and publish;
 *   serve  — the team's set through the answer service twice (the first pass
 *            embeds each question, the second finds it in the LRU): hit@5 and
 *            retrieval p50/p95; vector search with the ANN index against brute
 *            force (recall@5 and latency); full-text search still finding.
 */
import { spawn } from "node:child_process";
import { readdir, readFile, rm, stat } from "node:fs/promises";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { scriptEnvironment } from "../build/start-command.js";
import { answerInProcess } from "../eval/answer-in-process.js";
import { evaluateSet } from "../eval/evaluate-set.js";
import { loadQuestionSet } from "../eval/question-schema.js";
import { aggregate } from "../eval/score.js";
import { prepareClause } from "../ingest/build-rows.js";
import { indexClauses } from "../ingest/index-clauses.js";
import { readCorpus } from "../ingest/read-corpus.js";
import { manifestDocuments } from "../ingest/run-ingest.js";
import { formatTable } from "../src/cli/format-table.js";
import { loadConfig, projectRoot } from "../src/config/app-config.js";
import { CachedEmbedder } from "../src/embedding/cached-embedder.js";
import { createEmbedder } from "../src/embedding/create-embedder.js";
import { loadLexicon } from "../src/retrieval/lexicon.js";
import { createServices } from "../src/services/create-services.js";
import { localIndexStorage } from "../src/store/index-storage.js";
import { fullTextTokens, createWordSegmenter } from "../src/text/segment-words.js";
import { generateDistractors } from "./support/distractor-clauses.js";

const { values } = parseArgs({
  options: {
    factor: { type: "string", default: "10" },
    cold: { type: "boolean", default: false },
    phase: { type: "string" },
    dir: { type: "string" },
  },
});

const percentile = (values: number[], fraction: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))] ?? NaN;
};

/** Peak and current RSS of this process, in MB. */
async function rss(): Promise<{ peakMb: number; nowMb: number }> {
  const status = await readFile("/proc/self/status", "utf8");
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { peakMb: Math.round(kb("VmHWM") / 1024), nowMb: Math.round(kb("VmRSS") / 1024) };
}

/** RSS and what the main thread's heap, its external buffers and Arrow arrays account for, in MB, after a full collection. */
async function memoryBreakdown(): Promise<{ rssMb: number; heapUsedMb: number; externalMb: number; arrayBuffersMb: number }> {
  (globalThis as { gc?: () => void }).gc?.();
  const usage = process.memoryUsage();
  const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
  return { rssMb: (await rss()).nowMb, heapUsedMb: mb(usage.heapUsed), externalMb: mb(usage.external), arrayBuffersMb: mb(usage.arrayBuffers) };
}

async function folderBytes(folder: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    total += entry.isDirectory() ? await folderBytes(full) : (await stat(full)).size;
  }
  return total;
}

/** Builds the index of factor × the real corpus into `dir`; prints one JSON line. */
async function ingestPhase(factor: number, dir: string, cold: boolean): Promise<void> {
  const config = loadConfig({ ...process.env, DATA_DIR: dir });
  const started = performance.now();
  const { catalog, documents } = await readCorpus(config.seedsDir);
  const units = [...new Set(documents.flatMap((document) => document.clauses.flatMap((clause) => clause.units)))];
  const segmenter = createWordSegmenter(units);
  const real = documents.flatMap((document) => document.clauses.map((clause) => prepareClause(clause, document.entry, segmenter)));
  const distractors = generateDistractors({
    count: (factor - 1) * real.length,
    clausesPerDocument: real.length,
    realClauses: documents.flatMap((document) => document.clauses),
    units,
    lexicon: loadLexicon(),
    segmenter,
  });
  const counts = documents.map((document) => ({
    id: document.entry.id,
    title: document.entry.title,
    region: document.entry.region,
    clauses: document.clauses.length,
    clausesWithUnits: document.clauses.filter((clause) => clause.units.length > 0).length,
    clausesWithoutUnits: 0,
    characters: 0,
  }));
  const cacheDir = cold ? await mkdtemp(path.join(tmpdir(), "qiwen-scale-cold-cache-")) : path.join(tmpdir(), "qiwen-bench-scale-cache");
  // As `npm run ingest` builds it: the model loads only for a passage the cache does not hold.
  const embedder = new CachedEmbedder(await createEmbedder(config, { load: "on-first-use" }), cacheDir);
  const preparedMs = performance.now() - started;
  // Where the peak is: RSS sampled every 100 ms, kept per stage of the ingest (the stage set by its progress events).
  const clausePassages = real.length + distractors.clauses.length;
  let stage = "prepare";
  const peakByStage: Record<string, number> = {};
  const sample = async () => {
    const { nowMb } = await rss();
    peakByStage[stage] = Math.max(peakByStage[stage] ?? 0, nowMb);
  };
  await sample();
  const sampler = setInterval(() => void sample(), 100);
  let embeddedAt = 0;
  await indexClauses({
    storage: localIndexStorage(dir),
    embedder,
    clauses: [...real, ...distractors.clauses],
    documents: [...manifestDocuments(catalog.documents, counts), ...distractors.documents],
    onProgress: (progress) => {
      if (progress.stage === "embed") {
        // The clause table's indexes are built after its last batch, before the first sentence is embedded.
        if (progress.done < clausePassages) stage = "embed + write clauses";
        else if (progress.done === clausePassages) stage = "clause indexes";
        else stage = progress.done < progress.total ? "embed + write sentences" : "sentence indexes";
      }
      if (progress.stage === "write" && progress.done === 0) {
        embeddedAt = performance.now();
        stage = "sentence indexes";
      }
      if (progress.stage === "write" && progress.done === 1) stage = "after publish";
    },
  });
  clearInterval(sampler);
  await sample();
  const totalMs = performance.now() - started;
  if (cold) await rm(cacheDir, { recursive: true, force: true });
  const manifest = (await localIndexStorage(dir).registry.current())!;
  console.log(
    JSON.stringify({
      clauses: manifest.clauseCount,
      vectorIndex: manifest.vectorIndex,
      prepareMs: preparedMs,
      embedMs: embeddedAt - started - preparedMs,
      writeMs: performance.now() - embeddedAt,
      totalMs,
      indexBytes: await folderBytes(path.join(dir, "lancedb", `${manifest.table}.lance`)),
      peakRssMb: (await rss()).peakMb,
      peakByStage,
    }),
  );
  process.exit(0);
}

/** Serves the index in `dir` and measures it; prints one JSON line. */
async function servePhase(dir: string): Promise<void> {
  const config = { ...loadConfig({ ...process.env, DATA_DIR: dir }), llm: null };
  const opened = performance.now();
  const services = await createServices(config);
  const { store, manifest, segmenter } = await services.index.current();
  const openMs = performance.now() - opened;
  const afterOpen = await memoryBreakdown();
  const items = await loadQuestionSet(path.join(projectRoot, "eval", "questions.jsonl"));
  const answer = answerInProcess(services.answers);
  const first = await evaluateSet(items, answer, { k: 5 });
  const second = await evaluateSet(items, answer, { k: 5 });
  const retrieval = (run: typeof first) => run.map((evaluated) => evaluated.response.timings.retrievalMs);
  // What a replica holds once it has answered: the bench's own brute-force comparison below reads every vector.
  const afterAnswers = await memoryBreakdown();

  // Vector search through the ANN index against brute force over every vector.
  const table = await (await services.index.storage.connect()).openTable(manifest.table);
  const lexicon = loadLexicon();
  const annMs: number[] = [];
  const bruteMs: number[] = [];
  const ftsMs: number[] = [];
  let recallSum = 0;
  let ftsFound = 0;
  for (const item of items) {
    const vector = await services.embedder.embedQuery(item.question);
    let started = performance.now();
    const ann = await store.vectorSearch(vector, 5);
    annMs.push(performance.now() - started);
    started = performance.now();
    const brute = await table.query().nearestTo(vector).distanceType("cosine").bypassVectorIndex().select(["id", "_distance"]).limit(5).toArray();
    bruteMs.push(performance.now() - started);
    const exact = new Set(brute.map((row: { id: string }) => row.id));
    recallSum += ann.filter((ranked) => exact.has(ranked.clause.id)).length / Math.max(1, exact.size);
    started = performance.now();
    const text = await store.textSearch(fullTextTokens(segmenter, lexicon.stopwords, item.question), 40);
    ftsMs.push(performance.now() - started);
    if (text.length > 0) ftsFound++;
  }
  const memory = await rss();
  console.log(
    JSON.stringify({
      openMs,
      hit5: aggregate(second.map((evaluated) => evaluated.score)).hit5,
      retrievalFirst: { p50: percentile(retrieval(first), 0.5), p95: percentile(retrieval(first), 0.95) },
      retrievalWarm: { p50: percentile(retrieval(second), 0.5), p95: percentile(retrieval(second), 0.95) },
      vector: { p50: percentile(annMs, 0.5), p95: percentile(annMs, 0.95) },
      bruteForce: { p50: percentile(bruteMs, 0.5), p95: percentile(bruteMs, 0.95) },
      recallAt5: recallSum / items.length,
      fullText: { p50: percentile(ftsMs, 0.5), p95: percentile(ftsMs, 0.95), found: ftsFound, of: items.length },
      rssMb: afterAnswers.rssMb,
      afterOpen,
      afterAnswers,
      afterBruteForce: await memoryBreakdown(),
      peakRssMb: memory.peakMb,
    }),
  );
  process.exit(0);
}

/** Runs this script's own phase in a child process and parses its JSON line. */
function runPhase(args: string[]): Promise<Record<string, any>> {
  return new Promise((resolve, reject) => {
    // Each phase with the environment of what it stands for: `npm run ingest`'s, `npm start`'s (glibc's allocator settings).
    const environment = scriptEnvironment(args.includes("ingest") ? "ingest" : "start");
    const child = spawn(process.execPath, ["--import", "tsx", path.join(projectRoot, "bench", "scale-bench.ts"), ...args], {
      env: { ...process.env, ...environment },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let output = "";
    child.stdout.on("data", (chunk) => (output += String(chunk)));
    child.on("exit", (code) => {
      const line = output.trim().split("\n").at(-1) ?? "";
      if (code !== 0) reject(new Error(`phase ${args.join(" ")} exited with ${code}`));
      else resolve(JSON.parse(line) as Record<string, any>);
    });
  });
}

if (values.phase === "ingest") await ingestPhase(Number(values.factor), values.dir!, values.cold!);
else if (values.phase === "serve") await servePhase(values.dir!);
else {
  const stagePeaks: string[] = [];
  const factors = [1, ...values.factor.split(",").map(Number).filter((factor) => factor > 1)];
  const rows: string[][] = [];
  let baseHit5 = 0;
  for (const factor of factors) {
    const dir = await mkdtemp(path.join(tmpdir(), `qiwen-scale-${factor}x-`));
    try {
      process.stderr.write(`${factor}×: ingest…\n`);
      const ingest = await runPhase(["--phase", "ingest", "--factor", String(factor), "--dir", dir, ...(values.cold ? ["--cold"] : [])]);
      process.stderr.write(`${factor}×: serve…\n`);
      const serve = await runPhase(["--phase", "serve", "--dir", dir]);
      if (factor === 1) baseHit5 = serve.hit5;
      stagePeaks.push(`${factor}×: ${Object.entries(ingest.peakByStage as Record<string, number>).map(([name, mb]) => `${name} ${mb}`).join(", ")} MB`);
      const ms = (value: number) => value.toFixed(1);
      rows.push([
        `${factor}×`,
        String(ingest.clauses),
        `${(ingest.totalMs / 1000).toFixed(1)} s (embed ${(ingest.embedMs / 1000).toFixed(1)}, write ${(ingest.writeMs / 1000).toFixed(1)})`,
        `${ingest.peakRssMb} MB`,
        `${(ingest.indexBytes / 1024 / 1024).toFixed(1)} MB`,
        ingest.vectorIndex ?? "brute force",
        `${ms(serve.retrievalFirst.p50)} / ${ms(serve.retrievalFirst.p95)}`,
        `${ms(serve.retrievalWarm.p50)} / ${ms(serve.retrievalWarm.p95)}`,
        `${ms(serve.vector.p50)} / ${ms(serve.vector.p95)}`,
        `${ms(serve.bruteForce.p50)} / ${ms(serve.bruteForce.p95)}`,
        serve.recallAt5.toFixed(3),
        `${serve.fullText.found}/${serve.fullText.of}, p95 ${ms(serve.fullText.p95)}`,
        `${serve.rssMb} MB`,
        `${serve.hit5.toFixed(3)} (${serve.hit5 - baseHit5 >= 0 ? "+" : ""}${(serve.hit5 - baseHit5).toFixed(3)})`,
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  console.log(`bench:scale${values.cold ? " (cold embedding cache)" : ""}: the real clauses plus generated distractors; times in ms unless marked`);
  console.log(
    formatTable(
      ["factor", "clauses", "ingest", "ingest peak RSS", "index size", "vector index", "retrieval p50/p95", "retrieval, LRU warm", "vector p50/p95", "brute force p50/p95", "recall@5", "full-text found", "serve RSS", "team hit@5 (vs 1×)"],
      rows,
      [1, 3, 4, 10, 12],
    ),
  );
  console.log(`ingest RSS by stage (sampled every 100 ms) — ${stagePeaks.join("; ")}`);
}
