import type { RankedClause } from "../store/indexed-clause.js";
import type { CandidateLists, RetrievedClause } from "./retriever.js";

/** Reciprocal-rank-fusion constant: larger flattens the advantage of the very top ranks. */
const RRF_K = 60;

/** How the rankings are combined, and the weight of each. */
export interface FusionOptions {
  method: "rrf" | "normalized";
  vector: number;
  text: number;
  /** The clause's best sentence (sentence-level vectors). */
  sentence: number;
}

/** One entry per clause any search found, with each search's own score (0 where it did not find it). */
function collect(lists: CandidateLists): Map<string, RetrievedClause> {
  const merged = new Map<string, RetrievedClause>();
  const entry = (ranked: RankedClause) => {
    let found = merged.get(ranked.clause.id);
    if (!found) merged.set(ranked.clause.id, (found = { clause: ranked.clause, score: 0, similarity: 0, textScore: 0, sentenceSimilarity: 0, sentence: null }));
    return found;
  };
  for (const ranked of lists.vector) entry(ranked).similarity = ranked.score;
  for (const ranked of lists.text) entry(ranked).textScore = ranked.score;
  for (const ranked of lists.sentence) Object.assign(entry(ranked), { sentenceSimilarity: ranked.score, sentence: ranked.sentence });
  return merged;
}

/**
 * The fusion stage: combines the vector, full-text and sentence rankings.
 * `rrf` is weighted reciprocal rank (what LanceDB's RRFReranker does);
 * `normalized` adds each score divided by the best score of its list, so a
 * clause that BM25 finds far ahead of the rest keeps that lead. Each clause
 * keeps its cosine similarity, BM25 score and best sentence for the refusal
 * decision and the answer.
 */
export function fuseRankings(lists: CandidateLists, options: FusionOptions): RetrievedClause[] {
  const merged = collect(lists);
  const weighted: [RankedClause[], number][] = [
    [lists.vector, options.vector],
    [lists.text, options.text],
    [lists.sentence, options.sentence],
  ];
  for (const [ranking, weight] of weighted) {
    if (ranking.length === 0 || weight === 0) continue;
    const best = Math.max(...ranking.map((ranked) => ranked.score), Number.EPSILON);
    ranking.forEach((ranked, index) => {
      merged.get(ranked.clause.id)!.score += options.method === "rrf" ? weight / (RRF_K + index + 1) : weight * (ranked.score / best);
    });
  }
  return [...merged.values()].sort((left, right) => right.score - left.score);
}
