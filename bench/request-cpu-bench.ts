/**
 * `npx tsx bench/request-cpu-bench.ts [--rounds 5]`: CPU time (user + system,
 * every thread of the process: LanceDB's and the model's included) per
 * question of the team's set, in process, for the whole answer and for each
 * step under it — retrieval, vector search, full-text search, the query
 * embedding. Question vectors are in the LRU after the warm-up round, as
 * under bench:load, except in the `query embedding, uncached` row. CPU time
 * is steadier than latency on a shared machine: medians over the rounds.
 * The index at INDEX_URI (or DATA_DIR) must exist: `npm run ingest`.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { loadQuestionSet } from "../eval/question-schema.js";
import { formatTable } from "../src/cli/format-table.js";
import { loadConfig, projectRoot } from "../src/config/app-config.js";
import { loadLexicon } from "../src/retrieval/lexicon.js";
import { createServices } from "../src/services/create-services.js";
import { fullTextTokens } from "../src/text/segment-words.js";

const { values } = parseArgs({ options: { rounds: { type: "string", default: "5" } } });
const rounds = Number(values.rounds);
const config = { ...loadConfig(), llm: null };
const services = await createServices(config);
const { store, segmenter } = await services.index.current();
const items = await loadQuestionSet(path.join(projectRoot, "eval", "questions.jsonl"));
const { stopwords } = loadLexicon();
const vectors = await Promise.all(items.map((item) => services.embedder.embedQuery(item.question)));
const tokens = items.map((item) => fullTextTokens(segmenter, stopwords, item.question));

/** CPU milliseconds per call of `step` over every question, median over the rounds (after one warm-up round). */
async function cpuPerQuestion(step: (index: number) => Promise<unknown>): Promise<{ cpuMs: number; wallMs: number }> {
  const samples: { cpuMs: number; wallMs: number }[] = [];
  for (let round = 0; round <= rounds; round++) {
    const cpu = process.cpuUsage();
    const started = performance.now();
    for (let index = 0; index < items.length; index++) await step(index);
    const used = process.cpuUsage(cpu);
    if (round > 0) samples.push({ cpuMs: (used.user + used.system) / 1000 / items.length, wallMs: (performance.now() - started) / items.length });
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  return { cpuMs: median(samples.map((sample) => sample.cpuMs)), wallMs: median(samples.map((sample) => sample.wallMs)) };
}

const steps: [string, (index: number) => Promise<unknown>][] = [
  ["answer (POST /api/chat without HTTP)", (index) => services.answers.answer({ question: items[index]!.question, history: items[index]!.history })],
  ["retrieval", (index) => services.retriever.retrieve(items[index]!.question, { history: items[index]!.history })],
  ["vector search (40)", (index) => store.vectorSearch(vectors[index]!, 40)],
  ["full-text search (40)", (index) => store.textSearch(tokens[index]!, 40)],
  ["query embedding, LRU", (index) => services.embedder.embedQuery(items[index]!.question)],
  ["query embedding, uncached", (index) => services.embedder.embedQuery(`${items[index]!.question} ${Math.random()}`)],
];
const rows: string[][] = [];
for (const [name, step] of steps) {
  const { cpuMs, wallMs } = await cpuPerQuestion(step);
  rows.push([name, cpuMs.toFixed(2), wallMs.toFixed(2)]);
}
console.log(`${items.length} questions × ${rounds} rounds, ${store.manifest.clauseCount} clauses; medians per question`);
console.log(formatTable(["step", "CPU ms", "wall ms"], rows, [1, 2]));
process.exit(0);
