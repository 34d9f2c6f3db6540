import type { RankedClause } from "../store/indexed-clause.js";
import type { RetrievedClause } from "./retriever.js";

/** Reciprocal-rank-fusion constant: larger flattens the advantage of the very top ranks. */
const RRF_K = 60;

/** How the two rankings are combined, and their weights. */
export interface FusionOptions {
  method: "rrf" | "normalized";
  vector: number;
  text: number;
}

function collect(vectorRanking: RankedClause[], textRanking: RankedClause[]): Map<string, RetrievedClause> {
  const merged = new Map<string, RetrievedClause>();
  for (const ranked of vectorRanking) merged.set(ranked.clause.id, { clause: ranked.clause, score: 0, similarity: ranked.score, textScore: 0 });
  for (const ranked of textRanking) {
    const existing = merged.get(ranked.clause.id);
    if (existing) existing.textScore = ranked.score;
    else merged.set(ranked.clause.id, { clause: ranked.clause, score: 0, similarity: 0, textScore: ranked.score });
  }
  return merged;
}

/**
 * Fuses a vector ranking and a full-text ranking. `rrf` is weighted reciprocal
 * rank (what LanceDB's RRFReranker does); `normalized` adds each score divided
 * by the best score of its list, so a clause that BM25 finds far ahead of the
 * rest keeps that lead. Each clause keeps its cosine similarity and BM25 score
 * for the refusal decision.
 */
export function fuseRankings(vectorRanking: RankedClause[], textRanking: RankedClause[], options: FusionOptions): RetrievedClause[] {
  const merged = collect(vectorRanking, textRanking);
  if (options.method === "rrf") {
    const rank = (ranking: RankedClause[]) => new Map(ranking.map((ranked, index) => [ranked.clause.id, index + 1]));
    const vectorRank = rank(vectorRanking);
    const textRank = rank(textRanking);
    for (const [id, retrieved] of merged) {
      const fromVector = vectorRank.get(id);
      const fromText = textRank.get(id);
      retrieved.score = (fromVector ? options.vector / (RRF_K + fromVector) : 0) + (fromText ? options.text / (RRF_K + fromText) : 0);
    }
  } else {
    const bestSimilarity = Math.max(...vectorRanking.map((ranked) => ranked.score), Number.EPSILON);
    const bestText = Math.max(...textRanking.map((ranked) => ranked.score), Number.EPSILON);
    for (const retrieved of merged.values()) {
      retrieved.score = options.vector * (retrieved.similarity / bestSimilarity) + options.text * (retrieved.textScore / bestText);
    }
  }
  return [...merged.values()].sort((left, right) => right.score - left.score);
}
