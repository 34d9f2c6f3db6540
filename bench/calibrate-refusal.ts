/**
 * What the refusal thresholds in src/answer/decide-answerable.ts are read from:
 * for every item of a question set, the signals the decision uses — the best
 * cosine similarity, how far full-text search's best clause leads the next, and
 * the best single-clause coverage of the question's words — split by whether the
 * item is answerable, with the decision and whether it was right.
 * `npx tsx bench/calibrate-refusal.ts [--set eval/questions.jsonl]` (index in DATA_DIR).
 */
import { parseArgs } from "node:util";
import { loadQuestionSet } from "../eval/question-schema.js";
import { decideAnswerable, defaultThresholds, termCoverage } from "../src/answer/decide-answerable.js";
import { loadConfig } from "../src/config/app-config.js";
import { createServices } from "../src/services/create-services.js";

const { values } = parseArgs({ options: { set: { type: "string", default: "eval/questions.jsonl" } } });
const services = await createServices(loadConfig());
const items = await loadQuestionSet(values.set!);

interface Row {
  id: string;
  answerable: boolean;
  decided: boolean;
  similarity: number;
  textLead: number;
  coverage: number;
}
const rows: Row[] = [];
for (const item of items) {
  const retrieval = await services.retriever.retrieve(item.question, { history: item.history ?? [] });
  const top = retrieval.clauses.slice(0, defaultThresholds.coverageClauses);
  rows.push({
    id: item.id,
    answerable: item.answerable,
    decided: decideAnswerable(retrieval).answerable,
    similarity: Math.max(0, ...retrieval.clauses.map((clause) => clause.similarity)),
    textLead: retrieval.textLead && retrieval.textLead.clauseId === retrieval.clauses[0]?.clause.id ? retrieval.textLead.ratio : 0,
    coverage: Math.max(0, ...top.map((clause) => termCoverage(retrieval.understanding.questionTerms, [`${clause.clause.title ?? ""} ${clause.clause.text}`]))),
  });
}

const quantiles = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]?.toFixed(2) ?? "–";
  return `min ${at(0)}  p10 ${at(0.1)}  median ${at(0.5)}  p90 ${at(0.9)}  max ${at(1 - Number.EPSILON)}`;
};
for (const answerable of [true, false]) {
  const group = rows.filter((row) => row.answerable === answerable);
  console.log(`\n${answerable ? "answerable" : "not answerable"} (${group.length}), decided right: ${group.filter((row) => row.decided === answerable).length}`);
  console.log(`  similarity  ${quantiles(group.map((row) => row.similarity))}`);
  console.log(`  text lead   ${quantiles(group.map((row) => Math.min(row.textLead, 99)))}`);
  console.log(`  coverage    ${quantiles(group.map((row) => row.coverage))}`);
}
console.log(`\nthresholds: ${JSON.stringify(defaultThresholds)}`);
console.log("wrong decisions:");
for (const row of rows.filter((entry) => entry.decided !== entry.answerable)) {
  console.log(`  ${row.id} answerable=${row.answerable} similarity ${row.similarity.toFixed(3)} lead ${row.textLead.toFixed(1)} coverage ${row.coverage.toFixed(2)}`);
}
