import { normalizeForSearch } from "../text/normalize.js";
import type { AnswerLexicon } from "./answer-lexicon.js";

/**
 * The longest stretch of the question that the clause says too, grown from
 * one of the question's own content words (so never just a place or 多少).
 */
export function gapTopic(question: string, questionTerms: readonly string[], clauseText: string): string | null {
  const asked = normalizeForSearch(question);
  const clause = normalizeForSearch(clauseText);
  let best: string | null = null;
  for (const term of questionTerms) {
    if (!clause.includes(term)) continue;
    for (let at = asked.indexOf(term); at >= 0; at = asked.indexOf(term, at + 1)) {
      let [start, end] = [at, at + term.length];
      while (start > 0 && clause.includes(asked.slice(start - 1, end))) start--;
      while (end < asked.length && clause.includes(asked.slice(start, end + 1))) end++;
      const stretch = asked.slice(start, end).replace(/^[\p{P}\s的]+|[\p{P}\s的]+$/gu, "");
      if (stretch.length >= 2 && (best === null || stretch.length > best.length)) best = stretch;
    }
  }
  return best;
}

/** A question word that can name a gap's topic: not a general word, not a count (一家, 几个). */
function topicalTerms(terms: readonly string[], lexicon: Pick<AnswerLexicon, "notTopics">): string[] {
  return terms.filter((term) => !lexicon.notTopics.has(term) && !/^[零〇一二两三四五六七八九十百千几多每第]/u.test(term));
}

/**
 * What a gap reply says the documents leave open, in the caller's own words:
 * from the question, or (an elliptical follow-up) the previous question.
 */
export function topicOfGap(asked: readonly string[], questionTerms: readonly string[], clauseText: string, lexicon: Pick<AnswerLexicon, "notTopics">): string | null {
  const terms = topicalTerms(questionTerms, lexicon);
  for (const text of asked) {
    const topic = gapTopic(text, terms, clauseText);
    if (topic) return topic;
  }
  return null;
}
