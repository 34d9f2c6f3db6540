import type { ChatResponse, Citation } from "../answer/chat-schemas.js";
import { NO_UNITS_TEXT } from "../answer/format-units.js";
import { distinctCitationRefs } from "../text/citation-markers.js";

/** Starts the reference list appended to the answer text (and is how history strips it again). */
export const REFERENCES_HEADING = "参考条款：";

/** A citation in the top-level `citations` field. */
export function toOpenAiCitation(citation: Citation) {
  return {
    ref: citation.ref,
    clauseId: citation.clauseId,
    docId: citation.docId,
    document: citation.docTitle,
    path: citation.path,
    title: citation.title,
    units: citation.units,
    leadUnits: citation.leadUnits,
    text: citation.text,
  };
}

/** The citations the answer's `[n]` markers point to, or all of them when it marks none. */
function citedOnly(response: ChatResponse): Citation[] {
  const refs = new Set(distinctCitationRefs(response.answer));
  const cited = response.citations.filter((citation) => refs.has(citation.ref));
  return cited.length > 0 ? cited : response.citations;
}

/**
 * What follows the answer in `content`: a blank line and one line per cited
 * clause, `[n]《文件》路径 标题 — 责任单位：…`, for clients that show only the text.
 */
export function referenceList(response: ChatResponse): string {
  if (!response.answerable || response.citations.length === 0) return "";
  const lines = citedOnly(response).map((citation) => {
    const where = [citation.path, citation.title].filter(Boolean).join(" ");
    const units = citation.units.length > 0 ? `责任单位：${citation.units.join("、")}` : NO_UNITS_TEXT;
    return `[${citation.ref}]《${citation.docTitle}》${where} — ${units}`;
  });
  return `\n\n${REFERENCES_HEADING}\n${lines.join("\n")}`;
}

/** Fields every completion and chunk carries. */
export interface CompletionEnvelope {
  id: string;
  created: number;
  model: string;
}

/** What 企问 adds beside `choices`: the citations, and the ids and flags its own API returns. */
export function qiwenFields(response: ChatResponse) {
  return {
    citations: response.citations.map(toOpenAiCitation),
    qiwen: { answerId: response.id ?? null, answerable: response.answerable, mode: response.mode, timings: response.timings },
  };
}

/** A whole `chat.completion`. */
export function completionResponse(envelope: CompletionEnvelope, response: ChatResponse) {
  return {
    ...envelope,
    object: "chat.completion",
    choices: [{ index: 0, message: { role: "assistant", content: response.answer + referenceList(response), refusal: null }, logprobs: null, finish_reason: "stop" }],
    ...qiwenFields(response),
  };
}

/** One `chat.completion.chunk`: a delta, or (with `finish`) the last one, carrying the citations. */
export function completionChunk(envelope: CompletionEnvelope, delta: { role?: "assistant"; content?: string }, finish?: ChatResponse) {
  return {
    ...envelope,
    object: "chat.completion.chunk",
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish ? "stop" : null }],
    ...(finish ? qiwenFields(finish) : {}),
  };
}
