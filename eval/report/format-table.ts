import { formatTable } from "../../src/cli/format-table.js";
import type { CountedMetrics, EvalMetrics, EvalSummary } from "./eval-summary.js";

/** A table before rendering: the same rows print to the terminal and to Markdown. */
export interface Table {
  headers: string[];
  rows: string[][];
  /** Per column; numbers read best right-aligned. */
  align: ("left" | "right")[];
}

/** The name 企问's own row carries in the comparison. */
export const QIWEN_ROW = "企问";

/**
 * One row per kind and one for all items: hit@1, hit@5, MRR, unit and fact
 * recall, refusal accuracy, citation validity, false refusals, answer length
 * (median and longest, in characters), latency (and faithfulness when judged).
 */
export function metricsTable(summary: EvalSummary): Table {
  const judged = summary.overall.faithfulness !== undefined;
  const headers = ["kind", "n", "hit@1", "hit@5", "MRR", "units", "facts", "refusal", "cites ok", "false ref", "chars p50", "chars max", "p50 ms", "p95 ms"];
  if (judged) headers.push("faithful");
  const row = (name: string, n: number, metrics: EvalMetrics) => {
    const cells = [
      name,
      String(n),
      rate(metrics.hit1),
      rate(metrics.hit5),
      rate(metrics.mrr),
      rate(metrics.unitRecall),
      rate(metrics.factRecall),
      rate(metrics.refusalAccuracy),
      rate(metrics.citationValidity),
      rate(metrics.falseRefusalRate),
      count(metrics.medianAnswerChars),
      count(metrics.maxAnswerChars),
      ms(metrics.p50Ms),
      ms(metrics.p95Ms),
    ];
    if (judged) cells.push(rate(metrics.faithfulness ?? null));
    return cells;
  };
  const rows = Object.entries(summary.byKind).map(([kind, metrics]) => row(kind, metrics.n, metrics));
  rows.push(row("overall", summary.n, summary.overall));
  return { headers, rows, align: headers.map((_, index) => (index === 0 ? "left" : "right")) };
}

/**
 * 企问 beside each baseline on retrieval (hit@1, hit@5, MRR), with how many
 * times better 企问 does (企问 / baseline) at hit@1 and hit@5. 企问's rates are
 * over the answerable items, as the baselines' are (unanswerable items have no
 * evidence, so they never count towards retrieval).
 */
export function comparisonTable(summary: EvalSummary): Table {
  const baselines: [string, CountedMetrics][] = Object.entries(summary.baselines ?? {});
  const answerable = baselines[0]?.[1].n;
  const qiwen = summary.overall;
  const headers = ["system", "n", "hit@1", "hit@5", "MRR", "企问/x hit@1", "企问/x hit@5"];
  const rows = [
    [QIWEN_ROW, String(answerable ?? summary.n), rate(qiwen.hit1), rate(qiwen.hit5), rate(qiwen.mrr), "", ""],
    ...baselines.map(([name, metrics]) => [
      name,
      String(metrics.n),
      rate(metrics.hit1),
      rate(metrics.hit5),
      rate(metrics.mrr),
      ratio(qiwen.hit1, metrics.hit1),
      ratio(qiwen.hit5, metrics.hit5),
    ]),
  ];
  return { headers, rows, align: headers.map((_, index) => (index === 0 ? "left" : "right")) };
}

/** Renders a table for the terminal, columns padded by display width (a CJK character takes two cells). */
export function renderTextTable(table: Table): string {
  const rightAligned = table.align.flatMap((align, column) => (align === "right" ? [column] : []));
  return formatTable(table.headers, table.rows, rightAligned, { rule: "─" });
}

/** Renders a table as GitHub Markdown. */
export function renderMarkdownTable(table: Table): string {
  const escape = (cell: string) => cell.replace(/\|/g, "\\|").replace(/\n/g, " ");
  const separator = table.align.map((align) => (align === "right" ? "---:" : "---"));
  return [table.headers, separator, ...table.rows].map((cells) => `| ${cells.map(escape).join(" | ")} |`).join("\n");
}

function rate(value: number | null): string {
  return value === null ? "–" : value.toFixed(3);
}

function count(value: number | null): string {
  return value === null ? "–" : String(Math.round(value));
}

function ms(value: number | null): string {
  return value === null ? "–" : value.toFixed(1);
}

function ratio(ours: number | null, theirs: number | null): string {
  if (ours === null || theirs === null || theirs === 0) return "–";
  return `${(ours / theirs).toFixed(2)}×`;
}
