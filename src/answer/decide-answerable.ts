import type { RetrievalResult } from "../retrieval/retriever.js";
import { normalizeForSearch } from "../text/normalize.js";

/**
 * Where retrieval is too weak to answer. Calibrated on the team's question set
 * (`DATA_DIR=… npx tsx bench/calibrate-refusal.ts` prints the distributions).
 */
export interface AnswerabilityThresholds {
  /** A clause this similar (cosine) to the question answers on its own. */
  similarity: number;
  /** Below this similarity nothing answers. */
  minSimilarity: number;
  /** Between the two, one of the top clauses must contain at least this share of the question's content words. */
  coverage: number;
  /** How many of the top clauses are tried. */
  coverageClauses: number;
  /**
   * Or: the best clause's BM25 score is at least this many times the next one's — the
   * question's words concentrate on one clause (team's set: answerable ≥ 4.5, out of scope ≤ 1.8).
   */
  textDominance: number;
}

export const defaultThresholds: AnswerabilityThresholds = { similarity: 0.62, minSimilarity: 0.42, coverage: 0.45, coverageClauses: 3, textDominance: 3 };

/** Why a question is or is not answered from the documents. */
export type Answerability = { answerable: true } | { answerable: false; reason: "empty_question" | "elsewhere" | "no_match" };

/** Share of the question's content words that occur in the given texts. */
export function termCoverage(terms: readonly string[], texts: readonly string[]): number {
  if (terms.length === 0) return 1;
  const haystack = normalizeForSearch(texts.join("\n"));
  return terms.filter((term) => haystack.includes(term)).length / terms.length;
}

/**
 * Decides whether the retrieved clauses answer the question: not when it names
 * only places outside these documents; yes when a clause is very similar; in
 * between, only when one clause stands out lexically far ahead of the rest, or
 * one clause covers most of what the question says — a
 * question pieced together from several clauses' words is usually about
 * something none of them covers (社保缴费基数 ≠ 社保 + 缴费).
 */
export function decideAnswerable(retrieval: RetrievalResult, thresholds: AnswerabilityThresholds = defaultThresholds): Answerability {
  const { understanding, clauses } = retrieval;
  if (understanding.searchQuery.replace(/[\s\p{P}\p{S}]/gu, "").length === 0) return { answerable: false, reason: "empty_question" };
  if (understanding.elsewhere.length > 0) return { answerable: false, reason: "elsewhere" };
  if (understanding.asksForUnitDuties && clauses.length > 0) return { answerable: true };
  const top = clauses.reduce((best, clause) => Math.max(best, clause.similarity), 0);
  if (top >= thresholds.similarity) return { answerable: true };
  if (top < thresholds.minSimilarity) return { answerable: false, reason: "no_match" };
  // A Chinese question with no content words left (all fillers) has nothing to hold the clauses to.
  // English ones are judged on similarity alone (measured: coverage over glossary terms refused more good questions than bad).
  if (understanding.language === "en") return { answerable: true };
  if (understanding.questionTerms.length === 0) return { answerable: false, reason: "no_match" };
  const leader = retrieval.textLead;
  if (leader && leader.clauseId === clauses[0]?.clause.id && leader.ratio >= thresholds.textDominance) return { answerable: true };
  const best = Math.max(
    0,
    ...clauses.slice(0, thresholds.coverageClauses).map((retrieved) => termCoverage(understanding.questionTerms, [`${retrieved.clause.title ?? ""} ${retrieved.clause.text}`])),
  );
  return best >= thresholds.coverage ? { answerable: true } : { answerable: false, reason: "no_match" };
}
