import { describe, expect, it } from "vitest";
import type { CountedMetrics, EvalSummary } from "../../eval/report/eval-summary.js";
import { comparisonTable, displayWidth, metricsTable, renderMarkdownTable, renderTextTable } from "../../eval/report/format-table.js";

const nothing = { unitRecall: null, factRecall: null, refusalAccuracy: null, citationValidity: null, p50Ms: null, p95Ms: null };
const retrieval = (hit1: number, hit5: number, mrr: number): CountedMetrics => ({ hit1, hit5, mrr, ...nothing, n: 4 });

const summary: EvalSummary = {
  set: "small.jsonl",
  n: 5,
  overall: { hit1: 0.75, hit5: 1, mrr: 0.875, unitRecall: 1, factRecall: null, refusalAccuracy: 0.8, citationValidity: 1, p50Ms: 12.3, p95Ms: 40 },
  byKind: { unit: { hit1: 0.75, hit5: 1, mrr: 0.875, unitRecall: 1, factRecall: null, refusalAccuracy: 1, citationValidity: 1, p50Ms: 12.3, p95Ms: 40, n: 4 } },
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
    expect(markdown).toContain("| unit | 4 | 0.750 | 1.000 | 0.875 | 1.000 | – | 1.000 | 1.000 | 12.3 | 40.0 |");
    expect(markdown.split("\n").at(-1)).toMatch(/^\| overall \| 5 \|/);
  });
});
