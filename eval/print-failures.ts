/**
 * `npx tsx eval/print-failures.ts [team|holdout|callers|FILE …]` (all three sets when none is named)
 *
 * Answers each set in-process (the index in DATA_DIR, built or refreshed first) and prints, per set, the
 * headline numbers and the failing items grouped by the kind of failure — false refusals, questions answered
 * that should be refused, evidence missed, units missed — so one sees the kinds of failure, not single items.
 */
import { loadConfig } from "../src/config/app-config.js";
import type { QiwenServices } from "../src/services/qiwen-services.js";
import { compactForMatching } from "../src/text/normalize.js";
import { answerInProcess } from "./answer-in-process.js";
import { namedSets } from "./eval-cli-options.js";
import { evaluateSet, type EvaluatedItem } from "./evaluate-set.js";
import { openLocalServices } from "./open-local-services.js";
import { catalogDocumentIds, loadQuestionSet, type EvalItem } from "./question-schema.js";
import { summarize } from "./report/eval-summary.js";

/** The failure groups, in the order printed; an item can be in more than one. */
const groups: { name: string; holds: (evaluated: EvaluatedItem) => boolean }[] = [
  { name: "false refusals (answerable, refused or gap reply)", holds: ({ score }) => score.falseRefusal === true },
  { name: "answered though it should be refused", holds: ({ item, response }) => !item.answerable && response.answerable },
  { name: "evidence not in the top 5 (answered)", holds: ({ score, response }) => score.hit5 === false && response.answerable },
  { name: "evidence in the top 5 but not first", holds: ({ score }) => score.hit5 === true && score.hit1 === false },
  { name: "units missing from an answer", holds: ({ score, response }) => response.answerable && score.missingUnits.length > 0 },
  { name: "facts missing from an answer", holds: ({ score, response }) => response.answerable && score.missingFacts.length > 0 },
];

/** Where the evidence ranks among the first 20 retrieved clauses (0 = not there), and the best cosine: why an item was refused. */
async function retrievalOf(services: QiwenServices, item: EvalItem): Promise<string> {
  const retrieval = await services.retriever.retrieve(item.question, { history: item.history, limit: 20 });
  const evidence = item.evidence.map(compactForMatching);
  const rank = retrieval.clauses.findIndex(({ clause }) => evidence.some((needle) => compactForMatching(clause.text).includes(needle))) + 1;
  const best = Math.max(0, ...retrieval.clauses.map((retrieved) => retrieved.similarity));
  return `evidence at rank ${rank || "-"} of 20, best cosine ${best.toFixed(3)}, text lead ${retrieval.textLead?.ratio.toFixed(1) ?? "-"}`;
}

async function describe(services: QiwenServices, { item, response, score }: EvaluatedItem): Promise<string> {
  const top = response.citations[0];
  const got = response.answerable ? "answered" : response.related ? "gap reply" : "refused";
  const history = item.history.length > 0 ? ` (after: ${item.history.at(-1)?.content.slice(0, 30)})` : "";
  const lines = [`  ${item.id} [${item.kind}] ${item.question}${history}`, `      → ${got}; top: ${top ? `${top.docId} ${top.path} ${top.text.slice(0, 40)}` : "none"}`];
  if (item.evidence.length > 0) lines.push(`      expected: ${item.doc} ${item.evidence.join(" | ")}`);
  if (score.missingUnits.length > 0) lines.push(`      missing units: ${score.missingUnits.join("、")}`);
  if (item.answerable && (!response.answerable || score.hit5 === false)) lines.push(`      ${await retrievalOf(services, item)}`);
  return lines.join("\n");
}

const config = loadConfig();
const services = await openLocalServices(config);
const documentIds = await catalogDocumentIds(config.seedsDir);
const names = process.argv.slice(2);
for (const name of names.length > 0 ? names : ["team", "holdout", "callers"]) {
  const items = await loadQuestionSet(namedSets[name] ?? name, { documentIds });
  const evaluated = await evaluateSet(items, answerInProcess(services.answers), { k: 5 });
  const { overall } = summarize({ set: name, evaluated });
  const answerable = evaluated.filter(({ item }) => item.answerable);
  const refusedRight = evaluated.filter(({ item, response }) => !item.answerable && !response.answerable).length;
  const figures = [
    `hit@1 ${overall.hit1?.toFixed(3)}`,
    `hit@5 ${overall.hit5?.toFixed(3)}`,
    `units ${overall.unitRecall?.toFixed(3)}`,
    `facts ${overall.factRecall?.toFixed(3)}`,
    `refusal ${overall.refusalAccuracy?.toFixed(3)}`,
    `false refusals ${answerable.filter(({ score }) => score.falseRefusal).length}/${answerable.length}`,
    `refused ${refusedRight}/${evaluated.length - answerable.length}`,
    `median ${overall.medianAnswerChars}`,
    `p50 ${overall.p50Ms} ms`,
  ];
  console.log(`\n=== ${name} (${evaluated.length}): ${figures.join(", ")}`);
  for (const group of groups) {
    const failing = evaluated.filter(group.holds);
    if (failing.length === 0) continue;
    console.log(`\n ${group.name}: ${failing.length}`);
    for (const evaluatedItem of failing) console.log(await describe(services, evaluatedItem));
  }
}
process.exit(0);
