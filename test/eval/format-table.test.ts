import { describe, expect, it } from "vitest";
import type { CountedMetrics, EvalSummary } from "../../eval/report/eval-summary.js";
import { comparisonTable, metricsTable, renderMarkdownTable, renderTextTable } from "../../eval/report/format-table.js";
import { displayWidth, formatTable, truncateToWidth } from "../../src/cli/format-table.js";

const nothing = {
  unitRecall: null,
  factRecall: null,
  refusalAccuracy: null,
  citationValidity: null,
  falseRefusalRate: null,
  medianAnswerChars: null,
  maxAnswerChars: null,
  p50Ms: null,
  p95Ms: null,
};
const lengths = { falseRefusalRate: 0, medianAnswerChars: 180, maxAnswerChars: 420.4 };
const retrieval = (hit1: number, hit5: number, mrr: number): CountedMetrics => ({ hit1, hit5, mrr, ...nothing, n: 4 });

const summary: EvalSummary = {
  set: "small.jsonl",
  n: 5,
  overall: { hit1: 0.75, hit5: 1, mrr: 0.875, unitRecall: 1, factRecall: null, refusalAccuracy: 0.8, citationValidity: 1, ...lengths, p50Ms: 12.3, p95Ms: 40 },
  byKind: { unit: { hit1: 0.75, hit5: 1, mrr: 0.875, unitRecall: 1, factRecall: null, refusalAccuracy: 1, citationValidity: 1, ...lengths, p50Ms: 12.3, p95Ms: 40, n: 4 } },
  baselines: { "naive-rag": retrieval(0.25, 0.5, 0.4), "bm25-clauses": retrieval(0, 0.5, 0.2) },
};

describe("eval tables", () => {
  it("compares 企问 with each baseline, with ratios where the baseline scored above zero", () => {
    const table = comparisonTable(summary);
    expect(table.rows).toEqual([
      ["企问", "4", "0.750", "1.000", "0.875", "", ""],
      ["naive-rag", "4", "0.250", "0.500", "0.400", "3.00×", "2.00×"],
      ["bm25-clauses", "4", "0.000", "0.500", "0.200", "–", "2.00×"],
    ]);
  });

  it("aligns columns by display width, CJK counting two", () => {
    expect(displayWidth("企问 x")).toBe(6);
    const lines = renderTextTable(comparisonTable(summary)).split("\n");
    expect(new Set(lines.slice(0, 2).map(displayWidth)).size).toBe(1);
    // The n column ("4") ends in the same terminal cell on 企问's row as on a baseline's.
    const nEnd = (line: string) => displayWidth(line.slice(0, line.indexOf(" 4 ") + 2));
    expect(nEnd(lines[2]!)).toBe(nEnd(lines[3]!));
  });

  it("shows a dash for what could not be scored, and an overall row", () => {
    const markdown = renderMarkdownTable(metricsTable(summary));
    expect(markdown).toContain("| unit | 4 | 0.750 | 1.000 | 0.875 | 1.000 | – | 1.000 | 1.000 | 0.000 | 180 | 420 | 12.3 | 40.0 |");
    expect(markdown.split("\n").at(-1)).toMatch(/^\| overall \| 5 \|/);
  });
});

// The terminal table of `npm run ingest` and of the eval is one function (src/cli/format-table.ts).
describe("formatTable / displayWidth", () => {
  it("counts wide characters two cells, ideographs beyond U+20000 included", () => {
    expect(displayWidth("ab")).toBe(2);
    expect(displayWidth("企问")).toBe(4);
    expect(displayWidth("ｆｕｌｌ")).toBe(8);
    expect(displayWidth("𠀀𪚥")).toBe(4); // two code points outside the BMP, four UTF-16 units
  });

  it("pads by display width and right-aligns the listed columns, with a rule of dashes", () => {
    const table = formatTable(["document", "clauses"], [["园区2021", "120"], ["𠀀", "7"]], [1]);
    expect(table).toBe(["document  clauses", "--------  -------", "园区2021      120", "𠀀              7"].join("\n"));
  });

  it("draws the rule with another character when asked, as the eval's tables do", () => {
    expect(formatTable(["a", "b"], [["1", "2"]], [], { rule: "─" }).split("\n")[1]).toBe("─  ─");
    expect(renderTextTable({ headers: ["kind", "n"], rows: [["unit", "4"]], align: ["left", "right"] })).toBe("kind  n\n────  ─\nunit  4");
  });

  it("cuts text to a width between characters", () => {
    expect(truncateToWidth("企问abc", 5)).toBe("企问a");
    expect(truncateToWidth("企问abc", 3)).toBe("企");
    expect(truncateToWidth("𠀀x", 1)).toBe("");
    expect(truncateToWidth("short", 80)).toBe("short");
  });
});
