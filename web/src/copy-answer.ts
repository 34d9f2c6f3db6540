import { refsMentioned } from "./answer-segments.js";
import type { Citation } from "./api-types.js";

/** What a refused answer tells people to do instead; shared by the screen and the copied text. */
export const refusalHint = "如需进一步咨询，可拨打 12345 政务服务便民热线，或通过“一企来”企业服务平台留言。";

/** Whether a refusal's own text already says where to ask (the server's usually does). */
export function mentionsWhereToAsk(answer: string): boolean {
  return answer.includes("12345") || answer.includes("一企来");
}

/** `[n]《简称》路径 标题 — 责任单位：A、B`: one reference as a line of a ticket. */
export function formatReferenceLine(citation: Citation, shortName: string | undefined): string {
  const name = shortName || citation.docTitle || citation.docId;
  const location = [citation.path, citation.title].filter((part) => part && part.trim()).join(" ");
  const units = citation.units.length > 0 ? `责任单位：${citation.units.join("、")}` : "未列明责任单位";
  return `[${citation.ref}]《${name}》${location}${location ? " " : ""}— ${units}`;
}

/**
 * Splits citations into those the answer's `[n]` markers point to and the
 * rest (retrieved as related but not quoted), each in ref order. When the
 * answer mentions none, all count as cited: the answer still rests on them.
 */
export function partitionCitations<T extends { ref: number }>(answer: string, citations: readonly T[]): { cited: T[]; related: T[] } {
  const sorted = [...citations].sort((left, right) => left.ref - right.ref);
  const mentioned = new Set(refsMentioned(answer, new Set(sorted.map((citation) => citation.ref))));
  if (mentioned.size === 0) return { cited: sorted, related: [] };
  return { cited: sorted.filter((citation) => mentioned.has(citation.ref)), related: sorted.filter((citation) => !mentioned.has(citation.ref)) };
}

/**
 * The answer as plain text for pasting into a hotline ticket: the answer
 * (its `[n]` markers kept), then each reference it cites on its own line, in
 * ref order. `shortNameOf` maps a document id to its short name
 * (`园区2021`); the citation itself only carries the full title.
 */
export function formatAnswerForCopy(
  response: { answer: string; answerable: boolean; citations: readonly Citation[] },
  shortNameOf: (docId: string) => string | undefined,
): string {
  const answer = response.answer.trim();
  if (!response.answerable) return mentionsWhereToAsk(answer) ? answer : `${answer}\n\n${refusalHint}`;
  if (response.citations.length === 0) return answer;
  const lines = partitionCitations(answer, response.citations).cited.map((citation) => formatReferenceLine(citation, shortNameOf(citation.docId)));
  return `${answer}\n\n参考条款：\n${lines.join("\n")}`;
}
