import type { QueryUnderstanding, RetrievedClause } from "../retrieval/retriever.js";
import { normalizeForSearch } from "../text/normalize.js";
import type { WordSegmenter } from "../text/segment-words.js";
import { splitSentences } from "../text/split-sentences.js";
import { formatUnits } from "./format-units.js";

/** How many clauses an extractive answer quotes; a unit's duties list more. */
const QUOTED_CLAUSES = 3;
const QUOTED_DUTIES = 8;
/** A clause is quoted only if its score is at least this share of the best one's. */
const RELATIVE_SCORE = 0.7;

const NUMBER = /\d|[一二三四五六七八九十百千万亿]+(个|项|天|日|小时|分钟|%|万|亿)/;

/** The sentences of a clause that best answer the question, in document order. */
export function pickSentences(text: string, queryTokens: readonly string[], wantsNumber: boolean, count = 2): string[] {
  const sentences = splitSentences(text);
  if (sentences.length <= count) return sentences;
  const scored = sentences.map((sentence, index) => {
    const simplified = normalizeForSearch(sentence);
    let score = 0;
    for (const token of queryTokens) if (simplified.includes(token)) score += Math.min(token.length, 4);
    if (wantsNumber && NUMBER.test(simplified)) score += 3;
    return { sentence, index, score };
  });
  return scored
    .sort((left, right) => right.score - left.score || left.index - right.index)
    .slice(0, count)
    .sort((left, right) => left.index - right.index)
    .map((entry) => entry.sentence);
}

/**
 * The clause text the answer quotes from: without its unit block (units get a
 * line of their own) and without a leading title sentence (the heading shows it).
 */
function quotableText(clause: { text: string; unitText: string | null; title: string | null }): string {
  let text = clause.unitText ? clause.text.replace(clause.unitText, "").trim() : clause.text;
  if (clause.title && text.startsWith(`${clause.title}。`) && text.length > clause.title.length + 1) text = text.slice(clause.title.length + 1);
  return text;
}

/**
 * Composes an answer from the retrieved clauses themselves: for each quoted
 * clause, the sentences that best match the question, marked `[n]`, grouped by
 * document, with the responsible units as the document writes them. A unit
 * question leads with the units. Nothing is written that the clause does not say.
 */
export function composeExtractive(input: {
  understanding: QueryUnderstanding;
  clauses: readonly RetrievedClause[];
  segmenter: WordSegmenter;
}): string {
  const { understanding, clauses, segmenter } = input;
  const best = clauses[0]?.score ?? 0;
  const maxQuoted = understanding.asksForUnitDuties ? QUOTED_DUTIES : QUOTED_CLAUSES;
  const quoted = clauses
    .map((retrieved, index) => ({ retrieved, ref: index + 1 }))
    .filter(({ retrieved }, index) => index === 0 || understanding.asksForUnitDuties || retrieved.score >= best * RELATIVE_SCORE)
    .slice(0, maxQuoted);
  const queryTokens = [...new Set(segmenter.tokens(understanding.searchQuery).filter((token) => token.length >= 2))];

  const byDocument = new Map<string, typeof quoted>();
  for (const entry of quoted) byDocument.set(entry.retrieved.clause.docId, [...(byDocument.get(entry.retrieved.clause.docId) ?? []), entry]);

  const lines: string[] = [];
  if (understanding.asksForUnitDuties) {
    const cited = new Set(quoted.flatMap(({ retrieved }) => retrieved.clause.units));
    const units = understanding.units.filter((unit) => cited.has(unit));
    lines.push(`${units.join("、")}在文件中负责的事项（牵头的在前，共列出${quoted.length}项；完整清单见“按单位查”）：`);
  }
  else lines.push(understanding.asksForUnit ? "根据文件，负责部门如下：" : "根据文件，相关规定如下：");
  for (const entries of byDocument.values()) {
    const clause = entries[0]!.retrieved.clause;
    lines.push("", `《${clause.docShortName}》${clause.docTitle}`);
    for (const { retrieved, ref } of entries) {
      const { clause: current } = retrieved;
      const heading = `${current.path}${current.title ? ` ${current.title}` : ""}`;
      const sentences = pickSentences(quotableText(current), queryTokens, understanding.asksForNumber, understanding.asksForUnitDuties ? 1 : 2);
      const units = formatUnits(current);
      if (understanding.asksForUnit || understanding.asksForUnitDuties) {
        lines.push(`· ${heading} — ${units}[${ref}]`, `  ${sentences.join("")}`);
      } else {
        lines.push(`· ${heading}：${sentences.join("")}[${ref}]`, `  ${units}`);
      }
    }
  }
  return lines.join("\n");
}
