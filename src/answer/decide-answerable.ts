import type { RetrievalResult } from "../retrieval/retriever.js";

/**
 * Where retrieval is too weak to answer. Calibrated on the team's question set
 * (`npx tsx bench/calibrate-refusal.ts` prints the distributions): the best
 * clause's cosine similarity to the question, alone or with a full-text match.
 */
export interface AnswerabilityThresholds {
  /** A clause this similar answers on its own. */
  similarity: number;
  /** A weaker similarity still answers when BM25 also found the clause at least this strongly. */
  similarityWithText: number;
  textScore: number;
}

export const defaultThresholds: AnswerabilityThresholds = { similarity: 0.62, similarityWithText: 0.5, textScore: 6 };

/** Why a question is or is not answered from the documents. */
export type Answerability = { answerable: true } | { answerable: false; reason: "empty_question" | "no_match" };

/** Decides whether the retrieved clauses answer the question. */
export function decideAnswerable(retrieval: RetrievalResult, thresholds: AnswerabilityThresholds = defaultThresholds): Answerability {
  if (retrieval.understanding.searchQuery.replace(/[\s\p{P}]/gu, "").length === 0) return { answerable: false, reason: "empty_question" };
  if (retrieval.understanding.asksForUnitDuties && retrieval.clauses.length > 0) return { answerable: true };
  const top = retrieval.clauses.reduce((best, clause) => Math.max(best, clause.similarity), 0);
  const strongText = retrieval.clauses.some((clause) => clause.textScore >= thresholds.textScore && clause.similarity >= thresholds.similarityWithText);
  return top >= thresholds.similarity || strongText ? { answerable: true } : { answerable: false, reason: "no_match" };
}
