import type { RetrievalBaseline } from "./baselines/retrieval-baseline.js";
import type { EvalItem } from "./question-schema.js";
import { scoreRetrieval, type RetrievalScore } from "./score.js";

/** Options of {@link evaluateBaseline}. */
export interface EvaluateBaselineOptions {
  /** Passages retrieved per question. */
  k: number;
  onItem?: (done: number, total: number) => void;
}

/**
 * Scores a retrieval-only baseline on the answerable items only: an
 * unanswerable item tests refusal, which a baseline cannot do, and would only
 * dilute its retrieval rates. Each question goes in raw, without its history:
 * a baseline has no notion of a conversation.
 */
export async function evaluateBaseline(items: readonly EvalItem[], baseline: RetrievalBaseline, options: EvaluateBaselineOptions): Promise<RetrievalScore[]> {
  const answerable = items.filter((item) => item.answerable);
  const scores: RetrievalScore[] = [];
  for (const item of answerable) {
    scores.push(scoreRetrieval(item, await baseline.search(item.question, options.k)));
    options.onItem?.(scores.length, answerable.length);
  }
  return scores;
}
