import { refsMentioned } from "./answer-segments.js";
import type { Citation } from "./api-types.js";

/** What a refused answer tells people to do instead; shared by the screen and the copied text. */
export const refusalHint = "如需进一步咨询，可拨打 12345 政务服务便民热线，或通过“一企来”企业服务平台留言。";

/** Whether a refusal's own text already says where to ask (the server's usually does). */
export function mentionsWhereToAsk(answer: string): boolean {
  return answer.includes("12345") || answer.includes("一企来");
}

/** Width-folded, without spaces: how the answer text and a unit name are compared. */
function comparable(text: string): string {
  return text.normalize("NFKC").replace(/\s+/g, "");
}

/**
 * Whether the answer text already names every responsible unit of a citation
 * (the extractive answer writes the units of what it quotes once, after it):
 * the reference list then leaves them out, so no unit is shown twice.
 */
export function unitsStatedIn(answer: string, citation: Pick<Citation, "units">): boolean {
  const text = comparable(answer);
  return citation.units.length > 0 && citation.units.every((unit) => text.includes(comparable(unit)));
}

/** The units line of a reference: `责任单位：A、B`, or 未列明责任单位 when the clause names none. */
export function unitsLine(citation: Pick<Citation, "units">): string {
  return citation.units.length > 0 ? `责任单位：${citation.units.join("、")}` : "未列明责任单位";
}

/**
 * `[n]《简称》路径 标题 — 责任单位：A、B`: one reference as a line of a ticket;
 * without the units when `answer` already names them.
 */
export function formatReferenceLine(citation: Citation, shortName: string | undefined, answer = ""): string {
  const name = shortName || citation.docTitle || citation.docId;
  const location = [citation.path, citation.title].filter((part) => part && part.trim()).join(" ");
  const head = `[${citation.ref}]《${name}》${location}`;
  return unitsStatedIn(answer, citation) ? head : `${head}${location ? " " : ""}— ${unitsLine(citation)}`;
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
 * ref order, with the units the answer does not already name. A near-domain
 * reply (`related`) is copied like an answer, with the hint where to ask.
 * `shortNameOf` maps a document id to its short name (`园区2021`); the
 * citation itself only carries the full title.
 */
export function formatAnswerForCopy(
  response: { answer: string; answerable: boolean; related?: boolean; citations: readonly Citation[] },
  shortNameOf: (docId: string) => string | undefined,
): string {
  const answer = response.answer.trim();
  const hinted = mentionsWhereToAsk(answer) ? answer : `${answer}\n\n${refusalHint}`;
  if (!response.answerable && !response.related) return hinted;
  if (response.citations.length === 0) return answer;
  const lines = partitionCitations(answer, response.citations).cited.map((citation) => formatReferenceLine(citation, shortNameOf(citation.docId), answer));
  return `${response.related ? hinted : answer}\n\n参考条款：\n${lines.join("\n")}`;
}
