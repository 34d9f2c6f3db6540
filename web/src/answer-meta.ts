import type { AnswerMode } from "./api-types.js";

/** The answering mode in words: the agent needs to know whether a model wrote the text. */
export function modeLabel(mode: AnswerMode): string {
  if (mode === "extractive") return "摘录原文";
  if (mode === "llm") return "大模型生成";
  return mode;
}

/** A duration the way people say it: `820 毫秒`, `1.4 秒`. */
export function formatDuration(milliseconds: number): string {
  if (!Number.isFinite(milliseconds) || milliseconds < 0) return "—";
  if (milliseconds < 1000) return `${Math.round(milliseconds)} 毫秒`;
  return `${(milliseconds / 1000).toFixed(milliseconds < 10_000 ? 1 : 0)} 秒`;
}

/** The line under an answer: `摘录原文 · 用时 1.4 秒`. */
export function describeAnswerMeta(mode: AnswerMode, totalMs: number): string {
  return `${modeLabel(mode)} · 用时 ${formatDuration(totalMs)}`;
}
