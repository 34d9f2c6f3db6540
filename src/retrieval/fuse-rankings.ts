import type { RankedClause } from "../store/indexed-clause.js";
import type { RetrievedClause } from "./retriever.js";

/** Reciprocal-rank-fusion constant: larger flattens the advantage of the very top ranks. */
const RRF_K = 60;

/** Weights of the two rankings in the fusion. */
export interface FusionWeights {
  vector: number;
  text: number;
}

/**
 * Fuses a vector ranking and a full-text ranking by weighted reciprocal rank,
 * keeping each clause's cosine similarity and BM25 score for the refusal
 * decision and the answer layer.
 */
export function fuseRankings(vectorRanking: RankedClause[], textRanking: RankedClause[], weights: FusionWeights): RetrievedClause[] {
  const fused = new Map<string, RetrievedClause>();
  vectorRanking.forEach((ranked, rank) => {
    fused.set(ranked.clause.id, { clause: ranked.clause, score: weights.vector / (RRF_K + rank + 1), similarity: ranked.score, textScore: 0 });
  });
  textRanking.forEach((ranked, rank) => {
    const existing = fused.get(ranked.clause.id);
    const contribution = weights.text / (RRF_K + rank + 1);
    if (existing) {
      existing.score += contribution;
      existing.textScore = ranked.score;
    } else fused.set(ranked.clause.id, { clause: ranked.clause, score: contribution, similarity: 0, textScore: ranked.score });
  });
  return [...fused.values()].sort((left, right) => right.score - left.score);
}
