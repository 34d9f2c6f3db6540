import type { EvalReport, ItemReport } from "./eval-report.js";
import { comparisonTable, metricsTable, renderMarkdownTable } from "./format-table.js";

/** How many citations a failure shows: the ones a reader of the answer sees first. */
const SHOWN_CITATIONS = 3;
/** How much of the answer a failure quotes. */
const ANSWER_CHARS = 120;

/**
 * The Markdown summary of a report: how the run was made, the per-kind table,
 * the baseline comparison (with `--compare`), and every failed item with what
 * was expected and what came back, so a regression can be read without
 * opening the JSON.
 */
export function formatMarkdownReport(report: EvalReport): string {
  const { summary, run } = report;
  const lines = [`# 企问 eval: ${summary.set}`, ""];
  lines.push(
    `- run: ${run.startedAt}, ${(run.durationMs / 1000).toFixed(1)} s`,
    `- target: ${run.target}, k = ${run.k}, answers: ${run.answerModes.join(" + ") || "none"}`,
  );
  if (run.index) lines.push(`- index: ${run.index.version} (${run.index.clauseCount} clauses, ${run.index.embedder}) in ${run.index.dataDir}`);
  if (run.judge) lines.push(`- judge: ${run.judge}`);
  lines.push("", `## Results (${summary.n} items)`, "", renderMarkdownTable(metricsTable(summary)), "");
  if (summary.baselines) {
    lines.push("## 企问 vs baselines (retrieval, answerable items)", "", renderMarkdownTable(comparisonTable(summary)), "");
    for (const baseline of run.baselines ?? []) lines.push(`- **${baseline.name}**: ${baseline.description}`);
    lines.push("");
  }
  const failed = report.items.filter((item) => item.failures.length > 0);
  lines.push(`## Failures (${failed.length} of ${report.items.length})`, "");
  if (failed.length === 0) lines.push("None.", "");
  for (const item of failed) lines.push(...formatFailure(item), "");
  return `${lines.join("\n").trimEnd()}\n`;
}

function formatFailure(item: ItemReport): string[] {
  const lines = [`### ${item.id} · ${item.kind}: ${oneLine(item.question)}`, ""];
  for (const reason of item.failures) lines.push(`- **${reason}**`);
  const { expected, got } = item;
  if (expected.answerable) {
    const evidence = expected.evidence.map((text) => `「${text}」`).join(expected.evidenceAll ? " and " : " or ");
    lines.push(`- expected: an answer from ${expected.doc} citing ${evidence}`);
    if (expected.units.length > 0) lines.push(`- expected units: ${expected.units.join("、")}`);
    if (expected.facts.length > 0) lines.push(`- expected facts: ${expected.facts.join("、")}`);
  } else {
    lines.push("- expected: a refusal");
  }
  const reply = got.answerable ? `an answer (${got.mode})` : got.related ? "a gap reply naming related measures" : "a refusal";
  lines.push(`- got: ${reply}: ${quote(got.answer)}`);
  for (const citation of got.citations.slice(0, SHOWN_CITATIONS)) {
    lines.push(`  ${citation.ref}. ${citation.path}: ${oneLine(citation.textStart)}…`);
  }
  if (got.citations.length === 0) lines.push("  (no citations)");
  return lines;
}

function quote(answer: string): string {
  const flat = oneLine(answer);
  return flat.length > ANSWER_CHARS ? `${flat.slice(0, ANSWER_CHARS)}…` : flat;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
