import type { ChatTurn } from "../answer/chat-schemas.js";
import type { Embedder } from "../embedding/embedder.js";
import { IndexNotReadyError } from "../errors/app-errors.js";
import type { IndexHandle } from "../store/index-handle.js";
import type { ClauseStore } from "../store/clause-store.js";
import type { ClauseFilter, IndexedClause } from "../store/indexed-clause.js";
import { fullTextTokens } from "../text/segment-words.js";
import { fuseRankings, type FusionOptions } from "./fuse-rankings.js";
import type { Lexicon } from "./lexicon.js";
import type { RetrievedClause, RetrievalResult, Retriever } from "./retriever.js";
import { understandQuery } from "./understand-query.js";

/** Tuning of the hybrid search; the defaults are what the eval measured best. */
export interface HybridOptions {
  /** How many candidates each search returns before fusion. */
  candidates: number;
  fusion: FusionOptions;
  /** Added to the fused score of a clause whose units include a unit the question names. */
  unitBoost: number;
}

/** How many clauses a search returns when the caller does not say. */
const DEFAULT_LIMIT = 5;
const DUTIES_LIMIT = 10;

export const defaultHybridOptions: HybridOptions = {
  candidates: 40,
  // Measured on eval/questions.jsonl: normalized fusion beat RRF by 0.07 hit@1 and 0.02 hit@5.
  fusion: { method: "normalized", vector: 1, text: 1 },
  unitBoost: 0.1,
};

/**
 * For "what is X responsible for": every clause of the unit, those it leads
 * first, narrative measures before task-table rows (a measure restates its
 * rows), then by how well the question matched them, then document order.
 */
async function rankUnitDuties(store: ClauseStore, units: string[], filter: ClauseFilter, ranked: RetrievedClause[]): Promise<RetrievedClause[]> {
  const named = new Set(units);
  const relevance = new Map(ranked.map((retrieved, index) => [retrieved.clause.id, { retrieved, rank: index }]));
  const leads = (clause: IndexedClause) => clause.leadUnits.some((unit) => named.has(unit));
  const soleLead = (clause: IndexedClause) => clause.leadUnits.length > 0 && clause.leadUnits.every((unit) => named.has(unit));
  const listedFirst = (clause: IndexedClause) => named.has(clause.units[0] ?? "");
  const weight = (clause: IndexedClause) =>
    (leads(clause) ? 2 : 0) + (soleLead(clause) ? 1 : 0) + (clause.kind === "task" ? 0 : 1) + (listedFirst(clause) ? 0.5 : 0);
  return (await store.clausesOfUnits(units, filter))
    .map((clause, order) => ({ clause, order, weight: weight(clause), rank: relevance.get(clause.id)?.rank ?? Number.MAX_SAFE_INTEGER }))
    .sort((left, right) => right.weight - left.weight || left.rank - right.rank || left.order - right.order)
    .map(({ clause }) => relevance.get(clause.id)?.retrieved ?? { clause, score: 0, similarity: 0, textScore: 0 });
}

/** Drops the pieces jieba's search mode adds inside longer words (公积, 积金 of 公积金), keeping each word once. */
function wholeTerms(tokens: string[]): string[] {
  const unique = [...new Set(tokens)];
  return unique.filter((token) => !unique.some((other) => other !== token && other.includes(token)));
}

/** Combines the caller's filter with the documents the question itself names (the caller's wins). */
function effectiveFilter(filter: ClauseFilter | undefined, namedDocIds: string[]): ClauseFilter {
  if (filter?.docIds?.length || filter?.regions?.length) return filter;
  return namedDocIds.length > 0 ? { ...filter, docIds: namedDocIds } : { ...filter };
}

/**
 * Hybrid retrieval: understands the question (places, synonyms, units,
 * follow-ups), runs vector search and BM25 over the jieba tokens with the same
 * filter, fuses their scores (each normalised to its list's best) and boosts
 * clauses of a named unit.
 * A question about a unit's duties returns that unit's clauses first.
 */
export function createHybridRetriever(deps: { index: IndexHandle; embedder: Embedder; lexicon: Lexicon; options?: Partial<HybridOptions> }): Retriever {
  const options = { ...defaultHybridOptions, ...deps.options };
  const { stopwords } = deps.lexicon;
  return {
    async retrieve(question: string, request: { history?: readonly ChatTurn[]; filter?: ClauseFilter; limit?: number } = {}): Promise<RetrievalResult> {
      const started = performance.now();
      const { store, manifest, segmenter } = await deps.index.current();
      if (manifest.embedder !== deps.embedder.name) {
        // Vectors from two models are not comparable: searching would return noise, not an error.
        throw new IndexNotReadyError(
          `the index was built with ${manifest.embedder} but queries are embedded with ${deps.embedder.name}: run \`npm run ingest\` to rebuild it`,
        );
      }
      // Years and bare numbers narrow the documents (2021 → the 2021 plans); they are not what a clause must cover.
      const contentTerms = (text: string) =>
        wholeTerms(segmenter.tokens(text).filter((token) => token.length >= 2 && !stopwords.has(token) && !/^\d+$/.test(token)));
      const understanding = understandQuery(question, request.history ?? [], manifest, deps.lexicon, contentTerms);
      const filter = effectiveFilter(request.filter, understanding.docIds);
      // A unit's duties list more clauses than an answer quotes, unless the caller asked for a number.
      const limit = request.limit ?? (understanding.asksForUnitDuties ? DUTIES_LIMIT : DEFAULT_LIMIT);
      const tokens = fullTextTokens(segmenter, stopwords, understanding.searchQuery);
      // Full-text search does not wait for the query vector: it runs while the model embeds.
      const [vectorRanking, textRanking] = await Promise.all([
        deps.embedder.embedQuery(understanding.searchQuery).then((vector) => store.vectorSearch(vector, options.candidates, filter)),
        store.textSearch(tokens, options.candidates, filter),
      ]);
      let clauses: RetrievedClause[] = fuseRankings(vectorRanking, textRanking, options.fusion);
      if (understanding.units.length > 0) {
        const named = new Set(understanding.units);
        for (const retrieved of clauses) if (retrieved.clause.units.some((unit) => named.has(unit))) retrieved.score += options.unitBoost;
        clauses.sort((left, right) => right.score - left.score);
      }
      if (understanding.asksForUnitDuties) clauses = await rankUnitDuties(store, understanding.units, filter, clauses);
      const [bestText, nextText] = textRanking;
      // With a single full-text match there is no lead to speak of: one stray bigram can do that.
      const textLead = bestText && nextText ? { clauseId: bestText.clause.id, ratio: bestText.score / nextText.score } : null;
      return { understanding, textLead, clauses: clauses.slice(0, limit), ms: performance.now() - started };
    },
  };
}
