import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadQuestionSet } from "../../eval/question-schema.js";
import type { EvalItem } from "../../eval/question-schema.js";
import type { ParsedDocument } from "../../ingest/parse-document.js";
import { projectRoot } from "../../src/config/app-config.js";
import { compactForMatching } from "../../src/text/normalize.js";
import { parseRealCorpus } from "../support/load-corpus.js";

let corpus: Map<string, ParsedDocument>;
let items: EvalItem[];
beforeAll(async () => {
  corpus = await parseRealCorpus();
  items = await loadQuestionSet(path.join(projectRoot, "eval", "questions.jsonl"));
});

/** The clauses of the item's documents that contain one of its evidence strings. */
function answeringClauses(item: EvalItem) {
  const docIds = item.docs?.length ? item.docs : item.doc ? [item.doc] : [];
  const evidence = item.evidence.map(compactForMatching);
  return docIds
    .flatMap((docId) => corpus.get(docId)?.clauses ?? [])
    .filter((clause) => evidence.some((fragment) => compactForMatching(clause.text).includes(fragment)));
}

describe("the team's question set against the parsed clauses", () => {
  it("every answerable item's evidence stands in one clause (not across a clause boundary)", () => {
    for (const item of items.filter((entry) => entry.answerable)) {
      for (const fragment of item.evidence) {
        const found = (item.docs?.length ? item.docs : [item.doc!]).some((docId) =>
          corpus.get(docId)?.clauses.some((clause) => compactForMatching(clause.text).includes(compactForMatching(fragment))),
        );
        expect(found, `${item.id}: "${fragment}"`).toBe(true);
      }
    }
  });

  it("every expected unit is in the unit block of a clause that holds the evidence", () => {
    for (const item of items.filter((entry) => entry.units.length > 0 && entry.kind !== "dept")) {
      const units = new Set(answeringClauses(item).flatMap((clause) => clause.units));
      for (const unit of item.units) expect(units.has(unit), `${item.id}: ${unit}`).toBe(true);
    }
  });

  it("dept items name a unit that is responsible for the clauses they expect", () => {
    for (const item of items.filter((entry) => entry.kind === "dept")) {
      const clauses = answeringClauses(item);
      expect(clauses.length, item.id).toBeGreaterThan(0);
      for (const clause of clauses) expect(item.units.some((unit) => clause.units.includes(unit)), `${item.id}: ${clause.id}`).toBe(true);
    }
  });

  it("every fact stands in a clause that holds the evidence", () => {
    for (const item of items.filter((entry) => entry.facts.length > 0)) {
      const texts = answeringClauses(item).map((clause) => compactForMatching(clause.text));
      for (const fact of item.facts) expect(texts.some((text) => text.includes(compactForMatching(fact))), `${item.id}: ${fact}`).toBe(true);
    }
  });
});
