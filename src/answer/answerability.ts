import { normalizeForSearch } from "../text/normalize.js";

/**
 * Why a question is or is not answered from the documents. The decision is the
 * fitted model of lexicon/answerable-model.json (`answerable-model.ts`, refit by
 * `npm run fit:answerable`).
 */
export type Answerability = { answerable: true } | { answerable: false; reason: "empty_question" | "elsewhere" | "no_match" };

/** Share of the question's content words that occur in the given texts. */
export function termCoverage(terms: readonly string[], texts: readonly string[]): number {
  if (terms.length === 0) return 1;
  const haystack = normalizeForSearch(texts.join("\n"));
  return terms.filter((term) => haystack.includes(term)).length / terms.length;
}
