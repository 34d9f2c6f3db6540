import type { AnswerView } from "../server/stored-answer-view.js";

/** The CSV columns, in order: one row per answer, lists joined with spaces. */
const columns: { title: string; value: (item: AnswerView) => string | number | boolean | null }[] = [
  { title: "answerId", value: (item) => item.answerId },
  { title: "createdAt", value: (item) => item.createdAt },
  { title: "conversationId", value: (item) => item.conversationId },
  { title: "question", value: (item) => item.question },
  { title: "answer", value: (item) => item.answer },
  { title: "answerable", value: (item) => item.answerable },
  { title: "related", value: (item) => item.related },
  { title: "rating", value: (item) => item.rating },
  { title: "reason", value: (item) => item.reason },
  { title: "comment", value: (item) => item.comment },
  { title: "mode", value: (item) => item.mode },
  { title: "latencyMs", value: (item) => item.latencyMs },
  { title: "clauseIds", value: (item) => item.citations.map((citation) => citation.clauseId).join(" ") },
  { title: "docIds", value: (item) => [...new Set(item.citations.map((citation) => citation.docId))].join(" ") },
  { title: "units", value: (item) => [...new Set(item.citations.flatMap((citation) => citation.units))].join(" ") },
  { title: "channel", value: (item) => item.channel },
  { title: "client", value: (item) => item.client },
];

/**
 * One CSV field (RFC 4180 quoting). A text starting with = + - @ or a tab is
 * prefixed with ' so that a spreadsheet shows it instead of running it as a
 * formula: questions come from the public.
 */
function csvField(value: string | number | boolean | null): string {
  if (value === null) return "";
  let text = String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The CSV header line, after a byte-order mark so that Excel reads the Chinese as UTF-8. */
export function csvHeader(): string {
  return `\uFEFF${columns.map((column) => column.title).join(",")}\r\n`;
}

/** One answer as a CSV line. */
export function csvRow(item: AnswerView): string {
  return `${columns.map((column) => csvField(column.value(item))).join(",")}\r\n`;
}

/** One answer as a JSON line, citations whole. */
export function jsonlRow(item: AnswerView): string {
  return `${JSON.stringify(item)}\n`;
}
