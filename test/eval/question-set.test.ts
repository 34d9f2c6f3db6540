import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { loadCatalog } from "../../src/corpus/catalog.js";
import { compactForMatching, traditionalToSimplified } from "../../src/text/normalize.js";
import { catalogDocumentIds, KNOWN_EVAL_KINDS, kindsInReportOrder, loadQuestionSet, parseQuestionSet, type EvalItem } from "../../eval/question-schema.js";

// Checks the question set against the raw documents, not against the clause
// parser: an item must be honest about the corpus whatever the parser does.
// (A per-clause check lands with ingest/parse-document.ts.)

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const questionsFile = path.join(root, "eval/questions.jsonl");
const holdoutFile = path.join(root, "eval/holdout.jsonl");
const seedsDir = path.join(root, "seeds");

let items: EvalItem[];
/** Each document's whole text after `compactForMatching`, by id. */
const compactText = new Map<string, string>();

beforeAll(async () => {
  // Loaded as a run loads it: every doc / docs checked against the catalog.
  items = await loadQuestionSet(questionsFile, { documentIds: await catalogDocumentIds(seedsDir) });
  const catalog = await loadCatalog(seedsDir);
  for (const document of catalog.documents) {
    compactText.set(document.id, compactForMatching(await readFile(path.join(seedsDir, document.file), "utf8")));
  }
});

/** The documents an item draws on: `docs` for cross items, else `doc`. */
function documentsOf(item: EvalItem): string[] {
  return item.docs ?? (item.doc === null ? [] : [item.doc]);
}

function occursIn(documentIds: readonly string[], needle: string): boolean {
  const compact = compactForMatching(needle);
  return documentIds.some((id) => compactText.get(id)?.includes(compact) ?? false);
}

/** Lists failures as `id: what` so one run shows every bad item, not just the first. */
function failures(check: (item: EvalItem) => string[]): string[] {
  return items.flatMap((item) => check(item).map((problem) => `${item.id}: ${problem}`));
}

describe("eval/questions.jsonl", () => {
  it("has at least 110 schema-valid items with unique ids", () => {
    expect(items.length).toBeGreaterThanOrEqual(110);
    expect(new Set(items.map((item) => item.id)).size).toBe(items.length);
  });

  it("covers every kind", () => {
    const present = new Set(items.map((item) => item.kind));
    expect(KNOWN_EVAL_KINDS.filter((kind) => !present.has(kind))).toEqual([]);
  });

  it("names only documents in the catalog", () => {
    expect(failures((item) => documentsOf(item).filter((id) => !compactText.has(id)).map((id) => `unknown document ${id}`))).toEqual([]);
  });

  it("gives every document at least 12 answerable items", () => {
    for (const id of compactText.keys()) {
      const answerable = items.filter((item) => item.answerable && documentsOf(item).includes(id));
      expect(answerable.length, id).toBeGreaterThanOrEqual(12);
    }
  });

  it("quotes evidence verbatim from the stated document, 6–20 characters, and from no other document", () => {
    const problems = failures((item) =>
      item.evidence.flatMap((evidence) => {
        const compact = compactForMatching(evidence);
        const found: string[] = [];
        if (compact.length < 6 || compact.length > 20) found.push(`evidence "${evidence}" is ${compact.length} characters`);
        if (!occursIn(documentsOf(item), evidence)) found.push(`evidence "${evidence}" not in ${documentsOf(item).join(", ")}`);
        // Hit@k looks only at citation text, so evidence that also occurs in an
        // unrelated document would credit a wrong citation.
        const elsewhere = [...compactText.keys()].filter((id) => !documentsOf(item).includes(id) && occursIn([id], evidence));
        if (elsewhere.length > 0) found.push(`evidence "${evidence}" also in ${elsewhere.join(", ")}`);
        return found;
      }),
    );
    expect(problems).toEqual([]);
  });

  it("gives each document of a cross item at least one evidence string", () => {
    const problems = failures((item) =>
      (item.docs ?? []).filter((id) => !item.evidence.some((evidence) => occursIn([id], evidence))).map((id) => `no evidence from ${id}`),
    );
    expect(problems).toEqual([]);
  });

  it("takes facts and units from the stated document", () => {
    const problems = failures((item) => [
      ...item.facts.filter((fact) => !occursIn(documentsOf(item), fact)).map((fact) => `fact "${fact}" not in document`),
      ...item.units.filter((unit) => !occursIn(documentsOf(item), unit)).map((unit) => `unit "${unit}" not in document`),
    ]);
    expect(problems).toEqual([]);
  });

  it("expects no units from the Jiading plan, which names none", () => {
    const problems = failures((item) => (item.doc === "jiading-2023" && item.docs === undefined && item.units.length > 0 ? ["jiading item with units"] : []));
    expect(problems).toEqual([]);
  });

  it("keeps outofscope items unanswerable and without a document", () => {
    const outOfScope = items.filter((item) => item.kind === "outofscope");
    expect(outOfScope.length).toBeGreaterThanOrEqual(10);
    for (const item of outOfScope) {
      expect(item, item.id).toMatchObject({ doc: null, answerable: false, evidence: [], units: [], facts: [] });
      expect(item.docs, item.id).toBeUndefined();
    }
  });

  it("writes traditional items in Traditional characters and followups with history", () => {
    const problems = failures((item) => {
      if (item.kind === "traditional" && traditionalToSimplified(item.question) === item.question) return ["question is not Traditional"];
      if (item.kind === "followup" && item.history.at(-1)?.role !== "assistant") return ["history should end with the assistant's answer"];
      return [];
    });
    expect(problems).toEqual([]);
  });

  it("does not hand out a question that copies a clause verbatim", () => {
    // Paraphrase items are meant to test recall under the words callers use;
    // a question containing an evidence string would make retrieval trivial.
    const problems = failures((item) =>
      item.kind === "paraphrase" && item.evidence.some((evidence) => compactForMatching(item.question).includes(compactForMatching(evidence)))
        ? ["question contains its own evidence"]
        : [],
    );
    expect(problems).toEqual([]);
  });
});

describe("eval/holdout.jsonl", () => {
  it("is schema-valid and names only documents in the catalog", async () => {
    const holdout = await loadQuestionSet(holdoutFile, { documentIds: await catalogDocumentIds(seedsDir) });
    expect(holdout.length).toBeGreaterThan(0);
  });
});

describe("eval/callers-tuning.jsonl", () => {
  it("loads as written by its writers (notes kept, nothing warned) and names only documents in the catalog", async () => {
    const warnings: string[] = [];
    const callers = await loadQuestionSet(path.join(root, "eval/callers-tuning.jsonl"), {
      documentIds: await catalogDocumentIds(seedsDir),
      onWarning: (message) => warnings.push(message),
    });
    expect(callers.length).toBe(196);
    expect(callers.filter((item) => item.note).length).toBeGreaterThan(0);
    expect(warnings).toEqual([]);
  });
});

describe("sets written by others", () => {
  const minimal = { id: "Q_01", question: "园区企业开办要多久？", kind: "numeric", doc: "sip-2021", evidence: ["0.5个工作日"], units: [], facts: [], answerable: true };

  it("default history, evidence_all and docs when left out", () => {
    const [parsed] = parseQuestionSet(JSON.stringify(minimal), "set.jsonl", { onWarning: () => undefined });
    expect(parsed).toMatchObject({ history: [], evidence_all: false });
    expect(parsed!.docs).toBeUndefined();
  });

  it("take any number of evidence strings, units and facts", () => {
    const many = { ...minimal, evidence: ["一", "二", "三", "四", "五"], units: ["甲", "乙", "丙", "丁"], facts: ["1", "2", "3", "4", "5"] };
    expect(parseQuestionSet(JSON.stringify(many), "set.jsonl")[0]).toMatchObject({ evidence: many.evidence, units: many.units, facts: many.facts });
  });

  it("keep unknown fields out of the item, with one warning per field name", () => {
    const warnings: string[] = [];
    const lines = [
      { ...minimal, id: "a", source: "writer 1", difficulty: 2 },
      { ...minimal, id: "b", source: "writer 2" },
    ].map((line) => JSON.stringify(line));
    const parsed = parseQuestionSet(lines.join("\n"), "set.jsonl", { onWarning: (message) => warnings.push(message) });
    expect(parsed).toHaveLength(2);
    expect(parsed[0]).not.toHaveProperty("source");
    expect(warnings).toEqual(['set.jsonl:1: unknown field "source" (first on this line) is not scored', 'set.jsonl:1: unknown field "difficulty" (first on this line) is not scored']);
  });
});

describe("loadQuestionSet / parseQuestionSet", () => {
  const valid = JSON.stringify({
    id: "x1",
    question: "问题",
    history: [],
    kind: "lookup",
    doc: "sip-2021",
    evidence: ["公章刻制补贴政策"],
    evidence_all: false,
    units: [],
    facts: [],
    answerable: true,
  });

  it("reports a bad line as file:line: field: message", () => {
    const bad = JSON.stringify({ ...JSON.parse(valid), id: "x2", kind: "Riddle me" });
    expect(() => parseQuestionSet(`${valid}\n\n${bad}\n`, "set.jsonl")).toThrow(/^set\.jsonl:3: kind: /);
  });

  it("takes a kind the team's sets do not use (a set written elsewhere), and reports it after the known ones", () => {
    const colloquial = JSON.stringify({ ...JSON.parse(valid), id: "x2", kind: "colloquial" });
    expect(parseQuestionSet(`${valid}\n${colloquial}\n`, "set.jsonl").map((item) => item.kind)).toEqual([JSON.parse(valid).kind, "colloquial"]);
    expect(kindsInReportOrder(["near-domain", "colloquial", "unit", "paraphrase"])).toEqual(["paraphrase", "unit", "colloquial", "near-domain"]);
  });

  it("reports broken JSON and duplicate ids with their line", () => {
    expect(() => parseQuestionSet(`${valid}\n{"id": `, "set.jsonl")).toThrow(/^set\.jsonl:2: not valid JSON/);
    expect(() => parseQuestionSet(`${valid}\n${valid}`, "set.jsonl")).toThrow("set.jsonl:2: duplicate id x1 (first on line 1)");
  });

  it("checks doc and docs against the corpus's documents when given them", () => {
    const documentIds = ["sip-2021", "snd-2021"];
    const typo = JSON.stringify({ ...JSON.parse(valid), id: "x2", doc: "sip-2012" });
    expect(() => parseQuestionSet(`${valid}\n${typo}`, "set.jsonl", { documentIds })).toThrow(
      'set.jsonl:2: unknown document "sip-2012" (known: sip-2021, snd-2021)',
    );
    const cross = { ...JSON.parse(valid), kind: "cross", evidence: ["公章刻制补贴政策", "企业开办"], evidence_all: true };
    const crossTypo = JSON.stringify({ ...cross, docs: ["sip-2021", "snd-2012"] });
    expect(() => parseQuestionSet(crossTypo, "set.jsonl", { documentIds })).toThrow('set.jsonl:1: unknown document "snd-2012"');
    expect(parseQuestionSet(JSON.stringify({ ...cross, docs: ["sip-2021", "snd-2021"] }), "set.jsonl", { documentIds })).toHaveLength(1);
    // An unanswerable item names no document, so there is nothing to check.
    const refusal = JSON.stringify({ ...JSON.parse(valid), kind: "outofscope", doc: null, evidence: [], answerable: false });
    expect(parseQuestionSet(refusal, "set.jsonl", { documentIds })).toHaveLength(1);
  });

  it("takes any non-empty document id when not given the corpus's", () => {
    const elsewhere = JSON.stringify({ ...JSON.parse(valid), doc: "another-2030" });
    expect(parseQuestionSet(elsewhere, "set.jsonl").map((item) => item.doc)).toEqual(["another-2030"]);
    expect(() => parseQuestionSet(JSON.stringify({ ...JSON.parse(valid), doc: "" }), "set.jsonl")).toThrow(/^set\.jsonl:1: doc: /);
  });

  it("rejects an unanswerable item that still expects units or facts, but takes the clause a gap reply points to", () => {
    const withUnits = JSON.stringify({ ...JSON.parse(valid), kind: "dept", answerable: false, units: ["区行政审批局"] });
    expect(() => parseQuestionSet(withUnits, "set.jsonl")).toThrow(/^set\.jsonl:1: units: /);
    const withFacts = JSON.stringify({ ...JSON.parse(valid), kind: "numeric", answerable: false, facts: ["0.5个工作日"] });
    expect(() => parseQuestionSet(withFacts, "set.jsonl")).toThrow(/^set\.jsonl:1: facts: /);
    // "Which unit leads X?" about a plan that names no units: a writer names the measure, the answer should say no unit is named.
    const gap = JSON.stringify({ ...JSON.parse(valid), kind: "dept", answerable: false, units: [], facts: [] });
    expect(parseQuestionSet(gap, "set.jsonl")).toMatchObject([{ answerable: false, evidence: JSON.parse(valid).evidence }]);
  });
});
