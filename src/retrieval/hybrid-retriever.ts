import type { ChatTurn } from "../answer/chat-schemas.js";
import type { Embedder } from "../embedding/embedder.js";
import type { IndexHandle } from "../store/index-handle.js";
import type { ClauseFilter } from "../store/indexed-clause.js";
import { readTermList } from "../text/segment-words.js";
import { fuseRankings, type FusionWeights } from "./fuse-rankings.js";
import { lexiconDir, type Lexicon } from "./lexicon.js";
import type { RetrievedClause, RetrievalResult, Retriever } from "./retriever.js";
import { understandQuery } from "./understand-query.js";
import path from "node:path";

/** Tuning of the hybrid search; the defaults are what the eval measured best. */
export interface HybridOptions {
  /** How many candidates each search returns before fusion. */
  candidates: number;
  weights: FusionWeights;
  /** Added to the fused score of a clause whose units include a unit the question names. */
  unitBoost: number;
}

export const defaultHybridOptions: HybridOptions = { candidates: 40, weights: { vector: 1, text: 1 }, unitBoost: 0.02 };

/** Combines the caller's filter with the documents the question itself names (the caller's wins). */
function effectiveFilter(filter: ClauseFilter | undefined, namedDocIds: string[]): ClauseFilter {
  if (filter?.docIds?.length || filter?.regions?.length) return filter;
  return namedDocIds.length > 0 ? { ...filter, docIds: namedDocIds } : { ...filter };
}

/**
 * Hybrid retrieval: understands the question (places, synonyms, units,
 * follow-ups), runs vector search and BM25 over the jieba tokens with the same
 * filter, fuses them by reciprocal rank and boosts clauses of a named unit.
 * A question about a unit's duties returns that unit's clauses first.
 */
export function createHybridRetriever(deps: { index: IndexHandle; embedder: Embedder; lexicon: Lexicon; options?: Partial<HybridOptions> }): Retriever {
  const options = { ...defaultHybridOptions, ...deps.options };
  const stopwords = new Set(readTermList(path.join(lexiconDir, "stopwords.txt")));
  return {
    async retrieve(question: string, request: { history?: readonly ChatTurn[]; filter?: ClauseFilter; limit?: number } = {}): Promise<RetrievalResult> {
      const started = performance.now();
      const { store, manifest, segmenter } = await deps.index.current();
      const contentTerms = (text: string) => [...new Set(segmenter.tokens(text).filter((token) => token.length >= 2 && !stopwords.has(token)))];
      const understanding = understandQuery(question, request.history ?? [], manifest, deps.lexicon, contentTerms);
      const filter = effectiveFilter(request.filter, understanding.docIds);
      const limit = request.limit ?? 5;
      const tokens = segmenter.tokens(understanding.searchQuery).filter((token) => !stopwords.has(token));
      const [vector] = await Promise.all([deps.embedder.embedQuery(understanding.searchQuery)]);
      const [vectorRanking, textRanking] = await Promise.all([
        store.vectorSearch(vector!, options.candidates, filter),
        store.textSearch(tokens, options.candidates, filter),
      ]);
      let clauses: RetrievedClause[] = fuseRankings(vectorRanking, textRanking, options.weights);
      if (understanding.units.length > 0) {
        const named = new Set(understanding.units);
        for (const retrieved of clauses) if (retrieved.clause.units.some((unit) => named.has(unit))) retrieved.score += options.unitBoost;
        clauses.sort((left, right) => right.score - left.score);
      }
      if (understanding.asksForUnitDuties) {
        const ofUnit = await store.clausesOfUnits(understanding.units, filter);
        const ranked = new Set(clauses.map((retrieved) => retrieved.clause.id));
        const unranked = ofUnit.filter((clause) => !ranked.has(clause.id)).map((clause) => ({ clause, score: 0, similarity: 0, textScore: 0 }));
        const ofUnitIds = new Set(ofUnit.map((clause) => clause.id));
        clauses = [...clauses.filter((retrieved) => ofUnitIds.has(retrieved.clause.id)), ...unranked];
      }
      return { understanding, clauses: clauses.slice(0, understanding.asksForUnitDuties ? Math.max(limit, 10) : limit), ms: performance.now() - started };
    },
  };
}
