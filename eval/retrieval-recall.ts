/**
 * `npx tsx eval/retrieval-recall.ts [team|holdout|callers|FILE …]` (all three sets when none is named)
 *
 * Retrieval alone, without the answer or the refusal decision: for every
 * answerable item with evidence, where the first clause holding the
 * evidence ranks among the five retrieved. Prints hit@1 and hit@5 per set —
 * what a change to query understanding, candidates or fusion does to recall.
 */
import { loadConfig } from "../src/config/app-config.js";
import { compactForMatching } from "../src/text/normalize.js";
import { namedSets } from "./eval-cli-options.js";
import { openLocalServices } from "./open-local-services.js";
import { catalogDocumentIds, loadQuestionSet } from "./question-schema.js";

const config = loadConfig();
const services = await openLocalServices(config);
const documentIds = await catalogDocumentIds(config.seedsDir);
const names = process.argv.slice(2);
for (const name of names.length > 0 ? names : ["team", "holdout", "callers"]) {
  const items = (await loadQuestionSet(namedSets[name] ?? name, { documentIds })).filter((item) => item.answerable && item.evidence.length > 0);
  let first = 0;
  let inFive = 0;
  for (const item of items) {
    const retrieval = await services.retriever.retrieve(item.question, { history: item.history, limit: 5 });
    const evidence = item.evidence.map(compactForMatching);
    const rank = retrieval.clauses.findIndex(({ clause }) => evidence.some((needle) => compactForMatching(clause.text).includes(needle))) + 1;
    if (rank === 1) first++;
    if (rank >= 1) inFive++;
  }
  console.log(`${name}: retrieval alone hit@1 ${(first / items.length).toFixed(3)}, hit@5 ${(inFive / items.length).toFixed(3)} (${items.length} items)`);
}
process.exit(0);
