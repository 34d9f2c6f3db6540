/**
 * Measures POST /api/chat (extractive) through a real listening server: the
 * index warm, one request at a time, questions from eval/questions.jsonl.
 * Prints p50/p95/max latency and the process RSS. Targets: p50 < 50 ms,
 * p95 < 150 ms. Run: `npx tsx bench/api-bench.ts` (honours DATA_DIR, MODEL_DIR;
 * the index must exist: `npm run ingest`).
 */
import path from "node:path";
import { loadQuestionSet } from "../eval/question-schema.js";
import { chatResponseSchema } from "../src/answer/chat-schemas.js";
import { loadConfig, projectRoot } from "../src/config/app-config.js";
import { openIndexStorage } from "../src/store/index-storage.js";
import { startServer } from "../src/server/start-server.js";

const requestCount = 100;
const warmupCount = 5;

const percentile = (sorted: number[], fraction: number) => sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
const megabytes = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

// Extractive on purpose: an LLM's latency is the model server's, not ours.
const loaded = loadConfig();
// Unlimited: the bench is one client asking as fast as it can.
const config = { ...loaded, llm: null, server: { ...loaded.server, rateLimits: { ...loaded.server.rateLimits, chat: 0 } } };
if (!(await openIndexStorage(config.index).registry.current())) {
  console.error(`no index at ${config.index.uri}: run \`npm run ingest\` first`);
  process.exit(1);
}
const items = await loadQuestionSet(path.join(projectRoot, "eval", "questions.jsonl"));
const loadStarted = performance.now();
const server = await startServer({ config, port: 0, app: { webConsole: false } });
const loadMs = performance.now() - loadStarted;

async function ask(index: number): Promise<{ ms: number; retrievalMs: number }> {
  const item = items[index % items.length]!;
  const started = performance.now();
  const response = await fetch(`${server.url}/api/chat`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ question: item.question, history: item.history }),
  });
  const body = chatResponseSchema.parse(await response.json());
  return { ms: performance.now() - started, retrievalMs: body.timings.retrievalMs };
}

for (let index = 0; index < warmupCount; index++) await ask(index);
const samples: { ms: number; retrievalMs: number }[] = [];
for (let index = 0; index < requestCount; index++) samples.push(await ask(index + warmupCount));
await server.close();

const latencies = samples.map((sample) => sample.ms).sort((a, b) => a - b);
const retrieval = samples.map((sample) => sample.retrievalMs).sort((a, b) => a - b);
const p50 = percentile(latencies, 0.5);
const p95 = percentile(latencies, 0.95);
console.log(`POST /api/chat (extractive), ${requestCount} sequential requests over ${items.length} eval questions`);
console.log(`services ready in ${Math.round(loadMs)} ms`);
console.log(`latency  p50 ${p50.toFixed(1)} ms  p95 ${p95.toFixed(1)} ms  max ${latencies.at(-1)!.toFixed(1)} ms`);
console.log(`retrieval (server-side) p50 ${percentile(retrieval, 0.5).toFixed(1)} ms  p95 ${percentile(retrieval, 0.95).toFixed(1)} ms`);
console.log(`rss ${megabytes(process.memoryUsage().rss)}`);
console.log(`targets: p50 < 50 ms ${p50 < 50 ? "met" : "MISSED"}, p95 < 150 ms ${p95 < 150 ? "met" : "MISSED"}`);
