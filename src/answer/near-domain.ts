import type { RetrievalResult } from "../retrieval/retriever.js";
import type { Answerability } from "./answerability.js";
import type { AnswerPlan } from "./plan-answer.js";

/** A refused question's best clause must be at least this similar (cosine) to count as related. */
export const NEAR_DOMAIN_SIMILARITY = 0.5;

/**
 * Whether a question the documents do not answer is near their domain: it
 * asks for a kind of fact (a time limit, a rate …) that no cited sentence
 * holds, and its best clause is about the same thing — similar enough, and
 * sharing a stretch of the question's own wording (出口退税, 学费补贴). Such a
 * question gets a gap reply naming the related measures instead of a bare
 * refusal; one about another place, or with nothing to search, never does.
 */
export function isNearDomain(answerability: Extract<Answerability, { answerable: false }>, plan: AnswerPlan, retrieval: RetrievalResult): boolean {
  if (answerability.reason !== "no_match" || !plan.gap || plan.shape === "duties") return false;
  const lead = plan.leads[0];
  if (!lead || lead.retrieved.similarity < NEAR_DOMAIN_SIMILARITY) return false;
  return retrieval.understanding.language === "zh" && plan.gap.topic !== null;
}
